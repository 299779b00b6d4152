package org.staffroom.imports;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.staffroom.system.jdbc.BulkInsert;
import org.staffroom.system.jdbc.DatabaseProduct;

/**
 * A roster import's students and enrolments (with OneRoster 1.2's roles of students and guardians,
 * and a delta's pupils who enrol without a users.csv row), staged in the database while the import
 * checks them (migration V11), so that the import's memory does not grow with them: they are most of a roster's
 * rows (a large district has 150,000 students and 600,000 enrolments against 15,000 staff and 6,000
 * classes). Their duplicate and reference checks and each pupil's choice of class are made in SQL, and
 * the pupils are read back a page at a time.
 *
 * <p>Everything happens in the import's transaction and leaves nothing behind: on PostgreSQL the run's
 * rows go into temporary tables dropped at its end; on H2 into the permanent tables under the run's
 * id, deleted by {@link Staged#close()}.
 */
@Component
class RosterStaging {

	private static final Logger log = LoggerFactory.getLogger(RosterStaging.class);

	private static final List<String> USER_COLUMNS = List.of("run_id", "row_number", "source_id", "student",
			"deleted", "invalid", "first_name", "last_name", "external_id", "pending", "has_roles");

	private static final int[] USER_TYPES = { Types.VARCHAR, Types.INTEGER, Types.VARCHAR, Types.BOOLEAN,
			Types.BOOLEAN, Types.BOOLEAN, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.BOOLEAN, Types.BOOLEAN };

	private static final List<String> MOVE_COLUMNS = List.of("run_id", "student_source", "class_source");

	private static final int[] MOVE_TYPES = { Types.VARCHAR, Types.VARCHAR, Types.VARCHAR };

	private static final List<String> TABLES = List.of("roster_staged_users", "roster_staged_enrolments",
			"roster_staged_roles", "roster_staged_moves");

	private static final List<String> ROLE_COLUMNS = List.of("run_id", "user_source", "student");

	private static final int[] ROLE_TYPES = { Types.VARCHAR, Types.VARCHAR, Types.BOOLEAN };

	private static final List<String> ENROLMENT_COLUMNS = List.of("run_id", "row_number", "source_id",
			"student_source", "class_source", "homeroom", "seen_before");

	private static final int[] ENROLMENT_TYPES = { Types.VARCHAR, Types.INTEGER, Types.VARCHAR, Types.VARCHAR,
			Types.VARCHAR, Types.BOOLEAN, Types.BOOLEAN };

	private final JdbcTemplate jdbc;

	// Reads a page of rows at a time (PostgreSQL otherwise fetches a whole result before the first row).
	private final JdbcTemplate paged;

	private final BulkInsert bulk;

	private final PlannerStatistics statistics;

	private final boolean postgres;

	RosterStaging(JdbcTemplate jdbc, BulkInsert bulk, PlannerStatistics statistics, DatabaseProduct database) {
		this.jdbc = jdbc;
		this.statistics = statistics;
		this.paged = new JdbcTemplate(jdbc.getDataSource());
		this.paged.setFetchSize(1_000);
		this.bulk = bulk;
		this.postgres = database.postgres();
	}

	/** A student of users.csv, with the class chosen from their enrolments (null: none). */
	record StagedPupil(int row, String sourceId, String firstName, String lastName, String externalId,
			boolean deleted, String classSource) {
	}

	// Tells one run's rows from another's on H2, where every run stages into the same tables. H2 is
	// embedded (one node), and staged rows never outlive their transaction, so a count kept by this
	// node is enough; on PostgreSQL each run has temporary tables of its own. Short, since every row
	// carries it.
	private final java.util.concurrent.atomic.AtomicLong runs = new java.util.concurrent.atomic.AtomicLong();

	/** Starts staging, in the caller's transaction. */
	Staged open() {
		if (this.postgres) {
			// The checks group, join and sort hundreds of thousands of staged rows: in memory, not on disk.
			this.jdbc.execute("SET LOCAL work_mem = '64MB'");
			// Same name as the permanent table, so the same SQL reads it: the temporary one comes first.
			for (String table : TABLES) {
				this.jdbc.execute("CREATE TEMPORARY TABLE IF NOT EXISTS " + table + " (LIKE " + table
						+ " INCLUDING DEFAULTS) ON COMMIT DROP");
			}
		}
		return new Staged(Long.toString(this.runs.incrementAndGet(), 36));
	}

