package org.staffroom.results;

import org.staffroom.system.security.Acting;

/**
 * An assessment's results were recorded from a file or a page. Audited as
 * {@code results.recorded}.
 */
public record ResultsRecorded(String organisationId, String assessmentId, String name, int results, int refused,
		Acting by) {

}
