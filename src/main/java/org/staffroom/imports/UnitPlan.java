package org.staffroom.imports;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.UnitType;
import org.staffroom.organisations.Unit;
import org.staffroom.system.security.Acting;
import org.staffroom.system.security.SecretTokens;

/**
 * The roster's plan for units: which schools, year groups and classes its orgs and
 * classes create, rename, move or archive, each decided as if the importing person
 * changed it by hand. A function of what the package says, the organisation's units and
 * its snapshot; problems are reported to {@code problems}, and what is planned is kept in
 * its {@link PlannedUnits}.
 */
final class UnitPlan {

	private final AccessSnapshot snapshot;

	private final ImportProblems problems;

	// Files that could not be read to their end: references into them are not reported
	// again.
	private final Set<String> unread;

	private final String org;

	private final PlannedUnits units;

	// Year groups by school and name, from the first class on.
	private Map<String, Unit> yearsByKey;

	private int schoolsCreated;

	private int schoolsUpdated;

	private int yearsCreated;

	private int classesCreated;

	private int classesUpdated;

	private int unitsArchived;

	UnitPlan(List<Unit> existing, AccessSnapshot snapshot, Acting actor, ImportProblems problems, Set<String> unread) {
		this.snapshot = snapshot;
		this.problems = problems;
		this.unread = unread;
		this.org = snapshot.organisationId();
		this.units = new PlannedUnits(existing, snapshot, actor);
	}

	/** The units as planned so far. */
	PlannedUnits units() {
		return this.units;
	}

