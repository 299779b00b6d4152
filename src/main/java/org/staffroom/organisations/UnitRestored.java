package org.staffroom.organisations;

import org.staffroom.system.security.Acting;

/**
 * An archived unit was restored. Audited as {@code unit.restored}.
 */
public record UnitRestored(String organisationId, String unitId, String name, Acting by) {

}
