package org.staffroom.imports;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.staffroom.access.RoleAt;
import org.staffroom.results.Pupil;
import org.staffroom.results.Pupils;

/**
 * Reads enrollments.csv: a teacher's enrolment becomes a role their {@link RosterPerson}
 * wants (or, ended in a delta, one to revoke); a student's is staged, and checked in SQL
 * once every row is in. In a delta, a pupil imported before may enrol without their
 * users.csv row: they move.
 */
final class RosterEnrolmentsReader {

	/** What is staged of an active student enrolment in a known class. */
	record StudentEnrolment(String studentSource, String classSource, boolean homeroom) {
	}

	private final RosterRun run;

	private final PlannedUnits units;

	private final StagedRoster staged;

	private final Pupils pupils;

	private final Map<String, RosterPerson> staff;

	private final Map<String, String> memberBySource;

	// The sourcedIds of teachers' enrolments ended by a delta.
	private final Set<String> endedEnrolments = new HashSet<>();

	// Pupils of a delta whose users.csv row is not in the package but who enrol in a
	// class (staged).
	private long moveCount;

	RosterEnrolmentsReader(RosterRun run, PlannedUnits units, StagedRoster staged, Pupils pupils,
			Map<String, RosterPerson> staff, Map<String, String> memberBySource) {
		this.run = run;
		this.units = units;
		this.staged = staged;
		this.pupils = pupils;
		this.staff = staff;
		this.memberBySource = memberBySource;
	}

	/** The sourcedIds of the teachers' enrolments that a delta ends. */
	Set<String> endedEnrolments() {
		return this.endedEnrolments;
	}

	/** The pupils imported before who move by enrolment alone. */
	long moveCount() {
		return this.moveCount;
	}

	void read() {
		this.run.read("enrollments.csv",
				List.of("sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"), (row) -> {
					String id = row.get("sourcedId");
					if (id == null) {
						this.run.problem(row, "sourcedId", "required", "sourcedId is empty");
						return;
					}
					this.staged.enrolment(row.number(), id, enrolment(row, id));
				});
		this.staged.enrolmentsRead();
		StagedChecks checks = this.staged.checks();
		checks.laterEnrolments((later) -> this.run.problems.add(new ImportProblem("enrollments.csv", later.row(),
				"sourcedId", "duplicate_id", "sourcedId " + later.sourceId() + " is also on row " + later.firstRow())));
		// In a delta, a pupil imported before may enrol without their users.csv row.
		List<StagedChecks.UnknownStudent> chunk = new ArrayList<>();
		checks.unknownStudents((unknown) -> {
			chunk.add(unknown);
			if (chunk.size() == ImportingRoster.CHUNK) {
				unknownStudents(chunk);
				chunk.clear();
			}
		});
		unknownStudents(chunk);
	}

	/**
	 * Checks a row of enrollments.csv; a teacher's becomes a wanted role. Returns what is
	 * staged of an active student enrolment in a known class, else null.
	 */
	private StudentEnrolment enrolment(OneRosterPackage.Row row, String id) {
		boolean deleted = this.run.deleted(row);
		String role = row.get("role");
		String classId = row.get("classSourcedId");
		String userId = row.get("userSourcedId");
		PlannedUnits.ClassUnit clazz = this.units.classOf(classId);
		if (clazz == null) {
			if (!deleted) {
				this.run.unknown(row, "classSourcedId", "classes.csv",
						"classSourcedId " + classId + " is no class of this package or of this organisation");
			}
			return null;
		}
		String schoolOrg = row.get("schoolSourcedId");
		if (schoolOrg != null && !this.units.knownOrg(schoolOrg)) {
			this.run.unknown(row, "schoolSourcedId", "orgs.csv",
					"schoolSourcedId " + schoolOrg + " is no org of this package");
		}
		if (role == null || !OneRosterRoles.ENROLMENT_ROLES.contains(role)) {
			this.run.problem(row, "role", "unknown_role", "role is \"" + role + "\"; an enrolment is of a student, "
					+ "teacher, administrator, proctor or aide");
			return null;
		}
		if (userId == null) {
			this.run.problem(row, "userSourcedId", "required", "userSourcedId is empty");
			return null;
		}
		if (role.equals("student")) {
			// Whether they are a student of users.csv, and which of their classes is
			// theirs, is found in SQL once every row is staged.
			return deleted ? null : new StudentEnrolment(userId, classId, clazz.homeroom());
		}
		if (!role.equals("teacher")) {
			return null;
		}
		RosterPerson p = this.staff.get(userId);
		if (p == null) {
			String account = this.memberBySource.get(userId);
			if (account == null) {
				if (!deleted) {
					this.run.unknown(row, "userSourcedId", "users.csv", "userSourcedId " + userId
							+ " is no member of staff of this package or of this organisation");
				}
				return null;
			}
			p = RosterPerson.named(userId, row.number());
			this.staff.put(userId, p);
		}
		if (deleted) {
			this.endedEnrolments.add(id);
			return null;
		}
		p.roles.add(new PersonRoles.Wanted(new RoleAt("teacher", clazz.unitId()), id, "enrollments.csv", row.number(),
				"classSourcedId"));
		return null;
	}

	/**
	 * Student enrolments of people who are no student of users.csv: pupils imported
	 * before move, others are unknown.
	 */
	private void unknownStudents(List<StagedChecks.UnknownStudent> chunk) {
		if (chunk.isEmpty()) {
			return;
		}
		Map<String, Pupil> found = this.pupils.bySourceIds(this.run.org,
				chunk.stream().map(StagedChecks.UnknownStudent::studentSource).toList());
		List<StagedChecks.PupilMove> moves = new ArrayList<>();
		for (StagedChecks.UnknownStudent unknown : chunk) {
			String id = unknown.studentSource();
			if (found.containsKey(id)) {
				moves.add(new StagedChecks.PupilMove(id, unknown.firstClass()));
				continue;
			}
			for (int row : this.run.unread.contains("users.csv") ? List.<Integer>of() : unknown.rows()) {
				this.run.problems.add(new ImportProblem("enrollments.csv", row, "userSourcedId", "unknown_reference",
						"userSourcedId " + id + " is no user of this package or of this organisation"));
			}
		}
		this.staged.moves(moves);
		this.moveCount += moves.size();
	}

}
