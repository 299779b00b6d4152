package org.staffroom.imports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Permission;
import org.staffroom.access.UnitType;
import org.staffroom.organisations.Unit;
import org.staffroom.system.security.Acting;
import org.staffroom.system.security.SecretTokens;

/**
 * The roster's plan for units: which schools, year groups and classes its orgs and classes create,
 * rename, move or archive, each decided as if the importing person changed it by hand. A function of
 * what the package says, the organisation's units and its snapshot; problems are reported to
 * {@code problems}. Once planned, it answers which unit an org or a class stands for.
 */
final class UnitPlan {

	/** A class as the import sees it: its unit, its school's unit, whether it is a homeroom. */
	record ClassUnit(String unitId, String schoolUnitId, boolean homeroom) {
	}

	private final AccessSnapshot snapshot;

	private final Acting actor;

	private final ImportProblems problems;

	// Files that could not be read to their end: references into them are not reported again.
	private final Set<String> unread;

	private final String org;

	// Units: existing ones by sourcedId, and what the package creates or changes.
	private final Map<String, Unit> unitsBySource = new HashMap<>();

	private final Map<String, Unit> unitsById = new HashMap<>();

	private final List<Unit> newUnits = new ArrayList<>();

	private final Map<String, Unit> changedUnits = new LinkedHashMap<>();

	// Year groups by school and name, from the first class on.
	private Map<String, Unit> yearsByKey;

	private Map<String, RosterOrg> orgs = Map.of();

	private final Map<String, String> orgUnit = new HashMap<>();

	private final Map<String, ClassUnit> classes = new HashMap<>();

	private int schoolsCreated;

	private int schoolsUpdated;

	private int yearsCreated;

	private int classesCreated;

	private int classesUpdated;

	private int unitsArchived;

	UnitPlan(List<Unit> existing, AccessSnapshot snapshot, Acting actor, ImportProblems problems, Set<String> unread) {
		this.snapshot = snapshot;
		this.actor = actor;
		this.problems = problems;
		this.unread = unread;
		this.org = snapshot.organisationId();
		for (Unit u : existing) {
			this.unitsById.put(u.id(), u);
			if (u.sourceId() != null) {
				this.unitsBySource.put(u.sourceId(), u);
			}
		}
	}

	/** Plans the schools of orgs.csv (and the organisation's own sourcedId), after checking the org tree. */
	void orgs(Map<String, RosterOrg> orgs) {
		this.orgs = orgs;
		Map<String, Integer> cycleRow = RosterOrg.checkTree(orgs, this.unitsBySource::containsKey, this.problems);
		Unit root = this.unitsById.get(this.snapshot.rootUnitId());
		Map<String, Unit> schoolsByName = new HashMap<>();
		for (Unit u : this.unitsById.values()) {
			if (u.type() == UnitType.SCHOOL && u.sourceId() == null) {
				schoolsByName.putIfAbsent(key(u.name()), u);
			}
		}
		for (RosterOrg o : orgs.values()) {
			if (cycleRow.containsKey(o.id()) || o.type() == null) {
				continue;
			}
			if (!o.type().equals("school")) {
				if (o.parent() == null && root.sourceId() == null && !o.deleted()) {
					// The top of the package's tree is the organisation itself.
					change(new Unit(root.id(), this.org, null, root.type(), root.name(), o.id(), false));
				}
				continue;
			}
			Unit existing = this.unitsBySource.get(o.id());
			if (existing == null && o.name() != null) {
				existing = schoolsByName.remove(key(o.name()));
			}
			school(o, existing, root);
		}
	}

	private void school(RosterOrg o, Unit existing, Unit root) {
		if (o.deleted()) {
			if (existing != null && !existing.archived()) {
				if (!mayManage(existing.id())) {
					this.problems.add(new ImportProblem("orgs.csv", o.row(), "sourcedId", "out_of_scope",
							"You do not manage accounts at " + existing.name() + ", so you cannot archive it"));
					return;
				}
				change(new Unit(existing.id(), this.org, existing.parentId(), UnitType.SCHOOL, existing.name(), o.id(),
						true));
				this.unitsArchived++;
			}
			return;
		}
		if (o.name() == null) {
			return;
		}
		if (existing == null) {
			if (!mayManage(root.id())) {
				this.problems.add(new ImportProblem("orgs.csv", o.row(), "sourcedId", "out_of_scope",
						"Only someone who manages accounts for the whole organisation can add the school " + o.name()));
				return;
			}
			Unit created = new Unit(SecretTokens.newId(), this.org, root.id(), UnitType.SCHOOL, o.name(), o.id(), false);
			add(created);
			this.orgUnit.put(o.id(), created.id());
			this.schoolsCreated++;
			return;
		}
		this.orgUnit.put(o.id(), existing.id());
		if (!o.name().equals(existing.name()) || existing.archived() || !o.id().equals(existing.sourceId())) {
			if (!mayManage(existing.id())) {
				this.problems.add(new ImportProblem("orgs.csv", o.row(), "name", "out_of_scope",
						"You do not manage accounts at " + existing.name() + ", so you cannot change it"));
				return;
			}
			change(new Unit(existing.id(), this.org, existing.parentId(), UnitType.SCHOOL, o.name(), o.id(), false));
			this.schoolsUpdated++;
		}
	}

