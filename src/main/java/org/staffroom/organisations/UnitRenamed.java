package org.staffroom.organisations;

import org.staffroom.system.security.Acting;

/**
 * A unit was renamed. Audited as {@code unit.renamed}.
 */
public record UnitRenamed(String organisationId, String unitId, String before, String after, Acting by) {

}
