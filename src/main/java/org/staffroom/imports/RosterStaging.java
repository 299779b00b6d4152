package org.staffroom.imports;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.staffroom.system.BulkInsert;
import org.staffroom.system.DatabaseProduct;
import org.staffroom.system.SecretTokens;

/**
 * A roster import's students and enrolments, staged in the database while the import checks them
 * (migration V11), so that the import's memory does not grow with them: they are most of a roster's
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

	private static final List<String> USER_COLUMNS = List.of("run_id", "row_number", "source_id", "student",
			"deleted", "invalid", "first_name", "last_name", "external_id");

	private static final int[] USER_TYPES = { Types.VARCHAR, Types.INTEGER, Types.VARCHAR, Types.BOOLEAN,
			Types.BOOLEAN, Types.BOOLEAN, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR };

	private static final List<String> ENROLMENT_COLUMNS = List.of("run_id", "row_number", "source_id",
			"student_source", "class_source", "homeroom");

	private static final int[] ENROLMENT_TYPES = { Types.VARCHAR, Types.INTEGER, Types.VARCHAR, Types.VARCHAR,
			Types.VARCHAR, Types.BOOLEAN };

	private final JdbcTemplate jdbc;

	// Reads a page of rows at a time (PostgreSQL otherwise fetches a whole result before the first row).
	private final JdbcTemplate paged;

	private final BulkInsert bulk;

	private final boolean postgres;

	RosterStaging(JdbcTemplate jdbc, BulkInsert bulk, DatabaseProduct database) {
		this.jdbc = jdbc;
		this.paged = new JdbcTemplate(jdbc.getDataSource());
		this.paged.setFetchSize(1_000);
		this.bulk = bulk;
		this.postgres = database.postgres();
	}

	/** A student of users.csv, with the class chosen from their enrolments (null: none). */
	record StagedPupil(int row, String sourceId, String firstName, String lastName, String externalId,
			boolean deleted, String classSource) {
	}

	/** Starts staging, in the caller's transaction. */
	Staged open() {
		if (this.postgres) {
			// Same name as the permanent table, so the same SQL reads it: the temporary one comes first.
			this.jdbc.execute("CREATE TEMPORARY TABLE IF NOT EXISTS roster_staged_users (LIKE roster_staged_users) "
					+ "ON COMMIT DROP");
			this.jdbc.execute("CREATE TEMPORARY TABLE IF NOT EXISTS roster_staged_enrolments "
					+ "(LIKE roster_staged_enrolments) ON COMMIT DROP");
		}
		return new Staged(SecretTokens.newId());
	}

	/** One run's staged rows. */
	final class Staged implements AutoCloseable {

		private final String run;

		private BulkInsert.Rows users;

		private BulkInsert.Rows enrolments;

		private Staged(String run) {
			this.run = run;
		}

		/** Stages a row of users.csv (a member of staff: the sourcedId only). Until {@link #usersRead()}, no other SQL. */
		void user(int row, String sourceId, boolean student, boolean deleted, boolean invalid, String firstName,
				String lastName, String externalId) {
			if (this.users == null) {
				this.users = RosterStaging.this.bulk.open("roster_staged_users", USER_COLUMNS, USER_TYPES);
			}
			this.users.add(this.run, row, sourceId, student, deleted, invalid, firstName, lastName, externalId);
		}

		/** Ends staging users.csv. */
		void usersRead() {
			if (this.users != null) {
				this.users.close();
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
			}
			this.enrolments.add(this.run, row, sourceId, studentSource, classSource, homeroom);
		}

		/** Ends staging enrollments.csv. */
		void enrolmentsRead() {
			if (this.enrolments != null) {
				this.enrolments.close();
				this.enrolments = null;
				analyze("roster_staged_enrolments");
			}
		}

		/** A row of users.csv whose sourcedId is on an earlier row too. */
		record LaterUser(int row, String sourceId, boolean student) {
		}

		/** Every row of users.csv whose sourcedId is on an earlier row too. */
		void laterUsers(Consumer<LaterUser> each) {
			RosterStaging.this.paged.query("""
					SELECT u.row_number, u.source_id, u.student FROM roster_staged_users u
					JOIN (SELECT source_id, MIN(row_number) AS first_row FROM roster_staged_users WHERE run_id = ?
					      GROUP BY source_id HAVING COUNT(*) > 1) d ON d.source_id = u.source_id
					WHERE u.run_id = ? AND u.row_number > d.first_row ORDER BY u.row_number""",
					(rs) -> {
						each.accept(new LaterUser(rs.getInt(1), rs.getString(2), rs.getBoolean(3)));
					}, this.run, this.run);
		}

		/** A student's row whose identifier another student's row has too. */
		record SharedIdentifier(int row, String externalId, boolean deleted) {
		}

		/** The students' rows whose identifier is on another student's row, by identifier then row. */
		void sharedIdentifiers(Consumer<SharedIdentifier> each) {
			RosterStaging.this.paged.query("""
					SELECT u.row_number, u.external_id, u.deleted FROM roster_staged_users u
					JOIN (SELECT external_id FROM roster_staged_users WHERE run_id = ? AND student
					      GROUP BY external_id HAVING COUNT(*) > 1) d ON d.external_id = u.external_id
					WHERE u.run_id = ? AND u.student ORDER BY u.external_id, u.row_number""",
					(rs) -> {
						each.accept(new SharedIdentifier(rs.getInt(1), rs.getString(2), rs.getBoolean(3)));
					}, this.run, this.run);
		}

		/** A row of enrollments.csv whose sourcedId is on an earlier row ({@code firstRow}) too. */
		record LaterEnrolment(int row, String sourceId, int firstRow) {
		}

		void laterEnrolments(Consumer<LaterEnrolment> each) {
			RosterStaging.this.paged.query("""
					SELECT e.row_number, e.source_id, d.first_row FROM roster_staged_enrolments e
					JOIN (SELECT source_id, MIN(row_number) AS first_row FROM roster_staged_enrolments WHERE run_id = ?
					      GROUP BY source_id HAVING COUNT(*) > 1) d ON d.source_id = e.source_id
					WHERE e.run_id = ? AND e.row_number > d.first_row ORDER BY e.row_number""",
					(rs) -> {
						each.accept(new LaterEnrolment(rs.getInt(1), rs.getString(2), rs.getInt(3)));
					}, this.run, this.run);
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
			RosterStaging.this.paged.query("SELECT e.student_source, e.row_number, e.class_source "
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
			RosterStaging.this.paged.query("""
					SELECT u.row_number, u.source_id, u.first_name, u.last_name, u.external_id, u.deleted, c.class_source
					FROM roster_staged_users u
					LEFT JOIN (SELECT student_source, class_source FROM (
					             SELECT student_source, class_source, ROW_NUMBER() OVER (PARTITION BY student_source
					                    ORDER BY homeroom DESC, class_source%s) AS choice
					             FROM roster_staged_enrolments WHERE run_id = ? AND student_source IS NOT NULL) e
					           WHERE choice = 1) c ON c.student_source = u.source_id
					WHERE u.run_id = ? AND u.student AND NOT u.invalid ORDER BY u.row_number""".formatted(ordinal()),
					(rs) -> {
						each.accept(new StagedPupil(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
								rs.getString(5), rs.getBoolean(6), rs.getString(7)));
					}, this.run, this.run);
		}

		/** A pupil imported from a roster before, who is no student of users.csv now. */
		record MissingPupil(String id, String classId, String sourceId) {
		}

		/**
		 * The organisation's roster pupils (the results feature's {@code pupils} table) who are no
		 * student of users.csv, one at a time.
		 */
		void missingPupils(String organisationId, Consumer<MissingPupil> each) {
			RosterStaging.this.paged.query("""
					SELECT p.id, p.class_id, p.source_id FROM pupils p
					WHERE p.organisation_id = ? AND p.source_id IS NOT NULL
					  AND NOT EXISTS (SELECT 1 FROM roster_staged_users u WHERE u.run_id = ? AND u.student
					                  AND u.source_id = p.source_id)""",
					(rs) -> {
						each.accept(new MissingPupil(rs.getString(1), rs.getString(2), rs.getString(3)));
					}, organisationId, this.run);
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
			if (!RosterStaging.this.postgres) {
				RosterStaging.this.jdbc.update("DELETE FROM roster_staged_users WHERE run_id = ?", this.run);
				RosterStaging.this.jdbc.update("DELETE FROM roster_staged_enrolments WHERE run_id = ?", this.run);
			}
		}

	}

	private void analyze(String table) {
		// Temporary tables get no statistics unless asked, and the checks' joins are planned from them.
		if (this.postgres) {
			this.jdbc.execute("ANALYZE " + table);
		}
	}

	/** Code-point order for sourcedIds on PostgreSQL too (H2 compares them so already), whatever its collation. */
	private String ordinal() {
		return this.postgres ? " COLLATE \"C\"" : "";
	}

}
