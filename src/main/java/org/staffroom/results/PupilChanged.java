package org.staffroom.results;

import org.staffroom.system.security.Acting;

/**
 * A pupil's record changed. Audited as {@code pupil.changed}, with the class before and
 * after (by id).
 */
public record PupilChanged(String organisationId, String pupilId, String externalId, String classIdBefore,
		String classIdAfter, Acting by) {

}
