package org.staffroom.imports;

import static org.staffroom.imports.OneRosterRoles.ADMINISTRATOR;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.staffroom.accounts.EmailAddress;
import org.staffroom.system.problems.FieldErrors;

/**
 * Reads the roster's people: roles.csv (1.2) and users.csv. Members of staff become
 * {@link RosterPerson}s, kept in memory (at most {@code maxStaff}); students, and 1.2's
 * roles of students and guardians, are staged in the database, and their checks made
 * there once every row is in.
 */
final class RosterPeopleReader {

	/**
	 * A role of a user: from roles.csv (1.2), or users.csv's one role at each of its orgs
	 * (1.1).
	 */
	private record UserRole(String role, String orgId, int row, String sourceId, boolean deleted) {
	}

	private final RosterRun run;

	private final PlannedUnits units;

	private final StagedRoster staged;

	private final int maxStaff;

	// The roster members of the organisation: sourcedId to account.
	private final Map<String, String> memberBySource;

	// 1.2: the staff roles of each user, from roles.csv (kept in memory, at most twice
	// the most staff).
	private final Map<String, List<UserRole>> userRoles = new HashMap<>();

	private final Map<String, RosterPerson> staff = new LinkedHashMap<>();

	private long staffRoles;

	// Members of staff left out, past the most a roster may have.
	private int tooManyStaff;

	private int studentCount;

	private int skipped;

	RosterPeopleReader(RosterRun run, PlannedUnits units, StagedRoster staged, int maxStaff,
			Map<String, String> memberBySource) {
		this.run = run;
		this.units = units;
		this.staged = staged;
		this.maxStaff = maxStaff;
		this.memberBySource = memberBySource;
	}

	/** The members of staff read, by sourcedId, in the file's order. */
	Map<String, RosterPerson> staff() {
		return this.staff;
	}

	/** The students staged. */
	int studentCount() {
		return this.studentCount;
	}

	/** The users left out, being neither staff nor students. */
	int skipped() {
		return this.skipped;
	}

	void roles() {
		this.run.read("roles.csv", List.of("sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"), (row) -> {
			String user = row.get("userSourcedId");
			String role = row.get("role");
			String orgId = row.get("orgSourcedId");
			if (user == null) {
				this.run.problem(row, "userSourcedId", "required", "userSourcedId is empty");
				return;
			}
			if (!OneRosterRoles.known(role)) {
				this.run.problem(row, "role", "unknown_role",
						"role is \"" + role + "\", which is no OneRoster 1.2 role");
				return;
			}
			if (orgId == null || !this.units.knownOrg(orgId)) {
				this.run.unknown(row, "orgSourcedId", "orgs.csv",
						"orgSourcedId " + orgId + " is no org of this package");
				return;
			}
			boolean deleted = this.run.deleted(row);
			if (!OneRosterRoles.staff(role)) {
				// Students' and guardians' roles, as many as there are pupils and
				// families: staged.
				boolean student = role.equals("student");
				this.staged.role(user, student, (student && this.units.pupilSchool(orgId) != null) ? orgId : null);
				return;
			}
			if (++this.staffRoles > 2L * this.maxStaff) {
				if (this.staffRoles == 2L * this.maxStaff + 1) {
					this.run.problem(row, "sourcedId", "too_many_staff", "A roster has at most " + this.maxStaff
							+ " members of staff; this one has more roles of staff than they could hold, and they are"
							+ " left out from this row on");
				}
				return;
			}
			this.userRoles.computeIfAbsent(user, (k) -> new ArrayList<>(1))
				.add(new UserRole(role, orgId, row.number(), row.get("sourcedId"), deleted));
		});
		this.staged.rolesRead();
	}

