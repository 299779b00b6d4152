package org.staffroom.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Actor;
import org.staffroom.access.Decision;
import org.staffroom.access.RoleAt;
import org.staffroom.access.RoleDefinition;
import org.staffroom.accounts.Account;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.EmailAddress;
import org.staffroom.grants.AssigningRoles;
import org.staffroom.invitations.InvitingStaff;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.FieldErrors;

/**
 * Importing colleagues from a staff CSV. {@link #plan} checks every row, as if the
 * importing person had entered it by hand (the engine decides each role at each unit),
 * and reports every problem at once; {@link #apply} carries out a plan inside the
 * caller's transaction.
 */
@Component
class ImportingStaff {

	private final Accounts accounts;

	private final ImportWrites writes;

	private final PlannerStatistics statistics;

	ImportingStaff(Accounts accounts, ImportWrites writes, PlannerStatistics statistics) {
		this.accounts = accounts;
		this.writes = writes;
		this.statistics = statistics;
	}

	/**
	 * One person of the file, with the valid roles of their rows (role at unit → row
	 * number).
	 */
	public static final class Person {

		final EmailAddress email;

		final String firstName;

		final String lastName;

		final String jobTitle;

		final int firstRow;

		final Map<RoleAt, Integer> roles = new LinkedHashMap<>();

		final Map<RoleAt, Integer> valid = new LinkedHashMap<>();

		boolean rowsInvalid;

		String accountId;

		boolean member;

		Person(EmailAddress email, String firstName, String lastName, String jobTitle, int firstRow) {
			this.email = email;
			this.firstName = firstName;
			this.lastName = lastName;
			this.jobTitle = jobTitle;
			this.firstRow = firstRow;
		}

	}

	/** What a file would do: the people, every problem, and the counts. */
	record Plan(List<Person> people, List<ImportProblem> problems, ImportCounts counts) {
	}

	Plan plan(AccessSnapshot snapshot, Acting actor, StaffCsv.Contents contents) {
		ImportProblems problems = new ImportProblems();
		contents.problems().forEach(problems::add);
		Map<String, Person> people = new LinkedHashMap<>();
		UnitNames units = new UnitNames(snapshot);
		for (StaffCsv.Row row : contents.rows()) {
			FieldErrors errors = new FieldErrors();
			EmailAddress email = EmailAddress.parse(row.email()).orElse(null);
			if (email == null) {
				errors.add("email", row.email() == null ? "required" : "invalid_email", row.email() == null
						? "The email is missing" : "\"" + row.email() + "\" is not an email address");
			}
			String first = errors.text("first name", row.firstName(), FieldErrors.MAX_NAME, true);
			String last = errors.text("last name", row.lastName(), FieldErrors.MAX_NAME, true);
			String jobTitle = errors.text("job title", row.jobTitle(), FieldErrors.MAX_NAME, false);
			RoleAt role = null;
			if (row.role() != null) {
				RoleDefinition definition = roleNamed(snapshot, row.role());
				if (definition == null) {
					errors.add("role", "unknown_role", "There is no role called \"" + row.role() + "\" here");
				}
				String unit = units.resolve(row.school(), row.unit(), errors);
				if (definition != null && unit != null) {
					role = new RoleAt(definition.key(), unit);
				}
			}
			else if (row.school() != null || row.unit() != null) {
				units.resolve(row.school(), row.unit(), errors);
			}
			for (var e : errors.all()) {
				problems.add(new ImportProblem(StaffCsv.FILE, row.row(), e.field(), e.code(), e.message()));
			}
			if (email == null) {
				continue;
			}
			Person person = people.get(email.key());
			if (person == null) {
				person = new Person(email, first, last, jobTitle, row.row());
				people.put(email.key(), person);
			}
			else if (first != null && last != null
					&& (!first.equals(person.firstName) || !last.equals(person.lastName))) {
				problems.add(new ImportProblem(StaffCsv.FILE, row.row(), "email", "duplicate_email",
						email.display() + " is on row " + person.firstRow + " as " + person.firstName + " "
								+ person.lastName + "; one address is one person"));
				person.rowsInvalid = true;
				continue;
			}
			if (!errors.isEmpty()) {
				person.rowsInvalid = true;
				continue;
			}
			if (role != null) {
				person.roles.putIfAbsent(role, row.row());
			}
		}
		Actor engineActor = new Actor(actor.accountId(), actor.operator());
		int invited = 0;
		int updated = 0;
		int unchanged = 0;
		int rolesAdded = 0;
		// One look-up for the whole file, not one per person.
		Map<String, Account> existingAccounts = this.accounts.findByEmailKeys(people.keySet());
		for (Person person : people.values()) {
			Account existing = existingAccounts.get(person.email.key());
			person.accountId = (existing == null) ? null : existing.id();
			person.member = existing != null && snapshot.isMember(existing.id());
			if (existing != null && existing.id().equals(actor.accountId())) {
				problems.add(new ImportProblem(StaffCsv.FILE, person.firstRow, "email", "self_grant_denied",
						"You cannot change your own access, not even by import"));
				person.rowsInvalid = true;
				person.roles.clear();
				continue;
			}
			// The same decision of "this person, these roles" as a roster's.
			List<PersonRoles.Wanted> wanted = new ArrayList<>();
			person.roles
				.forEach((role, row) -> wanted.add(new PersonRoles.Wanted(role, null, StaffCsv.FILE, row, "role")));
			PersonRoles.Decided decided = person.member
					? PersonRoles.forMember(engineActor, person.accountId, wanted, snapshot)
					: PersonRoles.forInvitee(engineActor, wanted, snapshot);
			decided.problems().forEach(problems::add);
			decided.toAdd().forEach((w) -> person.valid.put(w.role(), w.row()));
			if (person.member) {
				if (person.valid.isEmpty()) {
					unchanged++;
				}
				else {
					updated++;
					rolesAdded += person.valid.size();
				}
				continue;
			}
			if (person.roles.isEmpty()) {
				if (!person.rowsInvalid) {
					if (decided.deniedWithoutRoles()) {
						Decision d = decided.withoutRoles();
						problems.add(new ImportProblem(StaffCsv.FILE, person.firstRow, "role", d.code(), d.reason()));
						person.rowsInvalid = true;
						continue;
					}
					invited++;
				}
				continue;
			}
			if (!person.valid.isEmpty()) {
				invited++;
				rolesAdded += person.valid.size();
			}
		}
		int errors = problems.count();
		problems.sortForReport(java.util.Comparator.comparing((ImportProblem p) -> p.row() == null ? 0 : p.row()));
		ImportCounts counts = new ImportCounts(contents.rows().size(), ImportCounts.Units.NONE,
				new ImportCounts.Staff(people.size(), invited, updated, unchanged, 0, rolesAdded, 0),
				ImportCounts.Pupils.NONE, 0, errors);
		return new Plan(new ArrayList<>(people.values()), problems, counts);
	}

