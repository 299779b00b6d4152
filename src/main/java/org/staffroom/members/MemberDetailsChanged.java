package org.staffroom.members;

import java.util.List;

import org.staffroom.accounts.Account;
import org.staffroom.accounts.Notification;
import org.staffroom.system.security.Acting;

/**
 * A member's contact details or notification preferences changed. Audited as
 * {@code member.details_changed}, once in each organisation of the member.
 */
public record MemberDetailsChanged(String organisationId, String memberId, String memberEmail, Details before,
		Details after, Acting by) {

	/** The details that an entry records, as the account holds them. */
	public record Details(String firstName, String lastName, String jobTitle, String phone,
			List<String> notifications) {

		public static Details of(Account account) {
			return new Details(account.firstName(), account.lastName(), account.jobTitle(), account.phone(),
					account.notifications().stream().map(Notification::key).sorted().toList());
		}

	}

}
