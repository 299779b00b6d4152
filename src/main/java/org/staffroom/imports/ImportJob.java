package org.staffroom.imports;

import java.time.Instant;
import java.util.Map;

/** An import as a job: what it is, how far it got, and what it found. */
public record ImportJob(String id, String organisationId, String startedBy, String kind, boolean dryRun,
		boolean partial, Map<String, String> options, String status, int done, int total, Map<String, Object> counts,
		String message, Instant createdAt, Instant finishedAt) {
}
