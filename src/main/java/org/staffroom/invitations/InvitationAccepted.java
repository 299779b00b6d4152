package org.staffroom.invitations;

import org.staffroom.accounts.MembershipChange;
import org.staffroom.system.security.Acting;

/**
 * An invited member accepted and became active. Audited as {@code invitation.accepted}.
 */
public record InvitationAccepted(String organisationId, String memberId, String memberEmail,
		Acting by) implements MembershipChange {

}
