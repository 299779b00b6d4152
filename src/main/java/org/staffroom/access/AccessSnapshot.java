package org.staffroom.access;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable picture of one organisation at one version: its unit tree, role catalogue,
 * members and their assignments, indexed for the questions the engine asks. "Unit U is
 * within scope S" is two integer comparisons on an Euler tour of the tree; a member's
 * effective grants are a short array of (scope, permission mask) pairs, so a permission
 * check reads no map but two lookups.
 *
 * <p>
 * This class is the one door to those indexes: it answers other modules by id and the
 * engine by dense index, and leaves the work to its parts: {@link UnitTree} (units and
 * ancestry), {@link Members} (members by id, email and assignment; patching) and
 * {@link Member} (one member's assignments and effective grants). Build one with
 * {@link #builder}. The version lets every node tell that its copy is stale.
 */
public final class AccessSnapshot {

	private final String organisationId;

	private final long version;

	private final RoleCatalogue catalogue;

	private final UnitTree units;

	private final Members members;

	/** A member's new rows, for {@link #withMembers}. */
	public record MemberUpdate(String id, MemberStatus status, boolean mainAccountHolder, String emailKey,
			List<Assignment> assignments) {
	}

	/** A unit that a plan would add, for {@link #withUnits}. */
	public record NewUnit(String id, String parentId, UnitType type, String name) {
	}

	private AccessSnapshot(String organisationId, long version, RoleCatalogue catalogue, UnitTree units,
			Members members) {
		this.organisationId = organisationId;
		this.version = version;
		this.catalogue = catalogue;
		this.units = units;
		this.members = members;
	}

	public static Builder builder(String organisationId, long version, RoleCatalogue catalogue) {
		return new Builder(organisationId, version, catalogue);
	}

	/**
	 * A new snapshot at {@code version} with some members replaced or removed and
	 * everything else shared with this one: the unit tree and catalogue must be
	 * unchanged. Costs a copy of the member maps plus the changed members, never a reload
	 * of the organisation.
	 */
	public AccessSnapshot withMembers(long version, List<MemberUpdate> updates, Collection<String> removed) {
		return new AccessSnapshot(this.organisationId, version, this.catalogue, this.units,
				this.members.patched(updates, removed, this.units, this.catalogue));
	}

	/**
	 * This organisation as it would be with more units (a roster import decides roles at
	 * the classes it is about to create): the same version, members and assignments,
	 * rebuilt.
	 * @throws IllegalArgumentException when a new unit's parent is unknown
	 */
	public AccessSnapshot withUnits(List<NewUnit> added) {
		if (added.isEmpty()) {
			return this;
		}
		Builder b = builder(this.organisationId, this.version, this.catalogue);
		for (int i = 0; i < this.units.count(); i++) {
			int p = this.units.parentIndex(i);
			b.unit(this.units.unitId(i), p < 0 ? null : this.units.unitId(p), this.units.type(i), this.units.name(i));
		}
		for (NewUnit u : added) {
			b.unit(u.id(), u.parentId(), u.type(), u.name());
		}
		for (Member m : this.members.all()) {
			b.member(m.id, m.status, m.mainAccountHolder, m.emailKey);
			for (Assignment a : m.assignments) {
				b.assignment(a.id(), a.memberId(), a.roleKey(), a.unitId());
			}
		}
		return b.build();
	}

	public String organisationId() {
		return this.organisationId;
	}

	public long version() {
		return this.version;
	}

	public RoleCatalogue catalogue() {
		return this.catalogue;
	}

	// ---- units, by id ----

	public String rootUnitId() {
		return this.units.unitId(0);
	}

	public boolean hasUnit(String unitId) {
		return this.units.contains(unitId);
	}

	public Optional<UnitType> unitType(String unitId) {
		int u = unit(unitId);
		return (u < 0) ? Optional.empty() : Optional.of(this.units.type(u));
	}

	public Optional<String> unitName(String unitId) {
		int u = unit(unitId);
		return (u < 0) ? Optional.empty() : Optional.ofNullable(this.units.name(u));
	}

	/** The unit's enclosing school (itself for a school), or empty above school level. */
	public Optional<String> schoolOf(String unitId) {
		int u = unit(unitId);
		return (u < 0 || this.units.schoolIndex(u) < 0) ? Optional.empty()
				: Optional.of(this.units.unitId(this.units.schoolIndex(u)));
	}

	public Optional<String> parentOf(String unitId) {
		int u = unit(unitId);
		return (u <= 0) ? Optional.empty() : Optional.of(this.units.unitId(this.units.parentIndex(u)));
	}

	/** Whether {@code unitId} is the scope unit or below it. */
	public boolean isWithin(String unitId, String scopeUnitId) {
		int u = unit(unitId);
		int s = unit(scopeUnitId);
		return u >= 0 && s >= 0 && within(u, s);
	}

	/** The unit and everything below it, in tree order. */
	public List<String> unitsWithin(String scopeUnitId) {
		int s = unit(scopeUnitId);
		if (s < 0) {
			return List.of();
		}
		return Collections.unmodifiableList(this.units.subtree(s));
	}

	public int unitCount() {
		return this.units.count();
	}

	public List<String> unitIds() {
		return this.units.unitIds();
	}

	// ---- members, by id ----

	public boolean isMember(String memberId) {
		return this.members.contains(memberId);
	}

	public Optional<MemberStatus> memberStatus(String memberId) {
		Member m = member(memberId);
		return (m == null) ? Optional.empty() : Optional.of(m.status);
	}

	public boolean isMainAccountHolder(String memberId) {
		Member m = member(memberId);
		return m != null && m.mainAccountHolder;
	}

	/**
	 * The member with this normalised email (see the accounts module for the
	 * normalisation).
	 */
	public Optional<String> memberIdByEmailKey(String emailKey) {
		return Optional.ofNullable(this.members.idByEmailKey(emailKey));
	}

	public List<Assignment> assignmentsOf(String memberId) {
		Member m = member(memberId);
		return (m == null) ? List.of() : List.of(m.assignments);
	}

	public Optional<Assignment> assignment(String assignmentId) {
		return Optional.ofNullable(this.members.assignment(assignmentId));
	}

	/** The ids of every active member. */
	public List<String> activeMemberIds() {
		return this.members.activeIds();
	}

	public int memberCount() {
		return this.members.count();
	}

	/** Active members holding accounts.manage at the root: those that rule 7 protects. */
	public int activeRootAdministrators() {
		return this.members.activeRootAdministrators();
	}

	/**
	 * The smallest set of units at which the member holds the permission, through active
	 * assignments only; a unit nested in another is left out.
	 */
	public List<String> scopesOf(String memberId, Permission permission) {
		Member m = member(memberId);
		return (m == null) ? List.of() : m.minimalScopes(permission, this.units);
	}

	// ---- for the engine, by dense index ----

	/** The unit tree itself, for the engine's loops over grants. */
	UnitTree units() {
		return this.units;
	}

	int unit(String unitId) {
		return this.units.unit(unitId);
	}

	String unitId(int u) {
		return this.units.unitId(u);
	}

	String unitLabel(int u) {
		return this.units.label(u);
	}

	UnitType type(int u) {
		return this.units.type(u);
	}

	/** The parent's index, or -1 for the root. */
	int parentIndex(int u) {
		return this.units.parentIndex(u);
	}

	/** The unit at this position of the tree order (parents before children). */
	int unitInTreeOrder(int t) {
		return this.units.unitInTreeOrder(t);
	}

	boolean within(int u, int scope) {
		return this.units.within(u, scope);
	}

	/**
	 * The unit a permission lands on when a role is assigned at {@code u} with this
	 * anchor.
	 */
	int anchored(int u, Anchor anchor) {
		return this.units.anchored(u, anchor);
	}

	Member member(String memberId) {
		return this.members.get(memberId);
	}

	/**
	 * Collects an organisation's rows; {@link #build} indexes them and checks they are
	 * consistent.
	 */
	public static final class Builder {

		private final String organisationId;

		private final long version;

		private final RoleCatalogue catalogue;

		private final Map<String, UnitTree.Row> units = new java.util.LinkedHashMap<>();

		private final Map<String, Member.Row> members = new java.util.LinkedHashMap<>();

		private final List<Assignment> assignments = new java.util.ArrayList<>();

		private Builder(String organisationId, long version, RoleCatalogue catalogue) {
			this.organisationId = Objects.requireNonNull(organisationId);
			this.version = version;
			this.catalogue = Objects.requireNonNull(catalogue);
		}

		/** Adds a unit; the root has a null parent and the type organisation. */
		public Builder unit(String id, String parentId, UnitType type, String name) {
			this.units.put(id, new UnitTree.Row(id, parentId, type, name));
			return this;
		}

		public Builder member(String id, MemberStatus status, boolean mainAccountHolder, String emailKey) {
			this.members.put(id, new Member.Row(id, status, mainAccountHolder, emailKey));
			return this;
		}

		public Builder assignment(String id, String memberId, String roleKey, String unitId) {
			this.assignments.add(new Assignment(id, memberId, roleKey, unitId));
			return this;
		}

		/**
		 * @throws IllegalArgumentException when the rows do not form one consistent
		 * organisation
		 */
		public AccessSnapshot build() {
			UnitTree tree = new UnitTree(this.units.values());
			return new AccessSnapshot(this.organisationId, this.version, this.catalogue, tree,
					Members.index(this.members.values(), this.assignments, tree, this.catalogue));
		}

	}

}
