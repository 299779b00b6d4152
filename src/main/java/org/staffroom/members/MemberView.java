package org.staffroom.members;

import java.util.List;

import org.staffroom.access.Assignment;
import org.staffroom.accounts.Account;
import org.staffroom.accounts.Membership;
import org.staffroom.accounts.Notification;

/** A member as the API shows them. The id is the account id. */
public record MemberView(String id, String email, String firstName, String lastName, String jobTitle, String phone,
		String status, boolean mainAccountHolder, List<RoleView> roles, List<String> notifications,
		String pendingEmail) {

	/** One of the member's role assignments. */
	public record RoleView(String id, String role, String unitId) {
	}

	static MemberView of(Account account, Membership membership, List<Assignment> assignments, String pendingEmail) {
		return new MemberView(account.id(), account.email(), account.firstName(), account.lastName(),
				account.jobTitle(), account.phone(), membership.status().key(), membership.mainAccountHolder(),
				roles(assignments), account.notifications().stream().map(Notification::key).sorted().toList(),
				pendingEmail);
	}

	public static List<RoleView> roles(List<Assignment> assignments) {
		return assignments.stream().map((a) -> new RoleView(a.id(), a.roleKey(), a.unitId())).toList();
	}

	/**
	 * The ETag of a member: it moves on with every change to the account or the
	 * membership.
	 */
	static String etag(Account account, Membership membership) {
		return "\"" + membership.version() + "." + account.version() + "\"";
	}

}
