package org.staffroom.imports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Assignment;
import org.staffroom.access.Decision;
import org.staffroom.access.RoleAt;
import org.staffroom.access.UnitType;
import org.staffroom.accounts.Account;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.EmailAddress;
import org.staffroom.grants.AssigningRoles;
import org.staffroom.invitations.InvitingStaff;
import org.staffroom.members.MemberDetailsChanged;

/**
 * Decides every member of staff of a roster: invite, add or revoke roles, adopt, rename
 * or remove, each as if the importing person did it by hand (the roles through
 * {@link PersonRoles}).
 */
final class RosterStaffDecisions {

	private final RosterRun run;

	private final PlannedUnits units;

	private final AccessSnapshot planned;

	private final Map<String, RosterPerson> staff;

	private final Map<String, String> memberBySource;

	private final Map<String, String> sourceByMember = new HashMap<>();

	private final List<InvitingStaff.Invitee> invitees = new ArrayList<>();

	private final Map<String, String> adoptions = new HashMap<>();

	// Members' roles to add (member to roles, in the file's order), and the emails they
	// are known by.
	private final Map<String, List<PersonRoles.Wanted>> rolesToAdd = new LinkedHashMap<>();

	private final Map<String, String> emails = new HashMap<>();

	private final Set<String> rolesToRevoke = new LinkedHashSet<>();

	private final List<Accounts.NewAccount> renames = new ArrayList<>();

	private final Set<String> removals = new HashSet<>();

	private final List<MemberDetailsChanged> renamed = new ArrayList<>();

	private int people;

	private int invited;

	private int updated;

	private int unchanged;

	private int removed;

	private int rolesAdded;

	private int rolesRemoved;

	RosterStaffDecisions(RosterRun run, PlannedUnits units, AccessSnapshot planned, Map<String, RosterPerson> staff,
			Map<String, String> memberBySource) {
		this.run = run;
		this.units = units;
		this.planned = planned;
		this.staff = staff;
		this.memberBySource = memberBySource;
		memberBySource.forEach((source, account) -> this.sourceByMember.put(account, source));
	}

	/**
	 * Decides everyone: {@code byEmail}, the accounts with the staff's email keys;
	 * {@code sourcedAccounts}, the accounts of roster members in the file;
	 * {@code assignmentBySource}, the roster's assignments by sourcedId;
	 * {@code endedEnrolments}, the sourcedIds of a delta's ended teacher enrolments.
	 */
	RosterStaffChanges decide(Map<String, Account> byEmail, Map<String, Account> sourcedAccounts,
			Map<String, String> assignmentBySource, Set<String> endedEnrolments) {
		String mapped = "user-admin".equals(this.run.options.administratorRole()) ? "user-admin" : "headteacher";
		Set<String> wantedSources = new HashSet<>();
		for (RosterPerson p : this.staff.values()) {
			this.people++;
			String accountId = this.memberBySource.get(p.id);
			if (p.deleted) {
				if (accountId != null && this.run.snapshot.isMember(accountId)) {
					remove(p, accountId);
				}
				continue;
			}
			// Administrators: the mapped role at their schools; at a district (the
			// organisation) the same powers where they fit: user-admin, or org-overview
			// for headteacher.
			for (RosterPerson.Administers adm : p.administers) {
				String unit = (adm.orgId() == null) ? null : this.units.orgUnitOf(adm.orgId());
				if (unit == null) {
					continue;
				}
				boolean school = this.planned.unitType(unit).orElse(null) == UnitType.SCHOOL;
				String role = school ? mapped : (mapped.equals("user-admin") ? "user-admin" : "org-overview");
				String source = adm.sourceId() != null ? adm.sourceId() : "user:" + p.id + ":" + adm.orgId();
				p.roles.add(new PersonRoles.Wanted(new RoleAt(role, unit), source, adm.file(), adm.row(), "role"));
			}
			p.roles.forEach((r) -> wantedSources.add(r.sourceId()));
			if (p.invalid) {
				continue;
			}
			Account existing = (accountId == null) ? null : sourcedAccounts.get(accountId);
			if (accountId == null && p.email != null) {
				existing = byEmail.get(p.email.key());
				if (existing != null && this.planned.isMember(existing.id())) {
					String otherSource = this.sourceByMember.get(existing.id());
					if (otherSource != null && !otherSource.equals(p.id)) {
						this.run.problems.add(new ImportProblem("users.csv", p.row, "email", "duplicate_email",
								p.email.display() + " already belongs to roster person " + otherSource + " here"));
						continue;
					}
					accountId = existing.id();
					this.adoptions.put(accountId, p.id);
				}
			}
			if (accountId != null && this.planned.isMember(accountId)) {
				member(p, accountId, existing);
			}
			else {
				invite(p, existing);
			}
		}
		revoke(assignmentBySource, endedEnrolments, wantedSources);
		// A bulk users.csv is everyone: roster members missing from it leave.
		if (this.run.pkg.has("users.csv") && !this.run.pkg.delta("users.csv")) {
			this.memberBySource.forEach((source, account) -> {
				if (!this.staff.containsKey(source) && this.run.snapshot.isMember(account)
						&& !this.removals.contains(account)) {
					remove(RosterPerson.named(source, 0), account);
				}
			});
		}
		return new RosterStaffChanges(this.invitees, this.adoptions, roleChanges(), this.renames, this.renamed,
				this.removals, new ImportCounts.Staff(this.people, this.invited, this.updated, this.unchanged,
						this.removed, this.rolesAdded, this.rolesRemoved));
	}

