package org.staffroom.grants;

import java.util.List;

import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Assignment;
import org.staffroom.access.Permission;
import org.staffroom.system.security.SignedIn;

/**
 * Who may see which members: accounts.view within a scope shows the members holding a
 * role in it; a member with no roles belongs to the root, so only root-level viewers see
 * them. Operators see all.
 */
public final class MemberVisibility {

	private MemberVisibility() {
	}

	/** The caller's accounts.view scopes; empty when they may see no member at all. */
	public static List<String> scopes(SignedIn caller, AccessSnapshot snapshot) {
		if (caller.operator()) {
			return List.of(snapshot.rootUnitId());
		}
		return snapshot.scopesOf(caller.accountId(), Permission.ACCOUNTS_VIEW);
	}

	public static boolean seesEveryone(List<String> scopes, AccessSnapshot snapshot) {
		return scopes.contains(snapshot.rootUnitId());
	}

	public static boolean canView(SignedIn caller, String memberId, AccessSnapshot snapshot) {
		if (!snapshot.isMember(memberId)) {
			return false;
		}
		if (caller.accountId().equals(memberId)) {
			return true;
		}
		List<String> scopes = scopes(caller, snapshot);
		if (seesEveryone(scopes, snapshot)) {
			return true;
		}
		for (Assignment assignment : snapshot.assignmentsOf(memberId)) {
			for (String scope : scopes) {
				if (snapshot.isWithin(assignment.unitId(), scope)) {
					return true;
				}
			}
		}
		return false;
	}

}
