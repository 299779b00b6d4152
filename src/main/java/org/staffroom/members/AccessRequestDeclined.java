package org.staffroom.members;

import org.staffroom.access.RoleAt;
import org.staffroom.system.security.Acting;

/**
 * Someone declined a member's request for a role. Audited as
 * {@code access_request.declined}; an approval is a change of roles
 * ({@code grants.RolesChanged}).
 */
public record AccessRequestDeclined(String organisationId, String memberId, String memberEmail, RoleAt role,
		Acting by) {

}
