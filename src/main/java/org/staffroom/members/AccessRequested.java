package org.staffroom.members;

import org.staffroom.access.RoleAt;
import org.staffroom.system.security.Acting;

/**
 * A member asked for a role they do not hold. Audited as {@code access_request.created}.
 */
public record AccessRequested(String organisationId, String memberId, String memberEmail, RoleAt role, Acting by) {

}
