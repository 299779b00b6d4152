package org.staffroom.invitations;

import org.staffroom.system.security.Acting;

/**
 * An invitation was sent again with a new link. Audited as {@code invitation.resent}.
 */
public record InvitationResent(String organisationId, String memberId, String memberEmail, java.time.Instant expiredAt,
		java.time.Instant expiresAt, Acting by) {

}