	/**
	 * A delta's tobedeleted enrolments end their teacher roles; a bulk roster ends every
	 * role it gave before and no longer gives.
	 */
	private void revoke(Map<String, String> assignmentBySource, Set<String> endedEnrolments,
			Set<String> wantedSources) {
		Set<String> revoke = new HashSet<>();
		for (String source : endedEnrolments) {
			String assignment = assignmentBySource.get(source);
			if (assignment != null) {
				revoke.add(assignment);
			}
		}
		OneRosterPackage pkg = this.run.pkg;
		if (!pkg.delta("users.csv") && !pkg.delta("enrollments.csv") && pkg.has("enrollments.csv")) {
			assignmentBySource.forEach((source, assignment) -> {
				if (!wantedSources.contains(source)) {
					revoke.add(assignment);
				}
			});
		}
		for (String assignmentId : revoke) {
			Assignment a = this.planned.assignment(assignmentId).orElse(null);
			if (a == null || this.removals.contains(a.memberId())) {
				continue;
			}
			Decision d = AccessPolicy.decide(new AccessRequest.Revoke(this.run.engineActor, assignmentId),
					this.planned);
			if (d.denied()) {
				this.run.problems.add(new ImportProblem("enrollments.csv", null, "sourcedId", d.code(),
						"The " + a.roleKey() + " role at " + this.planned.unitName(a.unitId()).orElse("?")
								+ " is no longer in the roster, but you cannot end it: " + d.reason()));
				continue;
			}
			this.rolesToRevoke.add(assignmentId);
			this.rolesRemoved++;
		}
	}

	/**
	 * Each member's roles to add and assignments to end, as one change; a member who
	 * leaves has none (their assignments end with their membership).
	 */
	private List<AssigningRoles.Change> roleChanges() {
		Map<String, List<String>> ending = new LinkedHashMap<>();
		for (String assignmentId : this.rolesToRevoke) {
			this.planned.assignment(assignmentId)
				.ifPresent((a) -> ending.computeIfAbsent(a.memberId(), (m) -> new ArrayList<>()).add(assignmentId));
		}
		Set<String> members = new LinkedHashSet<>(this.rolesToAdd.keySet());
		members.addAll(ending.keySet());
		members.removeAll(this.removals);
		List<AssigningRoles.Change> changes = new ArrayList<>(members.size());
		for (String member : members) {
			List<PersonRoles.Wanted> added = this.rolesToAdd.getOrDefault(member, List.of());
			changes.add(new AssigningRoles.Change(member, this.emails.get(member),
					added.stream().map(PersonRoles.Wanted::role).toList(),
					added.stream().map(PersonRoles.Wanted::sourceId).toList(), List.of(),
					ending.getOrDefault(member, List.of())));
		}
		return changes;
	}

	private void remove(RosterPerson p, String accountId) {
		Integer row = (p.row == 0) ? null : p.row;
		if (accountId.equals(this.run.actor.accountId())) {
			this.run.problems.add(new ImportProblem("users.csv", row, "status", "self_grant_denied",
					"You cannot remove yourself, not even by import"));
			return;
		}
		Decision d = AccessPolicy.decide(
				new AccessRequest.ChangeMember(this.run.engineActor, accountId, AccessRequest.Change.REMOVE),
				this.run.snapshot);
		if (d.denied()) {
			this.run.problems.add(new ImportProblem("users.csv", row, "status", d.code(),
					"Roster person " + p.id + " is to leave, but you cannot remove them: " + d.reason()));
			return;
		}
		this.removals.add(accountId);
		this.removed++;
	}

