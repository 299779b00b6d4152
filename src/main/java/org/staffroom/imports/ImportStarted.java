package org.staffroom.imports;

import org.staffroom.system.security.Acting;

/**
 * An import was accepted and queued (its changes are recorded as they are made). Audited
 * as {@code import.started}.
 *
 * @param jobId the import's id
 * @param kind {@code staff} or {@code roster}
 * @param bytes the size of the upload
 */
public record ImportStarted(String organisationId, String jobId, String kind, boolean dryRun, boolean partial,
		long bytes, Acting by) {

}
