package org.staffroom.imports;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.system.security.SecretTokens;
import org.staffroom.testing.ApiTestCase;
import org.staffroom.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An upload is stored as chunks of at most 1 MiB and read back one chunk at a time (issue
 * #5), on H2 and on PostgreSQL (the suite's second run); files stored before V12 are
 * moved into chunks.
 */
class ImportFileChunksTests extends ApiTestCase {

	private static final int MIB = 1024 * 1024;

	@Autowired
	private ImportJobs jobs;

	@Autowired
	private PlatformTransactionManager transactions;

	@Autowired
	private ObjectMapper json;

	private static byte[] random(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	/**
	 * Stores the bytes as a new job's file, as StartingImport does, in one transaction.
	 */
	private String store(InputStream content, long size) {
		Trust trust = aTrust();
		String id = SecretTokens.newId();
		new TransactionTemplate(this.transactions).executeWithoutResult((tx) -> {
			try {
				this.jobs.create(id, trust.id, trust.adminId, "staff-csv", true, false, Map.of(), "text/csv", content,
						size, Instant.now());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			// Finished at once, so that the import runner leaves the job to this test.
			this.jdbc.sql("UPDATE import_jobs SET status = 'succeeded' WHERE id = ?").param(id).update();
		});
		return id;
	}

	private byte[] readBack(String id) {
		return this.jobs.withFile(id, ImportFileChunksTests::readAll);
	}

	private List<Integer> chunkSizes(String id) {
		return this.jdbc.sql("SELECT OCTET_LENGTH(content) FROM import_file_chunks WHERE job_id = ? ORDER BY seq")
			.param(id)
			.query(Integer.class)
			.list();
	}

	private List<Integer> seqs(String id) {
		return this.jdbc.sql("SELECT seq FROM import_file_chunks WHERE job_id = ? ORDER BY seq")
			.param(id)
			.query(Integer.class)
			.list();
	}

	@Test
	void anEmptyFileHasNoChunksAndReadsAsEmpty() {
		String id = store(new ByteArrayInputStream(new byte[0]), 0);
		assertThat(chunkSizes(id)).isEmpty();
		assertThat(readBack(id)).isEmpty();
	}

	@Test
	void aFileOfExactlyOneMebibyteIsOneChunk() {
		byte[] file = random(MIB, 1);
		String id = store(new ByteArrayInputStream(file), file.length);
		assertThat(chunkSizes(id)).containsExactly(MIB);
		assertThat(readBack(id)).isEqualTo(file);
	}

	@Test
	void aLargerFileIsSplitIntoFullChunksAndReadBackWhole() {
		byte[] file = random(5 * MIB / 2, 2);
		String id = store(new ByteArrayInputStream(file), file.length);
		assertThat(seqs(id)).containsExactly(0, 1, 2);
		assertThat(chunkSizes(id)).containsExactly(MIB, MIB, MIB / 2);
		assertThat(readBack(id)).isEqualTo(file);
	}

	@Test
	void chunksAreFullEvenWhenTheUploadArrivesInSmallReads() {
		byte[] file = random(MIB + 10_000, 3);
		InputStream trickle = new FilterInputStream(new ByteArrayInputStream(file)) {
			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				return super.read(b, off, Math.min(len, 1_000));
			}
		};
		String id = store(trickle, file.length);
		assertThat(chunkSizes(id)).containsExactly(MIB, 10_000);
		assertThat(readBack(id)).isEqualTo(file);
	}

	@Test
	void readsByteByByteAcrossTheEndOfAChunk() {
		byte[] file = random(MIB + 3, 4);
		String id = store(new ByteArrayInputStream(file), file.length);
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		this.jobs.withFile(id, (in) -> {
			try {
				read.write(in.readNBytes(MIB - 2));
				int b;
				while ((b = in.read()) >= 0) {
					read.write(b);
				}
				return null;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		assertThat(read.toByteArray()).isEqualTo(file);
	}

	@Test
	void isUndoneWithTheCallersTransaction() {
		Trust trust = aTrust();
		String id = SecretTokens.newId();
		new TransactionTemplate(this.transactions).executeWithoutResult((tx) -> {
			try {
				this.jobs.create(id, trust.id, trust.adminId, "staff-csv", true, false, Map.of(), "text/csv",
						new ByteArrayInputStream(random(2 * MIB, 5)), 2 * MIB, Instant.now());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			tx.setRollbackOnly();
		});
		assertThat(chunkSizes(id)).isEmpty();
		assertThat(this.jobs.find(id)).isEmpty();
	}

	@Test
	void aMissingChunkIsAnErrorRatherThanAShorterFile() {
		byte[] file = random(2 * MIB, 6);
		String id = store(new ByteArrayInputStream(file), file.length);
		this.jdbc.sql("DELETE FROM import_file_chunks WHERE job_id = ? AND seq = 1").param(id).update();
		assertThatThrownBy(() -> readBack(id)).isInstanceOf(UncheckedIOException.class).hasMessageContaining("chunk 1");
	}

	@Test
	void aJobWithoutAFileSaysSo() {
		assertThatThrownBy(() -> readBack("no-such-job")).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("missing");
	}

	/**
	 * V12 moves each file stored before it into one chunk, on a database of its own
	 * migrated up to V10.
	 */
	@Test
	void theMigrationMovesStoredFilesIntoChunks() {
		String name = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		String url;
		String user;
		String password;
		String vendor;
		if (TestDatabase.postgres()) {
			String base = System.getenv("STAFFROOM_TEST_POSTGRES_URL");
			url = base + (base.contains("?") ? "&" : "?") + "currentSchema=staffroom_" + name;
			user = System.getenv().getOrDefault("STAFFROOM_TEST_POSTGRES_USER", "postgres");
			password = System.getenv().getOrDefault("STAFFROOM_TEST_POSTGRES_PASSWORD", "");
			vendor = "postgresql";
		}
		else {
			url = "jdbc:h2:mem:" + name
					+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
			user = "sa";
			password = "";
			vendor = "h2";
		}
		DriverManagerDataSource db = new DriverManagerDataSource(url, user, password);
		JdbcClient jdbc = JdbcClient.create(db);
		FluentConfiguration flyway = Flyway.configure()
			.dataSource(db)
			.locations("classpath:db/migration/common", "classpath:db/migration/" + vendor);
		if (TestDatabase.postgres()) {
			flyway.schemas("staffroom_" + name).defaultSchema("staffroom_" + name);
		}
		try {
			flyway.target("10").load().migrate();
			byte[] large = random(3 * MIB, 7);
			jdbc.sql(
					"INSERT INTO organisations (id, name, templates, created_at) VALUES ('org', 'Trust', 'school-trust', ?)")
				.param(OffsetDateTime.now())
				.update();
			for (String job : List.of("large", "empty")) {
				jdbc.sql(
						"""
								INSERT INTO import_jobs (id, organisation_id, started_by, kind, dry_run, partial_apply, status,
								                         created_at) VALUES (?, 'org', 'someone', 'oneroster', FALSE, FALSE, 'queued', ?)""")
					.params(job, OffsetDateTime.now())
					.update();
			}
			jdbc.sql("INSERT INTO import_files (job_id, content_type, size_bytes, content) VALUES (?, ?, ?, ?)")
				.params("large", "application/zip", large.length, large)
				.update();
			jdbc.sql("INSERT INTO import_files (job_id, content_type, size_bytes, content) VALUES (?, ?, ?, ?)")
				.params("empty", "application/zip", 0, new byte[0])
				.update();

			flyway.target("latest").load().migrate();

			assertThat(jdbc.sql("SELECT job_id, seq FROM import_file_chunks ORDER BY job_id, seq")
				.query((rs, i) -> rs.getString(1) + "/" + rs.getInt(2))
				.list()).containsExactly("large/0");
			ImportJobs migrated = new ImportJobs(jdbc, this.json, new JdbcTemplate(db));
			assertThat(migrated.withFile("large", ImportFileChunksTests::readAll)).isEqualTo(large);
			assertThat(migrated.withFile("empty", ImportFileChunksTests::readAll)).isEmpty();
			assertThat(jdbc.sql("SELECT content_type FROM import_files WHERE job_id = 'large'")
				.query(String.class)
				.single()).isEqualTo("application/zip");
		}
		finally {
			jdbc.sql(TestDatabase.postgres() ? "DROP SCHEMA IF EXISTS staffroom_" + name + " CASCADE"
					: "DROP ALL OBJECTS")
				.update();
		}
	}

	private static byte[] readAll(InputStream in) {
		try {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