	/**
	 * Applies the plan's valid people and roles, inside the caller's transaction and
	 * lock. A person with an invalid row gets only their valid roles (this is only
	 * reached for partial runs, or when there are no problems at all).
	 */
	int apply(AccessSnapshot snapshot, Acting actor, Plan plan, java.util.function.IntConsumer progress) {
		// Batched: new people through InvitingStaff.inviteAll (accounts, memberships,
		// roles, invitations, emails and audit entries, a statement per table per batch),
		// and new roles of members in one AssigningRoles.changeAll; not ~15 statements a
		// person.
		List<InvitingStaff.Invitee> invitees = new ArrayList<>();
		List<AssigningRoles.Change> changes = new ArrayList<>();
		boolean firstBatch = true;
		int done = 0;
		for (Person person : plan.people()) {
			done++;
			if (person.member) {
				if (!person.valid.isEmpty()) {
					changes.add(new AssigningRoles.Change(person.accountId, person.email.display(),
							List.copyOf(person.valid.keySet()), null, List.of()));
				}
			}
			else if (!person.valid.isEmpty() || (person.roles.isEmpty() && !person.rowsInvalid)) {
				List<RoleAt> roles = new ArrayList<>(person.valid.keySet());
				List<String> sources = new ArrayList<>();
				roles.forEach((r) -> sources.add(null));
				invitees.add(new InvitingStaff.Invitee(person.email, person.firstName, person.lastName, person.jobTitle,
						person.accountId, null, roles, sources));
			}
			if (invitees.size() == 1_000) {
				this.writes.invite(snapshot, actor, invitees);
				if (firstBatch) {
					this.statistics.refresh("accounts", "memberships", "role_assignments", "invitations");
					firstBatch = false;
				}
				invitees.clear();
				progress.accept(done);
			}
		}
		this.writes.invite(snapshot, actor, invitees);
		this.writes.changeRoles(snapshot, actor, changes);
		progress.accept(done);
		return done;
	}

	private static RoleDefinition roleNamed(AccessSnapshot snapshot, String name) {
		String wanted = name.strip().toLowerCase(Locale.ROOT);
		for (RoleDefinition role : snapshot.catalogue().all()) {
			if (role.key().equals(wanted) || role.name().toLowerCase(Locale.ROOT).equals(wanted)) {
				return role;
			}
		}
		return null;
	}

}
