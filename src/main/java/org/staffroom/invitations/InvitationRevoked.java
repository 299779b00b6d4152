package org.staffroom.invitations;

import org.staffroom.accounts.MembershipChange;
import org.staffroom.system.security.Acting;

/**
 * A pending (or expired) invitation was revoked, and the invited membership ended.
 * Audited as {@code invitation.revoked}.
 */
public record InvitationRevoked(String organisationId, String memberId, String memberEmail, String statusBefore,
		Acting by) implements MembershipChange {

}