	/**
	 * Plans the schools of orgs.csv (and the organisation's own sourcedId), after
	 * checking the org tree.
	 */
	void orgs(Map<String, RosterOrg> orgs) {
		this.units.orgs(orgs);
		Map<String, Integer> cycleRow = RosterOrg.checkTree(orgs, (id) -> this.units.bySourceId(id) != null,
				this.problems);
		Unit root = this.units.byId(this.snapshot.rootUnitId());
		Map<String, Unit> schoolsByName = new HashMap<>();
		for (Unit u : this.units.all()) {
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
					this.units.change(new Unit(root.id(), this.org, null, root.type(), root.name(), o.id(), false));
				}
				continue;
			}
			Unit existing = this.units.bySourceId(o.id());
			if (existing == null && o.name() != null) {
				existing = schoolsByName.remove(key(o.name()));
			}
			school(o, existing, root);
		}
	}

	private void school(RosterOrg o, Unit existing, Unit root) {
		if (o.deleted()) {
			if (existing != null && !existing.archived()) {
				if (!this.units.mayManage(existing.id())) {
					this.problems.add(new ImportProblem("orgs.csv", o.row(), "sourcedId", "out_of_scope",
							"You do not manage accounts at " + existing.name() + ", so you cannot archive it"));
					return;
				}
				this.units.change(new Unit(existing.id(), this.org, existing.parentId(), UnitType.SCHOOL,
						existing.name(), o.id(), true));
				this.unitsArchived++;
			}
			return;
		}
		if (o.name() == null) {
			return;
		}
		if (existing == null) {
			if (!this.units.mayManage(root.id())) {
				this.problems.add(new ImportProblem("orgs.csv", o.row(), "sourcedId", "out_of_scope",
						"Only someone who manages accounts for the whole organisation can add the school " + o.name()));
				return;
			}
			Unit created = new Unit(SecretTokens.newId(), this.org, root.id(), UnitType.SCHOOL, o.name(), o.id(),
					false);
			this.units.add(created);
			this.units.school(o.id(), created.id());
			this.schoolsCreated++;
			return;
		}
		this.units.school(o.id(), existing.id());
		if (!o.name().equals(existing.name()) || existing.archived() || !o.id().equals(existing.sourceId())) {
			if (!this.units.mayManage(existing.id())) {
				this.problems.add(new ImportProblem("orgs.csv", o.row(), "name", "out_of_scope",
						"You do not manage accounts at " + existing.name() + ", so you cannot change it"));
				return;
			}
			this.units.change(
					new Unit(existing.id(), this.org, existing.parentId(), UnitType.SCHOOL, o.name(), o.id(), false));
			this.schoolsUpdated++;
		}
	}

	/**
	 * Plans a class of classes.csv: its school, its year group (from its one grade, or
	 * its course's {@code courseGrades}), and whether it is created, changed or archived.
	 */
	void clazz(RosterClass c, List<String> courseGrades) {
		if (this.yearsByKey == null) {
			this.yearsByKey = new HashMap<>();
			for (Unit u : this.units.all()) {
				if (u.type() == UnitType.YEAR) {
					this.yearsByKey.putIfAbsent(u.parentId() + "\n" + key(u.name()), u);
				}
			}
		}
		String school = (c.schoolOrg() == null) ? null : this.units.schoolUnit(c.schoolOrg());
		if (school == null) {
			if (c.schoolOrg() != null && this.units.knownOrg(c.schoolOrg())) {
				this.problems.add(c.problem("schoolSourcedId", "not_a_school",
						"schoolSourcedId " + c.schoolOrg() + " is an org but no school"));
			}
			else if (!this.unread.contains("orgs.csv")) {
				this.problems.add(c.problem("schoolSourcedId", "unknown_reference",
						"schoolSourcedId " + c.schoolOrg() + " is no school of this package or of this organisation"));
			}
			return;
		}
		Unit existing = this.units.bySourceId(c.id());
		if (c.deleted()) {
			if (existing != null && existing.type() == UnitType.CLASS && !existing.archived()) {
				if (!this.units.mayManage(existing.id())) {
					refuse(c, "sourcedId", existing.name());
					return;
				}
				this.units.change(new Unit(existing.id(), this.org, existing.parentId(), UnitType.CLASS,
						existing.name(), c.id(), true));
				this.unitsArchived++;
			}
			return;
		}
		if (c.title() == null) {
			return;
		}
		// The class's year group: its one grade (or its course's); several grades, or
		// none, and the class sits directly in its school.
		List<String> grades = (c.grades().isEmpty() && c.course() != null) ? courseGrades : c.grades();
		String parent = school;
		Set<String> distinct = new TreeSet<>(grades);
		if (distinct.size() == 1) {
			String yearName = ImportingRoster.yearName(distinct.iterator().next());
			String yearKey = school + "\n" + yearName.toLowerCase(Locale.ROOT);
			Unit year = this.yearsByKey.get(yearKey);
			if (year == null) {
				if (!this.units.mayManage(school)) {
					refuse(c, "grades", this.units.byId(school).name());
					return;
				}
				year = new Unit(SecretTokens.newId(), this.org, school, UnitType.YEAR, yearName, null, false);
				this.units.add(year);
				this.yearsByKey.put(yearKey, year);
				this.yearsCreated++;
			}
			parent = year.id();
		}
		if (existing == null || existing.type() != UnitType.CLASS) {
			if (!this.units.mayManage(parent)) {
				refuse(c, "schoolSourcedId", this.units.byId(school).name());
				return;
			}
			existing = new Unit(SecretTokens.newId(), this.org, parent, UnitType.CLASS, c.title(), c.id(), false);
			this.units.add(existing);
			this.classesCreated++;
		}
		else if (!existing.name().equals(c.title()) || !parent.equals(existing.parentId()) || existing.archived()) {
			if (!this.units.mayManage(existing.id()) || !this.units.mayManage(parent)) {
				refuse(c, "sourcedId", existing.name());
				return;
			}
			existing = new Unit(existing.id(), this.org, parent, UnitType.CLASS, c.title(), c.id(), false);
			this.units.change(existing);
			this.classesUpdated++;
		}
		this.units.clazz(c.id(), new PlannedUnits.ClassUnit(existing.id(), school, c.homeroom()));
	}

	private void refuse(RosterClass c, String column, String unitName) {
		this.problems.add(c.problem(column, "out_of_scope",
				"You do not manage accounts at " + unitName + ", so you could not make this change by hand"));
	}

	ImportCounts.Units counts() {
		return new ImportCounts.Units(this.schoolsCreated, this.schoolsUpdated, this.yearsCreated, this.classesCreated,
				this.classesUpdated, this.unitsArchived);
	}

	private static String key(String name) {
		return name.strip().toLowerCase(Locale.ROOT);
	}

}
