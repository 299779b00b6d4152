package org.staffroom.organisations;

import org.staffroom.system.security.Acting;

/**
 * A unit was added under another. Audited as {@code unit.created}.
 */
public record UnitCreated(String organisationId, String unitId, String name, String type, String parentId, Acting by) {

}
