package org.staffroom.invitations;

/**
 * A role at a unit as a request names it; {@code unitId} left out means the organisation
 * itself.
 */
public record RoleRequest(String role, String unitId) {
}
