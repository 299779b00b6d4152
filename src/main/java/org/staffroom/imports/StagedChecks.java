package org.staffroom.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The checks of one run's staged rows, made in SQL once a file's rows are all staged
 * (duplicates, references, each pupil's class), and the reads of what is staged, a page
 * at a time.
 */
final class StagedChecks {

	private final StagingSql sql;

	private final String run;

	private final StagedRoster staged;

	StagedChecks(StagingSql sql, String run, StagedRoster staged) {
		this.sql = sql;
		this.run = run;
		this.staged = staged;
	}

	/**
	 * A student of users.csv, with the class chosen from their enrolments (null: none)
	 * and, when they have none, the sourcedId of their school (null: none).
	 */
	record StagedPupil(int row, String sourceId, String firstName, String lastName, String externalId, boolean deleted,
			String classSource, String schoolSource) {
	}

	/**
	 * A pupil imported before who enrols in a class without a users.csv row: their
	 * sourcedId, the class's.
	 */
	record PupilMove(String studentSource, String classSource) {
	}

	/**
	 * A user of a 1.2 package whom roles.csv gives no student role: {@code anyRole}, some
	 * other role.
	 */
	record NotAStudent(int row, boolean anyRole) {
	}

	/**
	 * Decides the pending users of a 1.2 package: those whom roles.csv gives a student
	 * role (or who are leaving) are students; the others are handed to {@code each} and
	 * forgotten. Then each student among them whose name is missing, longer than
	 * {@code maxName} or has characters a name may not have ({@link RosterRun#text}), or
	 * whose identifier is longer than {@code maxIdentifier}, is handed to
	 * {@code badName}, and marked invalid.
	 */
	void pendingUsers(Consumer<NotAStudent> each, Consumer<StagedPupil> badName, int maxName, int maxIdentifier) {
		if (this.staged.pendingUsers() == 0) {
			return;
		}
		String noStudentRole = " WHERE run_id = ? AND pending AND NOT deleted AND NOT EXISTS (SELECT 1 FROM "
				+ "roster_staged_roles r WHERE r.run_id = roster_staged_users.run_id "
				+ "AND r.user_source = roster_staged_users.source_id AND r.student)";
		if (this.sql.read("staging: pending users",
				"SELECT row_number, has_roles OR EXISTS (SELECT 1 FROM roster_staged_roles r "
						+ "WHERE r.run_id = roster_staged_users.run_id AND r.user_source = roster_staged_users.source_id) "
						+ "FROM roster_staged_users" + noStudentRole,
				(rs) -> each.accept(new NotAStudent(rs.getInt(1), rs.getBoolean(2))), this.run)) {
			this.sql.jdbc.update("DELETE FROM roster_staged_users" + noStudentRole, this.run);
		}
		String badNames = " WHERE run_id = ? AND pending AND NOT deleted AND (first_name IS NULL OR last_name IS NULL"
				+ " OR LENGTH(first_name) > ? OR LENGTH(last_name) > ? OR LENGTH(external_id) > ? OR bad_text)";
		if (this.sql.read("staging: pending students' names",
				"SELECT row_number, source_id, first_name, last_name, external_id, deleted FROM roster_staged_users"
						+ badNames + " ORDER BY row_number",
				(rs) -> badName.accept(new StagedPupil(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getString(5), rs.getBoolean(6), null, null)),
				this.run, maxName, maxName, maxIdentifier)) {
			this.sql.jdbc.update("UPDATE roster_staged_users SET invalid = TRUE" + badNames, this.run, maxName, maxName,
					maxIdentifier);
		}
	}

	/** A row of users.csv whose sourcedId is on an earlier row too. */
	record LaterUser(int row, String sourceId, boolean student) {
	}

	/**
	 * Every row of users.csv whose sourcedId is on an earlier row too; those of students
	 * are then marked repeated (never pupils, and left out of the identifier check).
	 */
	void laterUsers(Consumer<LaterUser> each) {
		boolean[] students = { false };
		this.sql.read("staging: laterUsers", """
				SELECT u.row_number, u.source_id, u.student FROM roster_staged_users u
				JOIN (SELECT source_id, MIN(row_number) AS first_row FROM roster_staged_users WHERE run_id = ?
				      GROUP BY source_id HAVING COUNT(*) > 1) d ON d.source_id = u.source_id
				WHERE u.run_id = ? AND u.row_number > d.first_row ORDER BY u.row_number""", (rs) -> {
			students[0] |= rs.getBoolean(3);
			each.accept(new LaterUser(rs.getInt(1), rs.getString(2), rs.getBoolean(3)));
		}, this.run, this.run);
		if (!students[0]) {
			return;
		}
		this.sql.jdbc
			.update("""
					UPDATE roster_staged_users SET repeated = TRUE WHERE run_id = ? AND student AND EXISTS (
					  SELECT 1 FROM roster_staged_users e WHERE e.run_id = roster_staged_users.run_id
					    AND e.source_id = roster_staged_users.source_id AND e.row_number < roster_staged_users.row_number)""",
					this.run);
	}

	/**
	 * An active student's row whose identifier is on an earlier student's row
	 * ({@code firstRow}) too.
	 */
	record SharedIdentifier(int row, String externalId, int firstRow) {
	}

	/**
	 * The active students' rows (repeated ones aside) whose identifier is on an earlier
	 * student's row; then they are marked repeated.
	 */
	void sharedIdentifiers(Consumer<SharedIdentifier> each) {
		if (!this.sql.read("staging: sharedIdentifiers", """
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
		this.sql.jdbc.update("""
				UPDATE roster_staged_users SET repeated = TRUE WHERE run_id = ? AND student AND NOT deleted
				  AND NOT repeated AND EXISTS (
				  SELECT 1 FROM roster_staged_users e WHERE e.run_id = roster_staged_users.run_id AND e.student
				    AND NOT e.repeated AND e.external_id = roster_staged_users.external_id
				    AND e.row_number < roster_staged_users.row_number)""", this.run);
	}

	/**
	 * A row of enrollments.csv whose sourcedId is on an earlier row ({@code firstRow})
	 * too.
	 */
	record LaterEnrolment(int row, String sourceId, int firstRow) {
	}

	/**
	 * Every row of enrollments.csv whose sourcedId is on an earlier row too, by
	 * sourcedId. Only the sourcedIds that the Bloom filter flagged are looked at (usually
	 * none: then no statement at all), rather than grouping every enrolment, which costs
	 * half a second for a large district.
	 */
	void laterEnrolments(Consumer<LaterEnrolment> each) {
		if (this.staged.enrolmentsSeenBefore() == 0) {
			return;
		}
		this.sql.read("staging: laterEnrolments", """
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
	 * The student enrolments of people who are no student in users.csv, one
	 * {@link UnknownStudent} each, with all their rows and the first of their classes by
	 * sourcedId.
	 */
	void unknownStudents(Consumer<UnknownStudent> each) {
		List<Integer> rows = new ArrayList<>();
		String[] current = { null, null };
		this.sql.read("staging: unknownStudents",
				"SELECT e.student_source, e.row_number, e.class_source "
						+ "FROM roster_staged_enrolments e WHERE e.run_id = ? AND e.student_source IS NOT NULL "
						+ "AND NOT EXISTS (SELECT 1 FROM roster_staged_users u WHERE u.run_id = e.run_id AND u.student "
						+ "AND u.source_id = e.student_source) ORDER BY e.student_source" + this.sql.ordinal()
						+ ", e.row_number",
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
	 * Every student of users.csv not marked invalid, in row order, with the class chosen
	 * for them: a homeroom if they have one, else the first of their classes by sourcedId
	 * (compared by code point on both databases), so that the choice does not depend on
	 * the order of the files; one with no class, with their school (from users.csv, or
	 * the first of their student roles' schools by sourcedId). Each is handed on as it is
	 * read; {@code each} may run other statements in the transaction.
	 */
	void pupils(Consumer<StagedPupil> each) {
		this.sql.read("staging: pupils", """
				SELECT u.row_number, u.source_id, u.first_name, u.last_name, u.external_id, u.deleted, c.class_source,
				       CASE WHEN c.class_source IS NULL THEN COALESCE(u.school_source,
				         (SELECT MIN(r.org_source%1$s) FROM roster_staged_roles r WHERE r.run_id = u.run_id
				          AND r.user_source = u.source_id AND r.student)) END
				FROM roster_staged_users u
				LEFT JOIN (SELECT student_source, COALESCE(MIN(CASE WHEN homeroom THEN class_source%1$s END),
				                  MIN(class_source%1$s)) AS class_source
				           FROM roster_staged_enrolments WHERE run_id = ? AND student_source IS NOT NULL
				           GROUP BY student_source) c ON c.student_source = u.source_id
				WHERE u.run_id = ? AND u.student AND NOT u.invalid AND NOT u.repeated
				ORDER BY u.row_number""".formatted(this.sql.ordinal()),
				(rs) -> each.accept(new StagedPupil(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getString(5), rs.getBoolean(6), rs.getString(7), rs.getString(8))),
				this.run, this.run);
	}

	/** The staged moves, one at a time; {@code each} may run other statements. */
	void forEachMove(Consumer<PupilMove> each) {
		this.sql.read("staging: moves", "SELECT student_source, class_source FROM roster_staged_moves WHERE run_id = ?",
				(rs) -> each.accept(new PupilMove(rs.getString(1), rs.getString(2))), this.run);
	}

	/** A pupil imported from a roster before, who is no student of users.csv now. */
	record MissingPupil(String id, String classId, String sourceId) {
	}

	/**
	 * The organisation's roster pupils (the results feature's {@code pupils} table) who
	 * are no student of users.csv and do not move by enrolment alone, one at a time.
	 */
	void missingPupils(String organisationId, Consumer<MissingPupil> each) {
		this.sql.read("staging: missingPupils", """
				SELECT p.id, p.class_id, p.source_id FROM pupils p
				WHERE p.organisation_id = ? AND p.source_id IS NOT NULL
				  AND NOT EXISTS (SELECT 1 FROM roster_staged_users u WHERE u.run_id = ? AND u.student
				                  AND u.source_id = p.source_id)
				  AND NOT EXISTS (SELECT 1 FROM roster_staged_moves m WHERE m.run_id = ?
				                  AND m.student_source = p.source_id)""",
				(rs) -> each.accept(new MissingPupil(rs.getString(1), rs.getString(2), rs.getString(3))),
				organisationId, this.run, this.run);
	}

}