	void users() {
		boolean v11 = this.run.pkg.version().equals("1.1");
		List<String> required = v11
				? List.of("sourcedId", "enabledUser", "orgSourcedIds", "role", "username", "givenName", "familyName")
				: List.of("sourcedId", "enabledUser", "username", "givenName", "familyName");
		Map<String, Integer> emailRows = new HashMap<>();
		this.run.read("users.csv", required, (row) -> user(row, v11, emailRows));
		this.userRoles.clear();
		this.staged.usersRead();
		StagedChecks checks = this.staged.checks();
		// 1.2: users with no staff role are students if roles.csv says so; the rest are
		// left out.
		checks.pendingUsers((notStudent) -> {
			this.studentCount--;
			if (notStudent.anyRole()) {
				this.skipped++;
			}
			else {
				this.run.problems.add(new ImportProblem("users.csv", notStudent.row(), "sourcedId", "unknown_role",
						"No row of roles.csv gives this user a role"));
			}
		}, (pupil) -> {
			long before = this.run.problems.found();
			this.run.text("users.csv", pupil.row(), "givenName", pupil.firstName(), true);
			this.run.text("users.csv", pupil.row(), "familyName", pupil.lastName(), true);
			this.run.identifierTooLong(pupil.row(), pupil.externalId());
			if (this.run.problems.found() == before) {
				// A NUL, staged as U+FFFD (StagedRoster.text): refused as the check
				// refuses any control character.
				this.run.problems.add(new ImportProblem("users.csv", pupil.row(), "givenName", "invalid_characters",
						"givenName or familyName has a control character (NUL)"));
			}
		}, FieldErrors.MAX_NAME, ImportingRoster.MAX_IDENTIFIER);
		// A sourcedId on an earlier row too: the later row is refused (a member of
		// staff's is forgotten).
		checks.laterUsers((later) -> {
			this.run.problems.add(new ImportProblem("users.csv", later.row(), "sourcedId", "duplicate_id",
					"sourcedId " + later.sourceId() + " is on an earlier row too"));
			if (!later.student() && this.staff.containsKey(later.sourceId())
					&& this.staff.get(later.sourceId()).row == later.row()) {
				this.staff.remove(later.sourceId());
			}
		});
		// A student's identifier on an earlier student's row too (rows refused above
		// aside).
		checks.sharedIdentifiers((shared) -> this.run.problems
			.add(new ImportProblem("users.csv", shared.row(), "identifier", "duplicate_identifier",
					"identifier " + shared.externalId() + " is also on row " + shared.firstRow())));
	}

