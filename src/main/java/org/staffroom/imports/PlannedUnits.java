package org.staffroom.imports;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Permission;
import org.staffroom.access.UnitType;
import org.staffroom.organisations.Unit;
import org.staffroom.system.security.Acting;

/**
 * The organisation's units as a roster plans them: those there now, and those its
 * {@link UnitPlan} creates or changes. Answers which unit an org or a class of the
 * package stands for, and whether the importing person may change things at a unit by
 * hand.
 */
final class PlannedUnits {

	/**
	 * A class as the import sees it: its unit, its school's unit, whether it is a
	 * homeroom.
	 */
	record ClassUnit(String unitId, String schoolUnitId, boolean homeroom) {
	}

	private final AccessSnapshot snapshot;

	private final Acting actor;

	// Units: existing ones by sourcedId, and what the package creates or changes.
	private final Map<String, Unit> unitsBySource = new HashMap<>();

	private final Map<String, Unit> unitsById = new HashMap<>();

	private final List<Unit> newUnits = new ArrayList<>();

	private final Map<String, Unit> changedUnits = new LinkedHashMap<>();

	private Map<String, RosterOrg> orgs = Map.of();

	private final Map<String, String> orgUnit = new HashMap<>();

	private final Map<String, ClassUnit> classes = new HashMap<>();

	PlannedUnits(List<Unit> existing, AccessSnapshot snapshot, Acting actor) {
		this.snapshot = snapshot;
		this.actor = actor;
		for (Unit u : existing) {
			this.unitsById.put(u.id(), u);
			if (u.sourceId() != null) {
				this.unitsBySource.put(u.sourceId(), u);
			}
		}
	}

	// ---- what the plan records ----

	void orgs(Map<String, RosterOrg> orgs) {
		this.orgs = orgs;
	}

	void school(String orgId, String unitId) {
		this.orgUnit.put(orgId, unitId);
	}

	void clazz(String classId, ClassUnit unit) {
		this.classes.put(classId, unit);
	}

	void add(Unit unit) {
		this.newUnits.add(unit);
		this.unitsById.put(unit.id(), unit);
		if (unit.sourceId() != null) {
			this.unitsBySource.put(unit.sourceId(), unit);
		}
	}

	void change(Unit unit) {
		this.changedUnits.put(unit.id(), unit);
		this.unitsById.put(unit.id(), unit);
		if (unit.sourceId() != null) {
			this.unitsBySource.put(unit.sourceId(), unit);
		}
	}

	// ---- what is planned ----

	/** Every unit, as planned so far. */
	Collection<Unit> all() {
		return this.unitsById.values();
	}

	Unit byId(String unitId) {
		return this.unitsById.get(unitId);
	}

	Unit bySourceId(String sourceId) {
		return this.unitsBySource.get(sourceId);
	}

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
	AccessSnapshot plannedSnapshot() {
		return this.snapshot.withUnits(this.newUnits.stream()
			.map((u) -> new AccessSnapshot.NewUnit(u.id(), u.parentId(), u.type(), u.name()))
			.toList());
	}

	/** Whether an org of the package, or one imported before, has this sourcedId. */
	boolean knownOrg(String orgId) {
		return this.orgs.containsKey(orgId) || this.unitsBySource.containsKey(orgId);
	}

	/**
	 * The school unit an org sourcedId stands for: a school of this package, or one
	 * imported before.
	 */
	String schoolUnit(String orgId) {
		String unit = this.orgUnit.get(orgId);
		if (unit != null) {
			return unit;
		}
		Unit known = this.unitsBySource.get(orgId);
		return (known != null && known.type() == UnitType.SCHOOL) ? known.id() : null;
	}

	/**
	 * The school a pupil of this org belongs to when they have no class: the org's school
	 * (a department's is the school above it); null for a district (and above) or an
	 * unknown org.
	 */
	String pupilSchool(String orgId) {
		String unit = (orgId == null) ? null : orgUnitOf(orgId);
		return (unit == null || unit.equals(this.snapshot.rootUnitId())) ? null : unit;
	}

	/**
	 * The unit an org stands for: its school, or the organisation itself for a district
	 * (and above).
	 */
	String orgUnitOf(String orgId) {
		String school = schoolUnit(orgId);
		if (school != null) {
			return school;
		}
		// A department belongs to the school above it; a district (and above) is the
		// organisation.
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

	/**
	 * The class unit a class sourcedId stands for: one of this package, or one imported
	 * before.
	 */
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
	 * Whether the importer may change things at this unit by hand: accounts.manage at a
	 * scope containing it (the nearest unit that exists now, for one the import creates).
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
		return AccessPolicy
			.decide(new AccessRequest.HoldsPermission(this.actor.accountId(), Permission.ACCOUNTS_MANAGE, at),
					this.snapshot)
			.allowed();
	}

}
