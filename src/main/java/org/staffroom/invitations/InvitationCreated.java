package org.staffroom.invitations;

import java.util.List;

import org.staffroom.access.RoleAt;
import org.staffroom.system.security.Acting;

/**
 * Someone was invited, with these roles. Audited as {@code invitation.created}.
 */
public record InvitationCreated(String organisationId, String invitationId, String memberId, String memberEmail,
		List<RoleAt> roles, Acting by) {

}
