package org.staffroom.imports;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import org.staffroom.system.jdbc.BulkInsert;

/**
 * One run's staged rows, as they are read: users, enrolments, roles and moves, each
 * file's in one bulk write (COPY on PostgreSQL). {@link #checks()} reads them back;
 * {@link #close()} ends the run's staging.
 */
final class StagedRoster implements AutoCloseable {

	private static final List<String> USER_COLUMNS = List.of("run_id", "row_number", "source_id", "student", "deleted",
			"invalid", "first_name", "last_name", "external_id", "pending", "has_roles", "school_source", "bad_text");

	private static final int[] USER_TYPES = { Types.VARCHAR, Types.INTEGER, Types.VARCHAR, Types.BOOLEAN, Types.BOOLEAN,
			Types.BOOLEAN, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.BOOLEAN, Types.BOOLEAN, Types.VARCHAR,
			Types.BOOLEAN };

	private static final List<String> MOVE_COLUMNS = List.of("run_id", "student_source", "class_source");

	private static final int[] MOVE_TYPES = { Types.VARCHAR, Types.VARCHAR, Types.VARCHAR };

	private static final List<String> ROLE_COLUMNS = List.of("run_id", "user_source", "student", "org_source");

	private static final int[] ROLE_TYPES = { Types.VARCHAR, Types.VARCHAR, Types.BOOLEAN, Types.VARCHAR };

	private static final List<String> ENROLMENT_COLUMNS = List.of("run_id", "row_number", "source_id", "student_source",
			"class_source", "homeroom", "seen_before");

	private static final int[] ENROLMENT_TYPES = { Types.VARCHAR, Types.INTEGER, Types.VARCHAR, Types.VARCHAR,
			Types.VARCHAR, Types.BOOLEAN, Types.BOOLEAN };

	private final StagingSql sql;

	private final String run;

	private final StagedChecks checks;

	private BulkInsert.Rows users;

	private BulkInsert.Rows enrolments;

	private BulkInsert.Rows roles;

	private long pendingUsers;

	private RosterStaging.SeenIds seenEnrolments;

	private long enrolmentsSeenBefore;

	StagedRoster(StagingSql sql, String run) {
		this.sql = sql;
		this.run = run;
		this.checks = new StagedChecks(sql, run, this);
	}

	/** The checks made in SQL of what is staged, and the reads of it. */
	StagedChecks checks() {
		return this.checks;
	}

	/** The users staged pending a decision ({@link #pendingUser}). */
	long pendingUsers() {
		return this.pendingUsers;
	}

	/** The enrolments whose sourcedId the Bloom filter may have seen before. */
	long enrolmentsSeenBefore() {
		return this.enrolmentsSeenBefore;
	}

	/**
	 * Stages a OneRoster 1.2 roles.csv row that makes no member of staff (a student's, a
	 * guardian's). {@code school}: a student role's org, when it is a school (the pupil's
	 * school if they have no class). Until {@link #rolesRead()}, no other SQL.
	 */
	void role(String userSource, boolean student, String school) {
		if (this.roles == null) {
			this.roles = this.sql.bulk.open("roster_staged_roles", ROLE_COLUMNS, ROLE_TYPES);
		}
		this.roles.add(this.run, text(userSource), student, text(school));
	}

	/** Ends staging roles.csv. */
	void rolesRead() {
		if (this.roles != null) {
			StagingSql.timed("staging: roles written", this.roles::close);
			this.roles = null;
			this.sql.analyze("roster_staged_roles");
		}
	}

	/**
	 * Stages a row of users.csv (a member of staff: the sourcedId only; a student with
	 * the sourcedId of their school, if any, where they go without a class). Until
	 * {@link #usersRead()}, no other SQL.
	 */
	void user(int row, String sourceId, boolean student, boolean deleted, boolean invalid, String firstName,
			String lastName, String externalId, String school) {
		user(row, sourceId, student, deleted, invalid, firstName, lastName, externalId, false, false, school, false);
	}

