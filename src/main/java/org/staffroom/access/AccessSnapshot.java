package org.staffroom.access;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable picture of one organisation at one version: its unit tree, role catalogue, members
 * and their assignments, indexed for the questions the engine asks. "Unit U is within scope S" is
 * two integer comparisons on an Euler tour of the tree; a member's effective grants are a short
 * array of (scope, permission mask) pairs, so a permission check reads no map but two lookups.
 *
 * <p>Build one with {@link #builder}. The version lets every node tell that its copy is stale.
 */
public final class AccessSnapshot {

	private final String organisationId;

	private final long version;

	private final RoleCatalogue catalogue;

	// Units, by dense index; index 0 is the root.
	private final String[] unitIds;

	private final String[] unitNames;

	private final UnitType[] unitTypes;

	private final int[] parent;

	private final int[] enter;

	private final int[] exit;

	private final int[] school;

	private final int[] byEnter;

	private final Map<String, Integer> unitIndex;

	private final Map<String, Member> members;

	private final Map<String, String> memberByEmailKey;

	private final Map<String, Member> memberByAssignment;

	private final int activeRootAdministrators;

	/** A member's new rows, for {@link #withMembers}. */
	public record MemberUpdate(String id, MemberStatus status, boolean mainAccountHolder, String emailKey,
			List<Assignment> assignments) {
	}

	/**
	 * A new snapshot at {@code version} with some members replaced or removed and everything else
	 * shared with this one: the unit tree and catalogue must be unchanged. Costs a copy of the member
	 * maps plus the changed members, never a reload of the organisation.
	 */
	public AccessSnapshot withMembers(long version, List<MemberUpdate> updates, java.util.Collection<String> removed) {
		return new AccessSnapshot(this, version, updates, removed);
	}

	/** A unit that a plan would add, for {@link #withUnits}. */
	public record NewUnit(String id, String parentId, UnitType type, String name) {
	}

	/**
	 * This organisation as it would be with more units (a roster import decides roles at the
	 * classes it is about to create): the same version, members and assignments, rebuilt.
	 * @throws IllegalArgumentException when a new unit's parent is unknown
	 */
	public AccessSnapshot withUnits(List<NewUnit> added) {
		if (added.isEmpty()) {
			return this;
		}
		Builder b = builder(this.organisationId, this.version, this.catalogue);
		for (int i = 0; i < this.unitIds.length; i++) {
			b.unit(this.unitIds[i], this.parent[i] < 0 ? null : this.unitIds[this.parent[i]], this.unitTypes[i],
					this.unitNames[i]);
		}
		for (NewUnit u : added) {
			b.unit(u.id(), u.parentId(), u.type(), u.name());
		}
		for (Member m : this.members.values()) {
			b.member(m.id, m.status, m.mainAccountHolder, m.emailKey);
			for (Assignment a : m.assignments) {
				b.assignment(a.id(), a.memberId(), a.roleKey(), a.unitId());
			}
		}
		return b.build();
	}

	private AccessSnapshot(AccessSnapshot base, long version, List<MemberUpdate> updates,
			java.util.Collection<String> removed) {
		this.organisationId = base.organisationId;
		this.version = version;
		this.catalogue = base.catalogue;
		this.unitIds = base.unitIds;
		this.unitNames = base.unitNames;
		this.unitTypes = base.unitTypes;
		this.parent = base.parent;
		this.enter = base.enter;
		this.exit = base.exit;
		this.school = base.school;
		this.byEnter = base.byEnter;
		this.unitIndex = base.unitIndex;
		this.members = new HashMap<>(base.members);
		this.memberByEmailKey = new HashMap<>(base.memberByEmailKey);
		this.memberByAssignment = new HashMap<>(base.memberByAssignment);
		int rootAdmins = base.activeRootAdministrators;
		List<String> gone = new ArrayList<>(removed);
		updates.forEach((u) -> gone.add(u.id()));
		for (String id : gone) {
			Member old = this.members.remove(id);
			if (old != null) {
				if (old.emailKey != null && id.equals(this.memberByEmailKey.get(old.emailKey))) {
					this.memberByEmailKey.remove(old.emailKey);
				}
				for (Assignment a : old.assignments) {
					this.memberByAssignment.remove(a.id());
				}
				if (old.status == MemberStatus.ACTIVE && old.holdsAt(Permission.ACCOUNTS_MANAGE.bit(), 0, this) >= 0) {
					rootAdmins--;
				}
			}
		}
		for (MemberUpdate u : updates) {
			Member member = new Member(new MemberRow(u.id(), u.status(), u.mainAccountHolder(), u.emailKey()),
					u.assignments(), this);
			this.members.put(u.id(), member);
			if (u.emailKey() != null) {
				this.memberByEmailKey.put(u.emailKey(), u.id());
			}
			for (Assignment a : member.assignments) {
				this.memberByAssignment.put(a.id(), member);
			}
			if (member.status == MemberStatus.ACTIVE && member.holdsAt(Permission.ACCOUNTS_MANAGE.bit(), 0, this) >= 0) {
				rootAdmins++;
			}
		}
		this.activeRootAdministrators = rootAdmins;
	}

	private AccessSnapshot(Builder b) {
		this.organisationId = b.organisationId;
		this.version = b.version;
		this.catalogue = b.catalogue;
		int n = b.units.size();
		this.unitIds = new String[n];
		this.unitNames = new String[n];
		this.unitTypes = new UnitType[n];
		this.parent = new int[n];
		this.enter = new int[n];
		this.exit = new int[n];
		this.school = new int[n];
		this.byEnter = new int[n];
		this.unitIndex = new HashMap<>(n * 2);
		indexUnits(b);
		this.members = new HashMap<>(b.members.size() * 2);
		this.memberByEmailKey = new HashMap<>(b.members.size() * 2);
		this.memberByAssignment = new HashMap<>(b.assignments.size() * 2);
		Map<String, List<Assignment>> assignmentsByMember = new HashMap<>();
		for (Assignment assignment : b.assignments) {
			assignmentsByMember.computeIfAbsent(assignment.memberId(), (k) -> new ArrayList<>()).add(assignment);
		}
		int rootAdmins = 0;
		for (MemberRow row : b.members.values()) {
			Member member = new Member(row, assignmentsByMember.getOrDefault(row.id, List.of()), this);
			this.members.put(row.id, member);
			if (row.emailKey != null) {
				this.memberByEmailKey.put(row.emailKey, row.id);
			}
			for (Assignment assignment : member.assignments) {
				this.memberByAssignment.put(assignment.id(), member);
			}
			if (member.status == MemberStatus.ACTIVE && member.holdsAt(Permission.ACCOUNTS_MANAGE.bit(), 0, this) >= 0) {
				rootAdmins++;
			}
		}
		for (String memberId : assignmentsByMember.keySet()) {
			if (!this.members.containsKey(memberId)) {
				throw new IllegalArgumentException("assignment of unknown member " + memberId);
			}
		}
		this.activeRootAdministrators = rootAdmins;
	}

	private void indexUnits(Builder b) {
		List<UnitRow> rows = new ArrayList<>(b.units.values());
		Map<String, Integer> index = this.unitIndex;
		long roots = rows.stream().filter((row) -> row.parentId == null).count();
		if (roots != 1) {
			throw new IllegalArgumentException("an organisation has exactly one root unit, not " + roots);
		}
		// The root first, then the rest in the order given.
		rows.sort((a, c) -> Boolean.compare(a.parentId != null, c.parentId != null));
		for (int i = 0; i < rows.size(); i++) {
			UnitRow row = rows.get(i);
			index.put(row.id, i);
			this.unitIds[i] = row.id;
			this.unitNames[i] = row.name;
			this.unitTypes[i] = row.type;
		}
		if (this.unitTypes[0] != UnitType.ORGANISATION) {
			throw new IllegalArgumentException("the root must be of type organisation");
		}
		int n = rows.size();
		int[] childCount = new int[n];
		this.parent[0] = -1;
		for (int i = 1; i < n; i++) {
			Integer p = index.get(rows.get(i).parentId);
			if (p == null) {
				throw new IllegalArgumentException("unit " + rows.get(i).id + " has an unknown parent");
			}
			this.parent[i] = p;
			childCount[p]++;
		}
		int[][] children = new int[n][];
		for (int i = 0; i < n; i++) {
			children[i] = new int[childCount[i]];
		}
		int[] filled = new int[n];
		for (int i = 1; i < n; i++) {
			children[this.parent[i]][filled[this.parent[i]]++] = i;
		}
		// Iterative depth-first walk: enter/exit times make "within scope" two comparisons.
		Arrays.fill(this.enter, -1);
		int clock = 0;
		ArrayDeque<int[]> stack = new ArrayDeque<>();
		stack.push(new int[] { 0, 0 });
		this.enter[0] = clock;
		this.byEnter[clock++] = 0;
		this.school[0] = -1;
		while (!stack.isEmpty()) {
			int[] top = stack.peek();
			int u = top[0];
			if (top[1] < children[u].length) {
				int c = children[u][top[1]++];
				this.enter[c] = clock;
				this.byEnter[clock++] = c;
				this.school[c] = (this.unitTypes[c] == UnitType.SCHOOL) ? c : this.school[u];
				stack.push(new int[] { c, 0 });
			}
			else {
				this.exit[u] = clock;
				stack.pop();
			}
		}
		if (clock != n) {
			throw new IllegalArgumentException("the unit tree has a cycle or a detached unit");
		}
	}

	public static Builder builder(String organisationId, long version, RoleCatalogue catalogue) {
		return new Builder(organisationId, version, catalogue);
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

	public String rootUnitId() {
		return this.unitIds[0];
	}

	public boolean hasUnit(String unitId) {
		return unitId != null && this.unitIndex.containsKey(unitId);
	}

	public Optional<UnitType> unitType(String unitId) {
		int u = unit(unitId);
		return (u < 0) ? Optional.empty() : Optional.of(this.unitTypes[u]);
	}

	public Optional<String> unitName(String unitId) {
		int u = unit(unitId);
		return (u < 0) ? Optional.empty() : Optional.ofNullable(this.unitNames[u]);
	}

	/** The unit's enclosing school (itself for a school), or empty above school level. */
	public Optional<String> schoolOf(String unitId) {
		int u = unit(unitId);
		return (u < 0 || this.school[u] < 0) ? Optional.empty() : Optional.of(this.unitIds[this.school[u]]);
	}

	public Optional<String> parentOf(String unitId) {
		int u = unit(unitId);
		return (u <= 0) ? Optional.empty() : Optional.of(this.unitIds[this.parent[u]]);
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
		return Collections.unmodifiableList(subtree(s));
	}

	private List<String> subtree(int s) {
		List<String> ids = new ArrayList<>(this.exit[s] - this.enter[s]);
		for (int t = this.enter[s]; t < this.exit[s]; t++) {
			ids.add(this.unitIds[this.byEnter[t]]);
		}
		return ids;
	}

	public int unitCount() {
		return this.unitIds.length;
	}

	public List<String> unitIds() {
		return List.of(this.unitIds);
	}

	public boolean isMember(String memberId) {
		return memberId != null && this.members.containsKey(memberId);
	}

	public Optional<MemberStatus> memberStatus(String memberId) {
		Member m = member(memberId);
		return (m == null) ? Optional.empty() : Optional.of(m.status);
	}

	public boolean isMainAccountHolder(String memberId) {
		Member m = member(memberId);
		return m != null && m.mainAccountHolder;
	}

	/** The member with this normalised email (see the accounts module for the normalisation). */
	public Optional<String> memberIdByEmailKey(String emailKey) {
		return Optional.ofNullable(emailKey == null ? null : this.memberByEmailKey.get(emailKey));
	}

	public List<Assignment> assignmentsOf(String memberId) {
		Member m = member(memberId);
		return (m == null) ? List.of() : List.of(m.assignments);
	}

	public Optional<Assignment> assignment(String assignmentId) {
		Member m = (assignmentId == null) ? null : this.memberByAssignment.get(assignmentId);
		if (m == null) {
			return Optional.empty();
		}
		for (Assignment a : m.assignments) {
			if (a.id().equals(assignmentId)) {
				return Optional.of(a);
			}
		}
		return Optional.empty();
	}

	/** The ids of every active member. */
	public List<String> activeMemberIds() {
		List<String> ids = new ArrayList<>();
		for (Member m : this.members.values()) {
			if (m.status == MemberStatus.ACTIVE) {
				ids.add(m.id);
			}
		}
		return ids;
	}

	public int memberCount() {
		return this.members.size();
	}

	/** Active members holding accounts.manage at the root: those that rule 7 protects. */
	public int activeRootAdministrators() {
		return this.activeRootAdministrators;
	}

	/**
	 * The smallest set of units at which the member holds the permission, through active
	 * assignments only; a unit nested in another is left out.
	 */
	public List<String> scopesOf(String memberId, Permission permission) {
		Member m = member(memberId);
		if (m == null) {
			return List.of();
		}
		List<Integer> scopes = new ArrayList<>();
		int bit = permission.bit();
		for (int i = 0; i < m.grantScope.length; i++) {
			if ((m.grantMask[i] & bit) != 0 && !scopes.contains(m.grantScope[i])) {
				scopes.add(m.grantScope[i]);
			}
		}
		List<String> minimal = new ArrayList<>();
		for (int s : scopes) {
			boolean nested = scopes.stream().anyMatch((t) -> t != s && within(s, t));
			if (!nested) {
				minimal.add(this.unitIds[s]);
			}
		}
		return minimal;
	}

	// ---- for the engine, by dense index ----

	int unit(String unitId) {
		if (unitId == null) {
			return -1;
		}
		Integer i = this.unitIndex.get(unitId);
		return (i == null) ? -1 : i;
	}

	String unitId(int u) {
		return this.unitIds[u];
	}

	String unitLabel(int u) {
		String name = this.unitNames[u];
		return (name != null) ? name : this.unitIds[u];
	}

	UnitType type(int u) {
		return this.unitTypes[u];
	}

	/** The parent's index, or -1 for the root. */
	int parentIndex(int u) {
		return (u == 0) ? -1 : this.parent[u];
	}

	/** The unit at this position of the tree order (parents before children). */
	int unitInTreeOrder(int t) {
		return this.byEnter[t];
	}

	/** One past the last tree-order position of u's subtree. */
	int subtreeEnd(int u) {
		return this.exit[u];
	}

	/** u's position in the tree order. */
	int treePosition(int u) {
		return this.enter[u];
	}

	boolean within(int u, int scope) {
		return this.enter[scope] <= this.enter[u] && this.enter[u] < this.exit[scope];
	}

	/** The unit a permission lands on when a role is assigned at {@code u} with this anchor. */
	int anchored(int u, Anchor anchor) {
		return switch (anchor) {
			case ASSIGNED -> u;
			// Above school level there is no enclosing school: the grant stays at the assigned unit.
			case SCHOOL -> (this.school[u] >= 0) ? this.school[u] : u;
			case ORGANISATION -> 0;
		};
	}

	Member member(String memberId) {
		return (memberId == null) ? null : this.members.get(memberId);
	}

	/** One member as the engine sees it. */
	static final class Member {

		final String id;

		final MemberStatus status;

		final boolean mainAccountHolder;

		final String emailKey;

		final Assignment[] assignments;

		final int[] assignmentUnit;

		final RoleDefinition[] assignmentRole;

		// Effective grants of active memberships: scope unit, permission mask, source assignment.
		final int[] grantScope;

		final int[] grantMask;

		final int[] grantSource;

		Member(MemberRow row, List<Assignment> assignments, AccessSnapshot snapshot) {
			this.id = row.id;
			this.status = row.status;
			this.mainAccountHolder = row.mainAccountHolder;
			this.emailKey = row.emailKey;
			this.assignments = assignments.toArray(new Assignment[0]);
			this.assignmentUnit = new int[this.assignments.length];
			this.assignmentRole = new RoleDefinition[this.assignments.length];
			List<int[]> grants = new ArrayList<>();
			for (int i = 0; i < this.assignments.length; i++) {
				Assignment a = this.assignments[i];
				int u = snapshot.unit(a.unitId());
				RoleDefinition role = snapshot.catalogue.get(a.roleKey());
				if (u < 0 || role == null) {
					throw new IllegalArgumentException("assignment " + a.id() + " names an unknown unit or role");
				}
				this.assignmentUnit[i] = u;
				this.assignmentRole[i] = role;
				if (this.status != MemberStatus.ACTIVE) {
					continue;
				}
				for (Grant grant : role.grants()) {
					int scope = snapshot.anchored(u, grant.anchor());
					int[] existing = null;
					for (int[] g : grants) {
						if (g[0] == scope && g[2] == i) {
							existing = g;
						}
					}
					if (existing != null) {
						existing[1] |= grant.permission().bit();
					}
					else {
						grants.add(new int[] { scope, grant.permission().bit(), i });
					}
				}
			}
			this.grantScope = new int[grants.size()];
			this.grantMask = new int[grants.size()];
			this.grantSource = new int[grants.size()];
			for (int i = 0; i < grants.size(); i++) {
				this.grantScope[i] = grants.get(i)[0];
				this.grantMask[i] = grants.get(i)[1];
				this.grantSource[i] = grants.get(i)[2];
			}
		}

		/** The assignment index that grants every bit of {@code mask} at unit u, or -1. */
		int holdsAt(int mask, int u, AccessSnapshot snapshot) {
			for (int i = 0; i < this.grantScope.length; i++) {
				if ((this.grantMask[i] & mask) == mask && snapshot.within(u, this.grantScope[i])) {
					return this.grantSource[i];
				}
			}
			return -1;
		}

	}

	record UnitRow(String id, String parentId, UnitType type, String name) {
	}

	record MemberRow(String id, MemberStatus status, boolean mainAccountHolder, String emailKey) {
	}

	/** Collects an organisation's rows; {@link #build} indexes them and checks they are consistent. */
	public static final class Builder {

		private final String organisationId;

		private final long version;

		private final RoleCatalogue catalogue;

		private final Map<String, UnitRow> units = new java.util.LinkedHashMap<>();

		private final Map<String, MemberRow> members = new java.util.LinkedHashMap<>();

		private final List<Assignment> assignments = new ArrayList<>();

		private Builder(String organisationId, long version, RoleCatalogue catalogue) {
			this.organisationId = Objects.requireNonNull(organisationId);
			this.version = version;
			this.catalogue = Objects.requireNonNull(catalogue);
		}

		/** Adds a unit; the root has a null parent and the type organisation. */
		public Builder unit(String id, String parentId, UnitType type, String name) {
			this.units.put(id, new UnitRow(id, parentId, type, name));
			return this;
		}

		public Builder member(String id, MemberStatus status, boolean mainAccountHolder, String emailKey) {
			this.members.put(id, new MemberRow(id, status, mainAccountHolder, emailKey));
			return this;
		}

		public Builder assignment(String id, String memberId, String roleKey, String unitId) {
			this.assignments.add(new Assignment(id, memberId, roleKey, unitId));
			return this;
		}

		/** @throws IllegalArgumentException when the rows do not form one consistent organisation */
		public AccessSnapshot build() {
			return new AccessSnapshot(this);
		}

	}

}