	/**
	 * Plans a class of classes.csv: its school, its year group (from its one grade, or its course's
	 * {@code courseGrades}), and whether it is created, changed or archived.
	 */
	void clazz(RosterClass c, List<String> courseGrades) {
		if (this.yearsByKey == null) {
			this.yearsByKey = new HashMap<>();
			for (Unit u : this.unitsById.values()) {
				if (u.type() == UnitType.YEAR) {
					this.yearsByKey.putIfAbsent(u.parentId() + "\n" + key(u.name()), u);
				}
			}
		}
		String school = (c.schoolOrg() == null) ? null : schoolUnit(c.schoolOrg());
		if (school == null) {
			if (c.schoolOrg() != null && knownOrg(c.schoolOrg())) {
				this.problems.add(c.problem("schoolSourcedId", "not_a_school",
						"schoolSourcedId " + c.schoolOrg() + " is an org but no school"));
			}
			else if (!this.unread.contains("orgs.csv")) {
				this.problems.add(c.problem("schoolSourcedId", "unknown_reference",
						"schoolSourcedId " + c.schoolOrg() + " is no school of this package or of this organisation"));
			}
			return;
		}
		Unit existing = this.unitsBySource.get(c.id());
		if (c.deleted()) {
			if (existing != null && existing.type() == UnitType.CLASS && !existing.archived()) {
				if (!mayManage(existing.id())) {
					refuse(c, "sourcedId", existing.name());
					return;
				}
				change(new Unit(existing.id(), this.org, existing.parentId(), UnitType.CLASS, existing.name(), c.id(),
						true));
				this.unitsArchived++;
			}
			return;
		}
		if (c.title() == null) {
			return;
		}
		// The class's year group: its one grade (or its course's); several grades, or none, and
		// the class sits directly in its school.
		List<String> grades = (c.grades().isEmpty() && c.course() != null) ? courseGrades : c.grades();
		String parent = school;
		Set<String> distinct = new TreeSet<>(grades);
		if (distinct.size() == 1) {
			String yearName = ImportingRoster.yearName(distinct.iterator().next());
			String yearKey = school + "\n" + yearName.toLowerCase(Locale.ROOT);
			Unit year = this.yearsByKey.get(yearKey);
			if (year == null) {
				if (!mayManage(school)) {
					refuse(c, "grades", this.unitsById.get(school).name());
					return;
				}
				year = new Unit(SecretTokens.newId(), this.org, school, UnitType.YEAR, yearName, null, false);
				add(year);
				this.yearsByKey.put(yearKey, year);
				this.yearsCreated++;
			}
			parent = year.id();
		}
		if (existing == null || existing.type() != UnitType.CLASS) {
			if (!mayManage(parent)) {
				refuse(c, "schoolSourcedId", this.unitsById.get(school).name());
				return;
			}
			existing = new Unit(SecretTokens.newId(), this.org, parent, UnitType.CLASS, c.title(), c.id(), false);
			add(existing);
			this.classesCreated++;
		}
		else if (!existing.name().equals(c.title()) || !parent.equals(existing.parentId()) || existing.archived()) {
			if (!mayManage(existing.id()) || !mayManage(parent)) {
				refuse(c, "sourcedId", existing.name());
				return;
			}
			existing = new Unit(existing.id(), this.org, parent, UnitType.CLASS, c.title(), c.id(), false);
			change(existing);
			this.classesUpdated++;
		}
		this.classes.put(c.id(), new ClassUnit(existing.id(), school, c.homeroom()));
	}

	private void refuse(RosterClass c, String column, String unitName) {
		this.problems.add(c.problem(column, "out_of_scope",
				"You do not manage accounts at " + unitName + ", so you could not make this change by hand"));
	}

