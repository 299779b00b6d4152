package org.staffroom.access;

/**
 * A permission a member holds at a unit, with the assignment that grants it and where it
 * lands.
 *
 * @param permission the permission
 * @param grantedBy the assignment that grants it
 * @param anchor the anchor of the role's grant
 * @param scopeUnitId the unit at which it takes effect (the scope containing the asked
 * unit)
 */
public record HeldPermission(Permission permission, Assignment grantedBy, Anchor anchor, String scopeUnitId) {
}