	/** One run's staged rows. */
	final class Staged implements AutoCloseable {

		private final String run;

		private BulkInsert.Rows users;

		private BulkInsert.Rows enrolments;

		private BulkInsert.Rows roles;

		private long pendingUsers;

		private SeenIds seenEnrolments;

		private long enrolmentsSeenBefore;

		private Staged(String run) {
			this.run = run;
		}

		/**
		 * Stages a OneRoster 1.2 roles.csv row that makes no member of staff (a student's, a guardian's).
		 * Until {@link #rolesRead()}, no other SQL.
		 */
		void role(String userSource, boolean student) {
			if (this.roles == null) {
				this.roles = RosterStaging.this.bulk.open("roster_staged_roles", ROLE_COLUMNS, ROLE_TYPES);
			}
			this.roles.add(this.run, userSource, student);
		}

		/** Ends staging roles.csv. */
		void rolesRead() {
			if (this.roles != null) {
				timed("staging: roles written", this.roles::close);
				this.roles = null;
				analyze("roster_staged_roles");
			}
		}

		/** Stages a row of users.csv (a member of staff: the sourcedId only). Until {@link #usersRead()}, no other SQL. */
		void user(int row, String sourceId, boolean student, boolean deleted, boolean invalid, String firstName,
				String lastName, String externalId) {
			user(row, sourceId, student, deleted, invalid, firstName, lastName, externalId, false, false);
		}

		/**
		 * Stages a user of a OneRoster 1.2 package with no staff role: a student if roles.csv gives them a
		 * student role (or they are leaving), which {@link #pendingUsers} decides once everything is
		 * staged; {@code hasRoles}: they had a staff role, ended.
		 */
		void pendingUser(int row, String sourceId, boolean deleted, String firstName, String lastName,
				String externalId, boolean hasRoles) {
			this.pendingUsers++;
			user(row, sourceId, true, deleted, false, firstName, lastName, externalId, true, hasRoles);
		}

		private void user(int row, String sourceId, boolean student, boolean deleted, boolean invalid,
				String firstName, String lastName, String externalId, boolean pending, boolean hasRoles) {
			if (this.users == null) {
				this.users = RosterStaging.this.bulk.open("roster_staged_users", USER_COLUMNS, USER_TYPES);
			}
			this.users.add(this.run, row, sourceId, student, deleted, invalid, firstName, lastName, externalId, pending,
					hasRoles);
		}

		/** A user of a 1.2 package whom roles.csv gives no student role: {@code anyRole}, some other role. */
		record NotAStudent(int row, boolean anyRole) {
		}

		/**
		 * Decides the pending users of a 1.2 package: those whom roles.csv gives a student role (or who are
		 * leaving) are students; the others are handed to {@code each} and forgotten. Then each student
		 * among them whose name is missing or longer than {@code maxName}, or whose identifier is longer
		 * than {@code maxIdentifier}, is handed to {@code badName}, and marked invalid.
		 */
		void pendingUsers(Consumer<NotAStudent> each, Consumer<StagedPupil> badName, int maxName, int maxIdentifier) {
			if (this.pendingUsers == 0) {
				return;
			}
			String noStudentRole = " WHERE run_id = ? AND pending AND NOT deleted AND NOT EXISTS (SELECT 1 FROM "
					+ "roster_staged_roles r WHERE r.run_id = roster_staged_users.run_id "
					+ "AND r.user_source = roster_staged_users.source_id AND r.student)";
			if (read("staging: pending users",
					"SELECT row_number, has_roles OR EXISTS (SELECT 1 FROM roster_staged_roles r "
							+ "WHERE r.run_id = roster_staged_users.run_id AND r.user_source = roster_staged_users.source_id) "
							+ "FROM roster_staged_users" + noStudentRole,
					(rs) -> each.accept(new NotAStudent(rs.getInt(1), rs.getBoolean(2))), this.run)) {
				RosterStaging.this.jdbc.update("DELETE FROM roster_staged_users" + noStudentRole, this.run);
			}
			String badNames = " WHERE run_id = ? AND pending AND NOT deleted AND (first_name IS NULL OR last_name IS NULL"
					+ " OR LENGTH(first_name) > ? OR LENGTH(last_name) > ? OR LENGTH(external_id) > ?)";
			if (read("staging: pending students' names",
					"SELECT row_number, source_id, first_name, last_name, external_id, deleted FROM roster_staged_users"
							+ badNames + " ORDER BY row_number",
					(rs) -> badName.accept(new StagedPupil(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
							rs.getString(5), rs.getBoolean(6), null)),
					this.run, maxName, maxName, maxIdentifier)) {
				RosterStaging.this.jdbc.update("UPDATE roster_staged_users SET invalid = TRUE" + badNames, this.run,
						maxName, maxName, maxIdentifier);
			}
		}

