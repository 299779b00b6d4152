package org.staffroom.organisations;

import org.staffroom.system.security.Acting;

/**
 * A unit was archived. Audited as {@code unit.archived}.
 */
public record UnitArchived(String organisationId, String unitId, String name, Acting by) {

}