	/**
	 * Stages a user of a OneRoster 1.2 package with no staff role: a student if roles.csv
	 * gives them a student role (or they are leaving), which
	 * {@link StagedChecks#pendingUsers} decides once everything is staged;
	 * {@code hasRoles}: they had a staff role, ended.
	 */
	void pendingUser(int row, String sourceId, boolean deleted, String firstName, String lastName, String externalId,
			boolean hasRoles) {
		this.pendingUsers++;
		user(row, sourceId, true, deleted, false, firstName, lastName, externalId, true, hasRoles, null,
				RosterRun.badCharacters(firstName) || RosterRun.badCharacters(lastName));
	}

	private void user(int row, String sourceId, boolean student, boolean deleted, boolean invalid, String firstName,
			String lastName, String externalId, boolean pending, boolean hasRoles, String school, boolean badText) {
		if (this.users == null) {
			this.users = this.sql.bulk.open("roster_staged_users", USER_COLUMNS, USER_TYPES);
		}
		this.users.add(this.run, row, text(sourceId), student, deleted, invalid, text(firstName), text(lastName),
				text(externalId), pending, hasRoles, school, badText);
	}

	/** Ends staging users.csv. */
	void usersRead() {
		if (this.users != null) {
			StagingSql.timed("staging: users written", this.users::close);
			this.users = null;
			this.sql.analyze("roster_staged_users");
		}
	}

	/**
	 * Stages a row of enrollments.csv; {@code student} only for an active student
	 * enrolment in a known class (else null). Until {@link #enrolmentsRead()}, no other
	 * SQL.
	 */
	void enrolment(int row, String sourceId, RosterEnrolmentsReader.StudentEnrolment student) {
		if (this.enrolments == null) {
			this.enrolments = this.sql.bulk.open("roster_staged_enrolments", ENROLMENT_COLUMNS, ENROLMENT_TYPES);
			this.seenEnrolments = new RosterStaging.SeenIds();
		}
		boolean seen = this.seenEnrolments.add(sourceId);
		if (seen) {
			this.enrolmentsSeenBefore++;
		}
		this.enrolments.add(this.run, row, text(sourceId), student == null ? null : text(student.studentSource()),
				student == null ? null : text(student.classSource()), student == null ? null : student.homeroom(),
				seen);
	}

	/** Ends staging enrollments.csv. */
	void enrolmentsRead() {
		if (this.enrolments != null) {
			StagingSql.timed("staging: enrolments written", this.enrolments::close);
			this.enrolments = null;
			this.seenEnrolments = null;
			this.sql.analyze("roster_staged_enrolments");
		}
	}

	/** Stages pupils imported before who enrol without a users.csv row. */
	void moves(List<StagedChecks.PupilMove> moves) {
		List<Object[]> rows = new ArrayList<>(moves.size());
		for (StagedChecks.PupilMove move : moves) {
			rows.add(new Object[] { this.run, move.studentSource(), move.classSource() });
		}
		this.sql.bulk.into("roster_staged_moves", MOVE_COLUMNS, MOVE_TYPES, rows);
	}

	/**
	 * A text as it can be staged: PostgreSQL text cannot hold NUL, and one in a cell
	 * would fail the whole COPY (and so the import) rather than its row. It is staged as
	 * U+FFFD; a name holding one is refused on its row all the same
	 * ({@link RosterRun#text}).
	 */
	static String text(String value) {
		return (value == null || value.indexOf('\0') < 0) ? value : value.replace('\0', '\uFFFD');
	}

	/**
	 * Ends the run's staging: H2's rows are deleted (PostgreSQL drops its tables at the
	 * transaction's end).
	 */
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
		if (!this.sql.postgres) {
			for (String table : RosterStaging.TABLES) {
				this.sql.jdbc.update("DELETE FROM " + table + " WHERE run_id = ?", this.run);
			}
		}
	}

}
