package org.staffroom.access;

import java.util.ArrayList;
import java.util.List;

/**
 * One member as the engine sees it: their assignments resolved to unit indexes and role
 * definitions, and their effective grants as parallel arrays of (scope unit, permission
 * mask, source assignment). It exists so that a permission check reads no map: it scans a
 * short array and compares tree positions. A member who is not active holds no grants.
 *
 * <p>
 * The fields are read directly by the engine; one object per member, built once per
 * snapshot or per patch of that member.
 */
final class Member {

	final String id;

	final MemberStatus status;

	final boolean mainAccountHolder;

	final String emailKey;

	final Assignment[] assignments;

	final int[] assignmentUnit;

	final RoleDefinition[] assignmentRole;

	// Effective grants of active memberships: scope unit, permission mask, source
	// assignment.
	final int[] grantScope;

	final int[] grantMask;

	final int[] grantSource;

	/**
	 * One membership row as given to the builder, before its assignments are attached.
	 */
	record Row(String id, MemberStatus status, boolean mainAccountHolder, String emailKey) {
	}

	/**
	 * Resolves the member's assignments against the tree and the catalogue.
	 * @throws IllegalArgumentException when an assignment names an unknown unit or role
	 */
	Member(Row row, List<Assignment> assignments, UnitTree units, RoleCatalogue catalogue) {
		this.id = row.id();
		this.status = row.status();
		this.mainAccountHolder = row.mainAccountHolder();
		this.emailKey = row.emailKey();
		this.assignments = assignments.toArray(new Assignment[0]);
		this.assignmentUnit = new int[this.assignments.length];
		this.assignmentRole = new RoleDefinition[this.assignments.length];
		List<int[]> grants = new ArrayList<>();
		for (int i = 0; i < this.assignments.length; i++) {
			Assignment a = this.assignments[i];
			int u = units.unit(a.unitId());
			RoleDefinition role = catalogue.get(a.roleKey());
			if (u < 0 || role == null) {
				throw new IllegalArgumentException("assignment " + a.id() + " names an unknown unit or role");
			}
			this.assignmentUnit[i] = u;
			this.assignmentRole[i] = role;
			if (this.status != MemberStatus.ACTIVE) {
				continue;
			}
			for (Grant grant : role.grants()) {
				int scope = units.anchored(u, grant.anchor());
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
	int holdsAt(int mask, int u, UnitTree units) {
		for (int i = 0; i < this.grantScope.length; i++) {
			if ((this.grantMask[i] & mask) == mask && units.within(u, this.grantScope[i])) {
				return this.grantSource[i];
			}
		}
		return -1;
	}

	/** Rule 7's question: active, and holding accounts.manage at the root. */
	boolean isActiveRootAdministrator(UnitTree units) {
		return this.status == MemberStatus.ACTIVE && holdsAt(Permission.ACCOUNTS_MANAGE.bit(), 0, units) >= 0;
	}

	/**
	 * The smallest set of units at which the member holds the permission; a unit nested
	 * in another is left out.
	 */
	List<String> minimalScopes(Permission permission, UnitTree units) {
		List<Integer> scopes = new ArrayList<>();
		int bit = permission.bit();
		for (int i = 0; i < this.grantScope.length; i++) {
			if ((this.grantMask[i] & bit) != 0 && !scopes.contains(this.grantScope[i])) {
				scopes.add(this.grantScope[i]);
			}
		}
		List<String> minimal = new ArrayList<>();
		for (int s : scopes) {
			boolean nested = scopes.stream().anyMatch((t) -> t != s && units.within(s, t));
			if (!nested) {
				minimal.add(units.unitId(s));
			}
		}
		return minimal;
	}

	/** The member's assignment with this id, or null. */
	Assignment assignment(String assignmentId) {
		for (Assignment a : this.assignments) {
			if (a.id().equals(assignmentId)) {
				return a;
			}
		}
		return null;
	}

}
