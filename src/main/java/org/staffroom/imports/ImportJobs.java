package org.staffroom.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.system.jdbc.Times;

/** The import_jobs, import_files, import_file_chunks and import_errors tables. */
@Repository
public class ImportJobs {

	private static final String COLUMNS = "id, organisation_id, started_by, kind, dry_run, partial_apply, options, status, "
			+ "done, total, counts, message, created_at, finished_at";

	/** The most of an upload that is written or read at once. */
	private static final int CHUNK = 1024 * 1024;

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	private final org.springframework.jdbc.core.JdbcTemplate template;

	ImportJobs(JdbcClient jdbc, ObjectMapper json, org.springframework.jdbc.core.JdbcTemplate template) {
		this.jdbc = jdbc;
		this.json = json;
		this.template = template;
	}

	void create(String id, String org, String startedBy, String kind, boolean dryRun, boolean partial,
			Map<String, String> options, String contentType, InputStream content, long size, Instant now)
			throws IOException {
		this.jdbc.sql("""
				INSERT INTO import_jobs (id, organisation_id, started_by, kind, dry_run, partial_apply, options, status,
				                         created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?)""")
			.params(id, org, startedBy, kind, dryRun, partial, this.json.writeValueAsString(options), Times.sql(now))
			.update();
		this.jdbc.sql("INSERT INTO import_files (job_id, content_type, size_bytes) VALUES (?, ?, ?)")
			.params(id, contentType, size)
			.update();
		// One row per piece, each written before the next is read (a batch would hold
		// them all), in the caller's transaction: a job is never committed with part of
		// its file.
		byte[] buffer = new byte[CHUNK];
		int seq = 0;
		int n;
		while ((n = content.readNBytes(buffer, 0, CHUNK)) > 0) {
			byte[] piece = (n == CHUNK) ? buffer : Arrays.copyOf(buffer, n);
			this.jdbc.sql("INSERT INTO import_file_chunks (job_id, seq, content) VALUES (?, ?, ?)")
				.params(id, seq++, piece)
				.update();
		}
	}

	public Optional<ImportJob> find(String org, String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM import_jobs WHERE organisation_id = ? AND id = ?")
			.params(org, id)
			.query((rs, i) -> map(rs))
			.optional();
	}

	Optional<ImportJob> find(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM import_jobs WHERE id = ?")
			.param(id)
			.query((rs, i) -> map(rs))
			.optional();
	}

	/** Queued jobs, and running ones whose node stopped renewing its claim. */
	List<String> runnable(Instant now) {
		return this.jdbc.sql("""
				SELECT id FROM import_jobs
				WHERE status = 'queued' OR (status = 'running' AND claimed_until < ?) ORDER BY created_at""")
			.param(Times.sql(now))
			.withMaxRows(5)
			.query(String.class)
			.list();
	}

	/** Claims a job for this node; false when another node has it. */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public boolean claim(String id, String node, Instant now, Instant until) {
		return this.jdbc.sql("""
				UPDATE import_jobs SET status = 'running', claimed_by = ?, claimed_until = ?, attempts = attempts + 1,
				       started_at = ?, done = 0
				WHERE id = ? AND (status = 'queued' OR (status = 'running' AND claimed_until < ?))""")
			.params(node, Times.sql(until), Times.sql(now), id, Times.sql(now))
			.update() == 1;
	}

	int attempts(String id) {
		return this.jdbc.sql("SELECT attempts FROM import_jobs WHERE id = ?").param(id).query(Integer.class).single();
	}

