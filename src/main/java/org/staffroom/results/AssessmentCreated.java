package org.staffroom.results;

import java.util.List;

import org.staffroom.system.security.Acting;

/**
 * An assessment was created. Audited as {@code assessment.created}.
 */
public record AssessmentCreated(String organisationId, String assessmentId, String name, java.time.LocalDate date,
		List<String> bands, Acting by) {

}