		/** Ends staging users.csv. */
		void usersRead() {
			if (this.users != null) {
				timed("staging: users written", this.users::close);
				this.users = null;
				analyze("roster_staged_users");
			}
		}

		/**
		 * Stages a row of enrollments.csv; {@code studentSource} and the rest only for an active student
		 * enrolment in a known class. Until {@link #enrolmentsRead()}, no other SQL.
		 */
		void enrolment(int row, String sourceId, String studentSource, String classSource, Boolean homeroom) {
			if (this.enrolments == null) {
				this.enrolments = RosterStaging.this.bulk.open("roster_staged_enrolments", ENROLMENT_COLUMNS,
						ENROLMENT_TYPES);
				this.seenEnrolments = new SeenIds();
			}
			boolean seen = this.seenEnrolments.add(sourceId);
			if (seen) {
				this.enrolmentsSeenBefore++;
			}
			this.enrolments.add(this.run, row, sourceId, studentSource, classSource, homeroom, seen);
		}

		/** Ends staging enrollments.csv. */
		void enrolmentsRead() {
			if (this.enrolments != null) {
				timed("staging: enrolments written", this.enrolments::close);
				this.enrolments = null;
				this.seenEnrolments = null;
				analyze("roster_staged_enrolments");
			}
		}

		/** A row of users.csv whose sourcedId is on an earlier row too. */
		record LaterUser(int row, String sourceId, boolean student) {
		}

		/**
		 * Every row of users.csv whose sourcedId is on an earlier row too; those of students are then
		 * marked repeated (never pupils, and left out of the identifier check).
		 */
		void laterUsers(Consumer<LaterUser> each) {
			boolean[] students = { false };
			read("staging: laterUsers", """
					SELECT u.row_number, u.source_id, u.student FROM roster_staged_users u
					JOIN (SELECT source_id, MIN(row_number) AS first_row FROM roster_staged_users WHERE run_id = ?
					      GROUP BY source_id HAVING COUNT(*) > 1) d ON d.source_id = u.source_id
					WHERE u.run_id = ? AND u.row_number > d.first_row ORDER BY u.row_number""",
					(rs) -> {
						students[0] |= rs.getBoolean(3);
						each.accept(new LaterUser(rs.getInt(1), rs.getString(2), rs.getBoolean(3)));
					}, this.run, this.run);
			if (!students[0]) {
				return;
			}
			RosterStaging.this.jdbc.update("""
					UPDATE roster_staged_users SET repeated = TRUE WHERE run_id = ? AND student AND EXISTS (
					  SELECT 1 FROM roster_staged_users e WHERE e.run_id = roster_staged_users.run_id
					    AND e.source_id = roster_staged_users.source_id AND e.row_number < roster_staged_users.row_number)""",
					this.run);
		}

		/** An active student's row whose identifier is on an earlier student's row ({@code firstRow}) too. */
		record SharedIdentifier(int row, String externalId, int firstRow) {
		}

		/**
		 * The active students' rows (repeated ones aside) whose identifier is on an earlier student's row;
		 * then they are marked repeated.
		 */
		void sharedIdentifiers(Consumer<SharedIdentifier> each) {
			if (!read("staging: sharedIdentifiers", """
					SELECT u.row_number, u.external_id, d.first_row FROM roster_staged_users u
					JOIN (SELECT external_id, MIN(row_number) AS first_row FROM roster_staged_users
					      WHERE run_id = ? AND student AND NOT repeated
					      GROUP BY external_id HAVING COUNT(*) > 1) d ON d.external_id = u.external_id
					WHERE u.run_id = ? AND u.student AND NOT u.repeated AND NOT u.deleted AND u.row_number > d.first_row
					ORDER BY u.row_number""",
					(rs) -> each.accept(new SharedIdentifier(rs.getInt(1), rs.getString(2), rs.getInt(3))), this.run,
					this.run)) {
				return;
			}
			RosterStaging.this.jdbc.update("""
					UPDATE roster_staged_users SET repeated = TRUE WHERE run_id = ? AND student AND NOT deleted
					  AND NOT repeated AND EXISTS (
					  SELECT 1 FROM roster_staged_users e WHERE e.run_id = roster_staged_users.run_id AND e.student
					    AND NOT e.repeated AND e.external_id = roster_staged_users.external_id
					    AND e.row_number < roster_staged_users.row_number)""",
					this.run);
		}

