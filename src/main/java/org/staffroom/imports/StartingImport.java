package org.staffroom.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Permission;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.security.SecretTokens;

/**
 * Accepts an upload: streams it to a temporary file (refusing one over the size limit),
 * then into the database with its queued job, so any node can run it and a restart loses
 * nothing.
 */
@Component
public class StartingImport {

	private final ImportJobs jobs;

	private final ImportWrites writes;

	private final Clock clock;

	private final long maxBytes;

	private final ImportRunner runner;

	StartingImport(ImportJobs jobs, ImportWrites writes, Clock clock,
			@Value("${staffroom.imports.max-bytes:104857600}") long maxBytes, ImportRunner runner) {
		this.runner = runner;
		this.jobs = jobs;
		this.writes = writes;
		this.clock = clock;
		this.maxBytes = maxBytes;
	}

	/** Whether the person may import at all: rows are checked one by one later. */
	public static boolean mayImport(AccessSnapshot snapshot, Acting actor) {
		return actor.operator() || !snapshot.scopesOf(actor.accountId(), Permission.ACCOUNTS_MANAGE).isEmpty();
	}

	@Transactional
	public String start(AccessSnapshot snapshot, Acting actor, String kind, boolean dryRun, boolean partial,
			Map<String, String> options, String contentType, InputStream body) throws IOException {
		Path file = Files.createTempFile("staffroom-import-", ".upload");
		try {
			long size = copyWithLimit(body, file);
			if (size == 0) {
				throw Failure.invalid("body", "empty_file", "The file is empty");
			}
			String id = SecretTokens.newId();
			try (InputStream in = Files.newInputStream(file)) {
				this.jobs.create(id, snapshot.organisationId(), actor.accountId(), kind, dryRun, partial, options,
						contentType == null ? "application/octet-stream" : contentType, in, size, this.clock.instant());
			}
			this.writes.started(new ImportStarted(snapshot.organisationId(), id, kind, dryRun, partial, size, actor));
			if (TransactionSynchronizationManager.isSynchronizationActive()) {
				// The job can start as soon as it is committed, rather than at the
				// runner's next poll.
				TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
					@Override
					public void afterCommit() {
						StartingImport.this.runner.wake();
					}
				});
			}
			return id;
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

	private long copyWithLimit(InputStream in, Path file) throws IOException {
		long total = 0;
		byte[] buffer = new byte[64 * 1024];
		try (OutputStream out = Files.newOutputStream(file)) {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				total += n;
				if (total > this.maxBytes) {
					throw new Failure(Failure.Kind.TOO_LARGE, "file_too_large",
							"The file is larger than " + (this.maxBytes / (1024 * 1024)) + " MB");
				}
				out.write(buffer, 0, n);
			}
		}
		return total;
	}

}