	private void user(OneRosterPackage.Row row, boolean v11, Map<String, Integer> emailRows) {
		String id = row.get("sourcedId");
		if (id == null) {
			this.run.problem(row, "sourcedId", "required", "sourcedId is empty");
			return;
		}
		// (A student's sourcedId on an earlier row is found in SQL once all rows are
		// staged.)
		if (this.staff.containsKey(id)) {
			this.run.problem(row, "sourcedId", "duplicate_id", "sourcedId " + id + " is on an earlier row too");
			return;
		}
		boolean deleted = this.run.deleted(row);
		// The user's roles: 1.1 has one in users.csv; 1.2 lists them in roles.csv.
		List<UserRole> roles = new ArrayList<>();
		if (v11 || (!this.run.pkg.has("roles.csv") && row.get("role") != null)) {
			String role = row.get("role");
			if (!OneRosterRoles.known(role)) {
				this.run.problem(row, "role", "unknown_role", "role is \"" + role + "\", which is no OneRoster role");
				return;
			}
			List<String> orgIds = row.list("orgSourcedIds");
			for (String orgId : orgIds) {
				if (!this.units.knownOrg(orgId)) {
					this.run.unknown(row, "orgSourcedIds", "orgs.csv",
							"orgSourcedIds names " + orgId + ", which is no org of this package");
				}
				roles.add(new UserRole(role, orgId, row.number(), "user:" + id + ":" + orgId, false));
			}
			if (orgIds.isEmpty()) {
				roles.add(new UserRole(role, null, row.number(), null, false));
			}
		}
		else {
			// roles.csv's staff roles are here; its other rows are staged, so a user with
			// no active staff role is staged too, and SQL decides once everything is read
			// whether they are a student.
			List<UserRole> staffRoles = this.userRoles.getOrDefault(id, List.of());
			boolean staffNow = staffRoles.stream().anyMatch((r) -> deleted || !r.deleted());
			if (!staffNow && !(deleted && this.memberBySource.containsKey(id))) {
				this.staged.pendingUser(row.number(), id, deleted, row.get("givenName"), row.get("familyName"),
						RosterRun.identifier(row, id), !staffRoles.isEmpty());
				this.studentCount++;
				return;
			}
			roles.addAll(staffRoles);
		}
		// A user leaving may have had their roles ended too: then what they were here
		// decides.
		boolean isStaff = roles.stream().anyMatch((r) -> (deleted || !r.deleted()) && OneRosterRoles.staff(r.role()));
		boolean isStudent = !isStaff && roles.stream().anyMatch((r) -> r.role().equals("student"));
		if (deleted && !isStaff && !isStudent) {
			isStaff = this.memberBySource.containsKey(id);
			isStudent = !isStaff;
		}
		if (!isStaff && !isStudent) {
			this.skipped++;
			return;
		}
		String first = this.run.text(row, "givenName", !deleted);
		String last = this.run.text(row, "familyName", !deleted);
		if (isStudent) {
			String external = RosterRun.identifier(row, id);
			boolean invalid = this.run.identifierTooLong(row.number(), external)
					|| (!deleted && (first == null || last == null));
			this.staged.user(row.number(), id, true, deleted, invalid, row.get("givenName"), row.get("familyName"),
					external, school(roles));
			this.studentCount++;
			return;
		}
		if (this.staff.size() >= this.maxStaff) {
			if (this.tooManyStaff++ == 0) {
				this.run.problem(row, "sourcedId", "too_many_staff", "A roster has at most " + this.maxStaff
						+ " members of staff; this one has more, and they are left out from this row on");
			}
			return;
		}
		String rawEmail = row.get("email") != null ? row.get("email")
				: (row.get("username") != null && row.get("username").contains("@") ? row.get("username") : null);
		RosterPerson p = new RosterPerson(id, row.number(), true, deleted, EmailAddress.parse(rawEmail).orElse(null),
				first, last);
		p.invalid = !deleted && (first == null || last == null);
		if (!deleted) {
			if (rawEmail == null) {
				this.run.problem(row, "email", "required",
						"A member of staff needs an email address (email, or a username that is one)");
				p.invalid = true;
			}
			else if (p.email == null) {
				this.run.problem(row, "email", "invalid_email", "\"" + rawEmail + "\" is not an email address");
				p.invalid = true;
			}
			else {
				Integer earlier = emailRows.putIfAbsent(p.email.key(), row.number());
				if (earlier != null) {
					this.run.problem(row, "email", "duplicate_email",
							p.email.display() + " is also on row " + earlier + "; one address is one person");
					p.invalid = true;
				}
			}
		}
		for (UserRole r : roles) {
			if (ADMINISTRATOR.contains(r.role()) && !r.deleted()) {
				p.administers.add(new RosterPerson.Administers(r.orgId(), v11 ? "users.csv" : "roles.csv", r.row(),
						r.sourceId()));
			}
		}
		this.staff.put(id, p);
		this.staged.user(row.number(), id, false, deleted, false, null, null, null, null);
	}

	/**
	 * A student's school, where they go if they have no class: the first of their orgs by
	 * sourcedId (not by the file's order) that is a school or in one; null if none is.
	 */
	private String school(List<UserRole> roles) {
		String school = null;
		for (UserRole r : roles) {
			if (this.units.pupilSchool(r.orgId()) != null && (school == null || r.orgId().compareTo(school) < 0)) {
				school = r.orgId();
			}
		}
		return school;
	}

}
