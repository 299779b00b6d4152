package org.staffroom.results;

import org.staffroom.system.security.Acting;

/**
 * A pupil was added to a class. Audited as {@code pupil.added}.
 */
public record PupilAdded(String organisationId, String pupilId, String externalId, String className, Acting by) {

}