		/** A row of enrollments.csv whose sourcedId is on an earlier row ({@code firstRow}) too. */
		record LaterEnrolment(int row, String sourceId, int firstRow) {
		}

		/**
		 * Every row of enrollments.csv whose sourcedId is on an earlier row too, by sourcedId. Only the
		 * sourcedIds that the Bloom filter flagged are looked at (usually none: then no statement at all),
		 * rather than grouping every enrolment, which costs half a second for a large district.
		 */
		void laterEnrolments(Consumer<LaterEnrolment> each) {
			if (this.enrolmentsSeenBefore == 0) {
				return;
			}
			read("staging: laterEnrolments", """
					SELECT e.row_number, e.source_id, d.first_row FROM roster_staged_enrolments e
					JOIN (SELECT source_id, MIN(row_number) AS first_row FROM roster_staged_enrolments
					      WHERE run_id = ? AND source_id IN (SELECT source_id FROM roster_staged_enrolments
					                                         WHERE run_id = ? AND seen_before)
					      GROUP BY source_id HAVING COUNT(*) > 1) d ON d.source_id = e.source_id
					WHERE e.run_id = ? AND e.row_number > d.first_row ORDER BY e.row_number""",
					(rs) -> each.accept(new LaterEnrolment(rs.getInt(1), rs.getString(2), rs.getInt(3))), this.run,
					this.run, this.run);
		}

		/** A student enrolment of someone who is no student of users.csv. */
		record UnknownStudent(String studentSource, List<Integer> rows, String firstClass) {
		}

		/**
		 * The student enrolments of people who are no student in users.csv, one {@link UnknownStudent}
		 * each, with all their rows and the first of their classes by sourcedId.
		 */
		void unknownStudents(Consumer<UnknownStudent> each) {
			List<Integer> rows = new ArrayList<>();
			String[] current = { null, null };
			read("staging: unknownStudents", "SELECT e.student_source, e.row_number, e.class_source "
					+ "FROM roster_staged_enrolments e WHERE e.run_id = ? AND e.student_source IS NOT NULL "
					+ "AND NOT EXISTS (SELECT 1 FROM roster_staged_users u WHERE u.run_id = e.run_id AND u.student "
					+ "AND u.source_id = e.student_source) ORDER BY e.student_source" + ordinal() + ", e.row_number",
					(rs) -> {
						String student = rs.getString(1);
						if (!student.equals(current[0]) && current[0] != null) {
							each.accept(new UnknownStudent(current[0], List.copyOf(rows), current[1]));
							rows.clear();
							current[1] = null;
						}
						current[0] = student;
						rows.add(rs.getInt(2));
						String clazz = rs.getString(3);
						if (current[1] == null || clazz.compareTo(current[1]) < 0) {
							current[1] = clazz;
						}
					}, this.run);
			if (current[0] != null) {
				each.accept(new UnknownStudent(current[0], List.copyOf(rows), current[1]));
			}
		}

		/**
		 * Every student of users.csv not marked invalid, in row order, with the class chosen for them: a
		 * homeroom if they have one, else the first of their classes by sourcedId (compared by code
		 * point on both databases), so that the choice does not depend on the order of the files. Each
		 * is handed on as it is read; {@code each} may run other statements in the transaction.
		 */
		void pupils(Consumer<StagedPupil> each) {
			read("staging: pupils", """
					SELECT u.row_number, u.source_id, u.first_name, u.last_name, u.external_id, u.deleted, c.class_source
					FROM roster_staged_users u
					LEFT JOIN (SELECT student_source, COALESCE(MIN(CASE WHEN homeroom THEN class_source%1$s END),
					                  MIN(class_source%1$s)) AS class_source
					           FROM roster_staged_enrolments WHERE run_id = ? AND student_source IS NOT NULL
					           GROUP BY student_source) c ON c.student_source = u.source_id
					WHERE u.run_id = ? AND u.student AND NOT u.invalid AND NOT u.repeated
					ORDER BY u.row_number""".formatted(ordinal()),
					(rs) -> each.accept(new StagedPupil(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
							rs.getString(5), rs.getBoolean(6), rs.getString(7))), this.run, this.run);
		}

