package org.staffroom.members;

import org.staffroom.access.MemberStatus;
import org.staffroom.accounts.MembershipChange;
import org.staffroom.system.security.Acting;

/**
 * A member was disabled or enabled again. Audited as {@code member.status_changed}.
 */
public record MemberStatusChanged(String organisationId, String memberId, String memberEmail, MemberStatus before,
		MemberStatus after, Acting by) implements MembershipChange {

}
