package org.staffroom.members;

import java.util.List;

import org.staffroom.access.MemberStatus;
import org.staffroom.access.RoleAt;
import org.staffroom.accounts.MembershipChange;
import org.staffroom.system.security.Acting;

/**
 * A membership ended (the account stays for its other organisations), with the status and
 * roles it had. Audited as {@code member.removed}.
 */
public record MemberRemoved(String organisationId, String memberId, String memberEmail, MemberStatus status,
		List<RoleAt> roles, Acting by) implements MembershipChange {

}
