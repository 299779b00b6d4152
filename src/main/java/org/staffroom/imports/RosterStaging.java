package org.staffroom.imports;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.staffroom.system.jdbc.BulkInsert;
import org.staffroom.system.jdbc.DatabaseProduct;

/**
 * A roster import's students and enrolments (with OneRoster 1.2's roles of students and
 * guardians, and a delta's pupils who enrol without a users.csv row), staged in the
 * database while the import checks them (migration V11), so that the import's memory does
 * not grow with them: they are most of a roster's rows (a large district has 150,000
 * students and 600,000 enrolments against 15,000 staff and 6,000 classes). Their
 * duplicate and reference checks and each pupil's choice of class are made in SQL
 * ({@link StagedChecks}), and the pupils are read back a page at a time.
 *
 * <p>
 * Everything happens in the import's transaction and leaves nothing behind: on PostgreSQL
 * the run's rows go into temporary tables dropped at its end; on H2 into the permanent
 * tables under the run's id, deleted by {@link StagedRoster#close()}.
 */
@Component
class RosterStaging {

	static final List<String> TABLES = List.of("roster_staged_users", "roster_staged_enrolments", "roster_staged_roles",
			"roster_staged_moves");

	private final StagingSql sql;

	// Tells one run's rows from another's on H2, where every run stages into the same
	// tables. H2 is embedded (one node), and staged rows never outlive their transaction,
	// so a count kept by this node is enough; on PostgreSQL each run has temporary tables
	// of its own. Short, since every row carries it.
	private final java.util.concurrent.atomic.AtomicLong runs = new java.util.concurrent.atomic.AtomicLong();

	RosterStaging(JdbcTemplate jdbc, BulkInsert bulk, PlannerStatistics statistics, DatabaseProduct database) {
		this.sql = new StagingSql(jdbc, bulk, statistics, database.postgres());
	}

	/** Starts staging, in the caller's transaction. */
	StagedRoster open() {
		if (this.sql.postgres) {
			// The checks group, join and sort hundreds of thousands of staged rows: in
			// memory, not on disk.
			this.sql.jdbc.execute("SET LOCAL work_mem = '64MB'");
			// Same name as the permanent table, so the same SQL reads it: the temporary
			// one comes first.
			for (String table : TABLES) {
				this.sql.jdbc.execute("CREATE TEMPORARY TABLE IF NOT EXISTS " + table + " (LIKE " + table
						+ " INCLUDING DEFAULTS) ON COMMIT DROP");
			}
		}
		return new StagedRoster(this.sql, Long.toString(this.runs.incrementAndGet(), 36));
	}

	/**
	 * A Bloom filter of sourcedIds, of a fixed 8 MiB whatever the number of ids:
	 * {@link #add} says whether an id may have been added before. It never misses a
	 * repeat; it wrongly says yes about once in fifty million ids for a large district
	 * (600,000 enrolments), and about twice in a thousand for eight times that; any yes
	 * costs one statement over the staged enrolments.
	 */
	static final class SeenIds {

		private static final int HASHES = 6;

		private final long[] bits = new long[1 << 20];

		/**
		 * Adds the id; true if every one of its bits was set already (it may have been
		 * added before).
		 */
		boolean add(String id) {
			long h1 = fnv64(id);
			long h2 = mix64(h1) | 1;
			boolean all = true;
			for (int i = 0; i < HASHES; i++) {
				long bit = (h1 + i * h2) >>> 38; // 26 bits: one of 2^26
				int word = (int) (bit >>> 6);
				long mask = 1L << (bit & 63);
				if ((this.bits[word] & mask) == 0) {
					all = false;
					this.bits[word] |= mask;
				}
			}
			return all;
		}

		/** 64-bit FNV-1a of the string's characters. */
		private static long fnv64(String s) {
			long h = 0xcbf29ce484222325L;
			for (int i = 0; i < s.length(); i++) {
				h ^= s.charAt(i);
				h *= 0x100000001b3L;
			}
			return h;
		}

		/** SplitMix64's finaliser: a second hash, independent enough, from the first. */
		private static long mix64(long z) {
			z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
			z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
			return z ^ (z >>> 31);
		}

	}

}
