package org.staffroom.results;

import org.staffroom.system.security.Acting;

/**
 * A pupil was removed. Audited as {@code pupil.removed}.
 */
public record PupilRemoved(String organisationId, String pupilId, String externalId, Acting by) {

}