	private void member(RosterPerson p, String accountId, Account account) {
		if (accountId.equals(this.run.actor.accountId())) {
			boolean adds = p.roles.stream().anyMatch((r) -> !PersonRoles.holds(this.planned, accountId, r.role()));
			if (adds) {
				this.run.problems.add(new ImportProblem("users.csv", p.row, "sourcedId", "self_grant_denied",
						"You cannot change your own access, not even by import"));
			}
			else {
				this.unchanged++;
			}
			return;
		}
		boolean changed = this.adoptions.containsKey(accountId);
		if (changed) {
			// Linking a member made by hand to a roster person changes them: rule 6
			// applies.
			Decision d = changeDetails(accountId);
			if (d.denied()) {
				this.run.problems.add(new ImportProblem("users.csv", p.row, "email", d.code(),
						p.email.display() + " is a member here already, and you cannot change them: " + d.reason()));
				this.adoptions.remove(accountId);
				return;
			}
		}
		PersonRoles.Decided decided = PersonRoles.forMember(this.run.engineActor, accountId, p.roles, this.planned);
		decided.problems().forEach(this.run.problems::add);
		List<PersonRoles.Wanted> added = decided.toAdd();
		this.rolesAdded += added.size();
		if (account != null && p.inFile && p.firstName != null && p.lastName != null
				&& (!p.firstName.equals(account.firstName()) || !p.lastName.equals(account.lastName()))) {
			Decision d = changeDetails(accountId);
			EmailAddress stored = EmailAddress.parse(account.email()).orElse(null);
			if (d.denied()) {
				this.run.problems.add(new ImportProblem("users.csv", p.row, "givenName", d.code(),
						"You cannot change " + account.email() + "'s name: " + d.reason()));
			}
			else if (stored == null) {
				// An address stored under older rules that no longer hold: the row is
				// reported, not the import.
				this.run.problems.add(new ImportProblem("users.csv", p.row, "email", "invalid_email",
						"The address stored for this member, \"" + account.email() + "\", is not a valid address any"
								+ " more, so their name cannot be changed by import: correct their address first"));
			}
			else {
				this.renames
					.add(new Accounts.NewAccount(accountId, stored, p.firstName, p.lastName, account.jobTitle()));
				MemberDetailsChanged.Details before = MemberDetailsChanged.Details.of(account);
				this.renamed.add(new MemberDetailsChanged(
						this.run.org, accountId, account.email(), before, new MemberDetailsChanged.Details(p.firstName,
								p.lastName, before.jobTitle(), before.phone(), before.notifications()),
						this.run.actor));
				changed = true;
			}
		}
		if (!added.isEmpty()) {
			this.rolesToAdd.put(accountId, List.copyOf(added));
			if (account != null) {
				this.emails.put(accountId, account.email());
			}
			changed = true;
		}
		if (changed) {
			this.updated++;
		}
		else {
			this.unchanged++;
		}
	}

	private Decision changeDetails(String accountId) {
		return AccessPolicy.decide(
				new AccessRequest.ChangeMember(this.run.engineActor, accountId, AccessRequest.Change.DETAILS),
				this.planned);
	}

	private void invite(RosterPerson p, Account existing) {
		if (existing != null && existing.id().equals(this.run.actor.accountId())) {
			this.run.problems.add(new ImportProblem("users.csv", p.row, "email", "self_grant_denied",
					"You cannot invite yourself, not even by import"));
			return;
		}
		if (!p.inFile) {
			return;
		}
		PersonRoles.Decided decided = PersonRoles.forInvitee(this.run.engineActor, p.roles, this.planned);
		decided.problems().forEach(this.run.problems::add);
		if (decided.deniedWithoutRoles()) {
			this.run.problems.add(new ImportProblem("users.csv", p.row, "sourcedId", decided.withoutRoles().code(),
					"Someone with no roles belongs to the whole organisation: " + decided.withoutRoles().reason()));
			return;
		}
		if (decided.toAdd().isEmpty() && decided.refused()) {
			return;
		}
		List<RoleAt> roles = decided.toAdd().stream().map(PersonRoles.Wanted::role).toList();
		List<String> sources = decided.toAdd().stream().map(PersonRoles.Wanted::sourceId).toList();
		this.invitees.add(new InvitingStaff.Invitee(p.email, p.firstName, p.lastName, null,
				existing == null ? null : existing.id(), p.id, roles, sources));
		this.invited++;
		this.rolesAdded += roles.size();
	}

}
