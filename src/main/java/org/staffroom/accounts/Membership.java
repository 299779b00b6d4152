package org.staffroom.accounts;

import org.staffroom.access.MemberStatus;

/**
 * An account's membership of one organisation. Its id, as a member, is the account id.
 */
public record Membership(String organisationId, String accountId, MemberStatus status, boolean mainAccountHolder,
		int version) {
}