	private void add(Unit unit) {
		this.newUnits.add(unit);
		this.unitsById.put(unit.id(), unit);
		if (unit.sourceId() != null) {
			this.unitsBySource.put(unit.sourceId(), unit);
		}
	}

	private void change(Unit unit) {
		this.changedUnits.put(unit.id(), unit);
		this.unitsById.put(unit.id(), unit);
		if (unit.sourceId() != null) {
			this.unitsBySource.put(unit.sourceId(), unit);
		}
	}

	// ---- what is planned ----

	/** The units to create, in the order planned. */
	List<Unit> newUnits() {
		return this.newUnits;
	}

	/** The existing units to change (renamed, moved, archived or given a sourcedId). */
	List<Unit> changedUnits() {
		List<Unit> changed = new ArrayList<>(this.changedUnits.values());
		changed.removeIf((u) -> this.newUnits.stream().anyMatch((n) -> n.id().equals(u.id())));
		return changed;
	}

	/** The snapshot with the planned units added. */
	AccessSnapshot planned() {
		return this.snapshot.withUnits(this.newUnits.stream()
			.map((u) -> new AccessSnapshot.NewUnit(u.id(), u.parentId(), u.type(), u.name()))
			.toList());
	}

	ImportCounts.Units counts() {
		return new ImportCounts.Units(this.schoolsCreated, this.schoolsUpdated, this.yearsCreated, this.classesCreated,
				this.classesUpdated, this.unitsArchived);
	}

	/** Whether an org of the package, or one imported before, has this sourcedId. */
	boolean knownOrg(String orgId) {
		return this.orgs.containsKey(orgId) || this.unitsBySource.containsKey(orgId);
	}

	/** The school unit an org sourcedId stands for: a school of this package, or one imported before. */
	String schoolUnit(String orgId) {
		String unit = this.orgUnit.get(orgId);
		if (unit != null) {
			return unit;
		}
		Unit known = this.unitsBySource.get(orgId);
		return (known != null && known.type() == UnitType.SCHOOL) ? known.id() : null;
	}

	/** The unit an org stands for: its school, or the organisation itself for a district (and above). */
	String orgUnitOf(String orgId) {
		String school = schoolUnit(orgId);
		if (school != null) {
			return school;
		}
		// A department belongs to the school above it; a district (and above) is the organisation.
		Set<String> walk = new HashSet<>();
		for (RosterOrg o = this.orgs.get(orgId); o != null && o.parent() != null
				&& walk.add(o.id()); o = this.orgs.get(o.parent())) {
			String above = schoolUnit(o.parent());
			if (above != null) {
				return above;
			}
		}
		Unit known = this.unitsBySource.get(orgId);
		if (this.orgs.containsKey(orgId) || (known != null && known.type() == UnitType.ORGANISATION)) {
			return this.snapshot.rootUnitId();
		}
		return null;
	}

	/** The class of this package with this sourcedId, or one imported before, or null. */
	ClassUnit classOf(String classId) {
		ClassUnit c = this.classes.get(classId);
		if (c == null) {
			Unit known = this.unitsBySource.get(classId);
			if (known != null && known.type() == UnitType.CLASS) {
				c = new ClassUnit(known.id(), this.snapshot.schoolOf(known.id()).orElse(null), false);
			}
		}
		return c;
	}

	/** Whether a class of this package with this sourcedId is planned. */
	boolean hasClass(String classId) {
		return this.classes.containsKey(classId);
	}

	/** The class unit a class sourcedId stands for: one of this package, or one imported before. */
	String classUnit(String classSource) {
		if (classSource == null) {
			return null;
		}
		ClassUnit c = this.classes.get(classSource);
		if (c != null) {
			return c.unitId();
		}
		Unit known = this.unitsBySource.get(classSource);
		return (known != null && known.type() == UnitType.CLASS) ? known.id() : null;
	}

	/**
	 * Whether the importer may change things at this unit by hand: accounts.manage at a scope
	 * containing it (the nearest unit that exists now, for one the import creates).
	 */
	boolean mayManage(String unitId) {
		if (this.actor.operator()) {
			return true;
		}
		String at = unitId;
		while (at != null && !this.snapshot.hasUnit(at)) {
			Unit u = this.unitsById.get(at);
			at = (u == null) ? null : u.parentId();
		}
		if (at == null) {
			at = this.snapshot.rootUnitId();
		}
		return AccessPolicy.decide(new AccessRequest.HoldsPermission(this.actor.accountId(), Permission.ACCOUNTS_MANAGE,
				at), this.snapshot).allowed();
	}

	private static String key(String name) {
		return name.strip().toLowerCase(Locale.ROOT);
	}

}