	/**
	 * Progress, written in its own transaction so that it shows while the import's own
	 * one runs.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void progress(String id, String node, int done, int total, Instant until) {
		this.jdbc.sql("UPDATE import_jobs SET done = ?, total = ?, claimed_until = ? WHERE id = ? AND claimed_by = ?")
			.params(done, total, Times.sql(until), id, node)
			.update();
	}

	void finish(String id, String status, int done, int total, Map<String, Object> counts, String message,
			List<ImportProblem> problems, Instant now) {
		finish(id, status, done, total, counts, message, problems, List.of(), now);
	}

	/**
	 * Records the report: its problems, and its notices (listed apart: they stop
	 * nothing).
	 */
	void finish(String id, String status, int done, int total, Map<String, Object> counts, String message,
			List<ImportProblem> problems, List<ImportProblem> notices, Instant now) {
		// A finished job never reads its file again, and a roster holds pupils' names: it
		// goes now, in the same transaction as the report (its type and size stay, for
		// the job's page).
		this.jdbc.sql("DELETE FROM import_file_chunks WHERE job_id = ?").param(id).update();
		this.jdbc.sql("DELETE FROM import_errors WHERE job_id = ?").param(id).update();
		int seq = 0;
		List<Object[]> rows = new java.util.ArrayList<>(problems.size() + notices.size());
		for (ImportProblem p : problems) {
			rows.add(new Object[] { id, ++seq, p.file(), p.row(), p.column(), p.code(), trim(p.message(), 2000),
					false });
		}
		for (ImportProblem p : notices) {
			rows.add(
					new Object[] { id, ++seq, p.file(), p.row(), p.column(), p.code(), trim(p.message(), 2000), true });
		}
		// One batch: a broken file of a large roster can have a problem on every one of
		// its rows.
		this.template.batchUpdate("""
				INSERT INTO import_errors (job_id, seq, file_name, row_number, column_name, code, message, notice)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", rows,
				new int[] { java.sql.Types.VARCHAR, java.sql.Types.INTEGER, java.sql.Types.VARCHAR,
						java.sql.Types.INTEGER, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
						java.sql.Types.BOOLEAN });
		this.jdbc.sql("""
				UPDATE import_jobs SET status = ?, done = ?, total = ?, counts = ?, message = ?, finished_at = ?,
				       claimed_until = NULL WHERE id = ?""")
			.params(status, done, total, this.json.writeValueAsString(counts), trim(message, 2000), Times.sql(now), id)
			.update();
	}

	public List<ImportProblem> problems(String id) {
		return entries(id, false);
	}

	/**
	 * What the report tells without it being a problem (a pupil placed at their school
	 * for want of a class).
	 */
	public List<ImportProblem> notices(String id) {
		return entries(id, true);
	}

	private List<ImportProblem> entries(String id, boolean notices) {
		return this.jdbc
			.sql("""
					SELECT file_name, row_number, column_name, code, message FROM import_errors WHERE job_id = ? AND notice = ?
					ORDER BY seq""")
			.params(id, notices)
			.query((rs, i) -> new ImportProblem(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3),
					rs.getString(4), rs.getString(5)))
			.list();
	}

	/**
	 * Reads the job's file as a stream that fetches one chunk at a time, so no file is
	 * held in memory whole.
	 */
	<T> T withFile(String id, Function<InputStream, T> reader) {
		long size = this.jdbc.sql("SELECT size_bytes FROM import_files WHERE job_id = ?")
			.param(id)
			.query(Long.class)
			.optional()
			.orElseThrow(() -> new IllegalStateException("The file of import " + id + " is missing"));
		try (InputStream in = new Chunks(id, size)) {
			return reader.apply(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A file's chunks in order, each fetched when the one before is used up. */
	private final class Chunks extends InputStream {

		private final String id;

		private final long size;

		private long read;

		private int seq;

		private byte[] chunk = new byte[0];

		private int at;

		Chunks(String id, long size) {
			this.id = id;
			this.size = size;
		}

		@Override
		public int read() throws IOException {
			if (!fill()) {
				return -1;
			}
			this.read++;
			return this.chunk[this.at++] & 0xff;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			Objects.checkFromIndexSize(off, len, b.length);
			if (len == 0) {
				return 0;
			}
			if (!fill()) {
				return -1;
			}
			int n = Math.min(len, this.chunk.length - this.at);
			System.arraycopy(this.chunk, this.at, b, off, n);
			this.at += n;
			this.read += n;
			return n;
		}

		@Override
		public int available() {
			return this.chunk.length - this.at;
		}

		/**
		 * False at the end; the stored size says where that is, so that a missing chunk
		 * cannot pass for it.
		 */
		private boolean fill() throws IOException {
			while (this.at == this.chunk.length) {
				if (this.read == this.size) {
					return false;
				}
				this.chunk = ImportJobs.this.jdbc
					.sql("SELECT content FROM import_file_chunks WHERE job_id = ? AND seq = ?")
					.params(this.id, this.seq)
					.query((rs, i) -> rs.getBytes(1))
					.optional()
					.orElseThrow(() -> new IOException("The file of import " + this.id + " has no chunk " + this.seq
							+ " after " + this.read + " of its " + this.size + " bytes"));
				this.seq++;
				this.at = 0;
			}
			return true;
		}

	}

	private ImportJob map(java.sql.ResultSet rs) throws java.sql.SQLException {
		String counts = rs.getString("counts");
		String options = rs.getString("options");
		return new ImportJob(rs.getString("id"), rs.getString("organisation_id"), rs.getString("started_by"),
				rs.getString("kind"), rs.getBoolean("dry_run"), rs.getBoolean("partial_apply"),
				options == null ? Map.of() : this.json.readValue(options, new TypeReference<Map<String, String>>() {
				}), rs.getString("status"), rs.getInt("done"), rs.getInt("total"),
				counts == null ? new LinkedHashMap<>()
						: this.json.readValue(counts, new TypeReference<LinkedHashMap<String, Object>>() {
						}),
				rs.getString("message"), Times.instant(rs.getObject("created_at", OffsetDateTime.class)),
				Times.instant(rs.getObject("finished_at", OffsetDateTime.class)));
	}

	private static String trim(String s, int max) {
		return (s == null || s.length() <= max) ? s : s.substring(0, max);
	}

}