		/** Stages pupils imported before who enrol without a users.csv row: {student sourcedId, class sourcedId} each. */
		void moves(List<String[]> moves) {
			List<Object[]> rows = new ArrayList<>(moves.size());
			for (String[] move : moves) {
				rows.add(new Object[] { this.run, move[0], move[1] });
			}
			RosterStaging.this.bulk.into("roster_staged_moves", MOVE_COLUMNS, MOVE_TYPES, rows);
		}

		/** The staged moves, one {student sourcedId, class sourcedId} at a time; {@code each} may run other statements. */
		void forEachMove(Consumer<String[]> each) {
			read("staging: moves", "SELECT student_source, class_source FROM roster_staged_moves WHERE run_id = ?",
					(rs) -> each.accept(new String[] { rs.getString(1), rs.getString(2) }), this.run);
		}

		/** A pupil imported from a roster before, who is no student of users.csv now. */
		record MissingPupil(String id, String classId, String sourceId) {
		}

		/**
		 * The organisation's roster pupils (the results feature's {@code pupils} table) who are no
		 * student of users.csv and do not move by enrolment alone, one at a time.
		 */
		void missingPupils(String organisationId, Consumer<MissingPupil> each) {
			read("staging: missingPupils", """
					SELECT p.id, p.class_id, p.source_id FROM pupils p
					WHERE p.organisation_id = ? AND p.source_id IS NOT NULL
					  AND NOT EXISTS (SELECT 1 FROM roster_staged_users u WHERE u.run_id = ? AND u.student
					                  AND u.source_id = p.source_id)
					  AND NOT EXISTS (SELECT 1 FROM roster_staged_moves m WHERE m.run_id = ?
					                  AND m.student_source = p.source_id)""",
					(rs) -> each.accept(new MissingPupil(rs.getString(1), rs.getString(2), rs.getString(3))), organisationId,
					this.run, this.run);
		}

		/** Ends the run's staging: H2's rows are deleted (PostgreSQL drops its tables at the transaction's end). */
		@Override
		public void close() {
			if (this.users != null) {
				this.users.abandon();
			}
			if (this.enrolments != null) {
				this.enrolments.abandon();
			}
			if (this.roles != null) {
				this.roles.abandon();
			}
			if (!RosterStaging.this.postgres) {
				for (String table : TABLES) {
					RosterStaging.this.jdbc.update("DELETE FROM " + table + " WHERE run_id = ?", this.run);
				}
			}
		}

	}

	/**
	 * A Bloom filter of sourcedIds, of a fixed 8 MiB whatever the number of ids: {@link #add} says
	 * whether an id may have been added before. It never misses a repeat; it wrongly says yes about
	 * once in fifty million ids for a large district (600,000 enrolments), and about twice in a
	 * thousand for eight times that; any yes costs one statement over the staged enrolments.
	 */
	static final class SeenIds {

		private static final int HASHES = 6;

		private final long[] bits = new long[1 << 20];

		/** Adds the id; true if every one of its bits was set already (it may have been added before). */
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

	/**
	 * Reads {@code sql}'s rows a page at a time into {@code each}, logging how long it took at debug
	 * level; whether there was any row.
	 */
	private boolean read(String step, String sql, RowCallbackHandler each, Object... params) {
		boolean[] any = { false };
		timed(step, () -> this.paged.query(sql, (java.sql.ResultSet rs) -> {
			any[0] = true;
			each.processRow(rs);
		}, params));
		return any[0];
	}

	/** Runs one step, logging how long it took at debug level (where an import's check spends its time). */
	private static void timed(String step, Runnable run) {
		long started = System.nanoTime();
		run.run();
		if (log.isDebugEnabled()) {
			log.debug("{}: {} ms", step, (System.nanoTime() - started) / 1_000_000);
		}
	}

	private void analyze(String table) {
		// Temporary tables get no statistics unless asked, and the checks' joins are planned from them.
		timed("staging: ANALYZE " + table, () -> this.statistics.sample(table));
	}

	/** Code-point order for sourcedIds on PostgreSQL too (H2 compares them so already), whatever its collation. */
	private String ordinal() {
		return this.postgres ? " COLLATE \"C\"" : "";
	}

}
