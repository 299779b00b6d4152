package org.staffroom.grants;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Actor;
import org.staffroom.access.Assignment;
import org.staffroom.access.Permission;
import org.staffroom.access.RoleAt;
import org.staffroom.accounts.Account;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.Memberships;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.security.Acting;
import org.staffroom.system.security.StepUp;
import org.staffroom.system.security.SecretTokens;

/**
 * Giving and taking roles: the one writer of role assignments. Every change is decided by
 * the engine first, and a refusal writes nothing; then the assignments are written, the
 * member's ETag and the organisation's snapshot version move on, and one
 * {@link RolesChanged} (or, in bulk, one {@link RolesChangedInBulk}) is published in the
 * caller's transaction, for the audit log.
 * <p>
 * A change can be decided and written in one call ({@link #replace}, {@link #add}), or
 * decided first ({@link #replacing}, {@link #adding}) and written later ({@link #write}),
 * for a use case that decides all of its parts before it writes any of them.
 * <p>
 * Ending a membership is not a change of roles: the membership's assignments end with it
 * (the database's {@code ON DELETE CASCADE}), and the ending is recorded as what it is
 * ({@code member.removed}, {@code invitation.revoked}).
 */
@Component
public class AssigningRoles {

	private final RoleAssignments assignments;

	private final Memberships memberships;

	private final Accounts accounts;

	private final Snapshots snapshots;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final StepUp stepUp;

	AssigningRoles(RoleAssignments assignments, Memberships memberships, Accounts accounts, Snapshots snapshots,
			ApplicationEventPublisher events, Clock clock, StepUp stepUp) {
		this.stepUp = stepUp;
		this.assignments = assignments;
		this.memberships = memberships;
		this.accounts = accounts;
		this.snapshots = snapshots;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * A change of a member's roles that the engine allowed, not yet written. Only
	 * {@link AssigningRoles} makes one, so nothing is written that was not decided.
	 */
	public static final class Allowed {

		private final AccessSnapshot snapshot;

		private final String memberId;

		private final List<RoleAt> after;

		private final Acting by;

		private final RolesChanged.Cause cause;

		private Allowed(AccessSnapshot snapshot, String memberId, List<RoleAt> after, Acting by,
				RolesChanged.Cause cause) {
			this.snapshot = snapshot;
			this.memberId = memberId;
			this.after = List.copyOf(new LinkedHashSet<>(after));
			this.by = by;
			this.cause = cause;
		}

		/** The roles the member will hold. */
		public List<RoleAt> after() {
			return this.after;
		}

	}

	/**
	 * Decides replacing a member's roles by exactly {@code roles} (amending a member),
	 * and writes nothing.
	 * @throws Failure forbidden with the deciding rule's code, or not_found for an
	 * unknown role, unit or member
	 */
	public Allowed replacing(AccessSnapshot snapshot, String memberId, List<RoleAt> roles, Acting by) {
		Refusals.throwIfDenied(
				AccessPolicy.decide(new AccessRequest.ReplaceRoles(engineActor(by), memberId, roles), snapshot));
		List<RoleAt> held = RoleAt.of(snapshot.assignmentsOf(memberId));
		stepUpIfPowerful(snapshot, roles.stream().filter((r) -> !held.contains(r)).toList(), by);
		return new Allowed(snapshot, memberId, roles, by, RolesChanged.Cause.AMENDED);
	}

	/**
	 * Decides adding one role to a member's roles (approving a request for access), and
	 * writes nothing.
	 * @throws Failure as {@link #replacing}
	 */
	public Allowed adding(AccessSnapshot snapshot, String memberId, RoleAt role, Acting by) {
		Refusals
			.throwIfDenied(AccessPolicy.decide(new AccessRequest.Assign(engineActor(by), memberId, role), snapshot));
		stepUpIfPowerful(snapshot, List.of(role), by);
		List<RoleAt> after = new ArrayList<>(RoleAt.of(snapshot.assignmentsOf(memberId)));
		after.add(role);
		return new Allowed(snapshot, memberId, after, by, RolesChanged.Cause.REQUEST_APPROVED);
	}

	/**
	 * Writes an allowed change: the assignments, the member's ETag, the organisation's
	 * version, and one {@link RolesChanged}.
	 * @return the change as published
	 */
	@Transactional
	public RolesChanged write(Allowed change) {
		String org = change.snapshot.organisationId();
		List<Assignment> held = change.snapshot.assignmentsOf(change.memberId);
		List<RoleAt> before = RoleAt.of(held);
		Instant now = this.clock.instant();
		for (Assignment a : held) {
			if (!change.after.contains(RoleAt.of(a))) {
				this.assignments.remove(a.id());
			}
		}
		// A microsecond apart, so that the roles are read back in the order they were
		// given.
		int given = 0;
		for (RoleAt r : change.after) {
			if (!before.contains(r)) {
				this.assignments.add(org, change.memberId, r.roleKey(), r.unitId(), change.by.accountId(),
						now.plus(given++, ChronoUnit.MICROS));
			}
		}
		if (change.cause != RolesChanged.Cause.INVITED) {
			this.memberships.touch(org, change.memberId);
		}
		this.snapshots.membersChanged(org, List.of(change.memberId));
		RolesChanged changed = new RolesChanged(org, change.memberId, email(change.memberId), before, change.after,
				change.by, change.by.via(), change.cause);
		this.events.publishEvent(changed);
		return changed;
	}

	/**
	 * Replaces a member's roles by exactly {@code roles}: {@link #replacing} and then
	 * {@link #write}.
	 * @throws Failure as {@link #replacing}; nothing is written
	 */
	@Transactional
	public RolesChanged replace(AccessSnapshot snapshot, String memberId, List<RoleAt> roles, Acting by) {
		return write(replacing(snapshot, memberId, roles, by));
	}

	/**
	 * Adds one role to a member's roles: {@link #adding} and then {@link #write}.
	 * @throws Failure as {@link #replacing}; nothing is written
	 */
	@Transactional
	public RolesChanged add(AccessSnapshot snapshot, String memberId, RoleAt role, Acting by) {
		return write(adding(snapshot, memberId, role, by));
	}

	/**
	 * Decides inviting someone with {@code roles} (rules 1-3, and 6 for no roles), before
	 * anything of the invitation is written.
	 * @throws Failure as {@link #replacing}
	 */
	public void checkInvitation(AccessSnapshot snapshot, List<RoleAt> roles, Acting by) {
		Refusals.throwIfDenied(AccessPolicy.decide(new AccessRequest.Invite(engineActor(by), roles), snapshot));
		stepUpIfPowerful(snapshot, roles, by);
	}

	/**
	 * Giving a role that carries accounts.manage or roles.manage needs a recent second
	 * factor (identity.md, step-up); asked after the rules, so a refusal by a rule is
	 * told first.
	 */
	private void stepUpIfPowerful(AccessSnapshot snapshot, List<RoleAt> given, Acting by) {
		int powerful = Permission.ACCOUNTS_MANAGE.bit() | Permission.ROLES_MANAGE.bit();
		for (RoleAt role : given) {
			var definition = snapshot.catalogue().find(role.roleKey());
			if (definition.isPresent() && (definition.get().permissionMask() & powerful) != 0) {
				this.stepUp.require(by);
				return;
			}
		}
	}

	/**
	 * Gives a member invited just now (their membership is written, in this transaction)
	 * their first roles, decided as an invitation. Their membership is new, so its ETag
	 * is not moved on.
	 * @return the change, with no roles before
	 * @throws Failure as {@link #checkInvitation}; nothing is written
	 */
	@Transactional
	public RolesChanged invite(AccessSnapshot snapshot, String memberId, List<RoleAt> roles, Acting by) {
		checkInvitation(snapshot, roles, by);
		return write(new Allowed(snapshot, memberId, roles, by, RolesChanged.Cause.INVITED));
	}

	/**
	 * One member of {@link #inviteAll}: their first roles, each with the roster sourcedId
	 * that gave it (or null).
	 */
	public record FirstRoles(String memberId, String memberEmail, List<RoleAt> roles, List<String> sources) {

		public FirstRoles {
			Objects.requireNonNull(memberId, "memberId");
			roles = List.copyOf(roles);
			sources = (sources == null) ? java.util.Collections.nCopies(roles.size(), null)
					: java.util.Collections.unmodifiableList(new ArrayList<>(sources));
			if (sources.size() != roles.size()) {
				throw new IllegalArgumentException("one source (or null) per role");
			}
		}

	}

	/**
	 * As {@link #invite} for many members invited just now, in a handful of statements
	 * (COPY on PostgreSQL): every member is decided before anything is written, the
	 * organisation's version moves on once (every node reloads it rather than patching
	 * thousands of members in), and one {@link RolesChangedInBulk} is published.
	 * @throws Failure as {@link #checkInvitation}, for the first member refused; nothing
	 * is written
	 */
	@Transactional
	public RolesChangedInBulk inviteAll(AccessSnapshot snapshot, List<FirstRoles> members, Acting by) {
		String org = snapshot.organisationId();
		for (FirstRoles member : members) {
			checkInvitation(snapshot, member.roles(), by);
		}
		List<RoleAssignments.NewAssignment> rows = new ArrayList<>();
		List<RolesChanged> changes = new ArrayList<>(members.size());
		for (FirstRoles member : members) {
			for (int i = 0; i < member.roles().size(); i++) {
				RoleAt role = member.roles().get(i);
				rows.add(new RoleAssignments.NewAssignment(SecretTokens.newId(), member.memberId(), role.roleKey(),
						role.unitId(), member.sources().get(i)));
			}
			changes.add(new RolesChanged(org, member.memberId(), member.memberEmail(), List.of(), member.roles(), by,
					by.via(), RolesChanged.Cause.INVITED));
		}
		if (!members.isEmpty()) {
			this.assignments.insertAll(org, rows, by.accountId(), this.clock.instant());
			this.snapshots.changed(org);
		}
		RolesChangedInBulk bulk = new RolesChangedInBulk(changes);
		this.events.publishEvent(bulk);
		return bulk;
	}

	/**
	 * One member of {@link #changeAll}: roles to add (each with the roster sourcedId that
	 * gave it, or null), roles to take away, and assignments to end by their ids (a
	 * roster ends the assignment that one of its enrolments gave). Roles already held are
	 * not added again, and roles not held are not taken away. With no email (null), the
	 * member's is looked up.
	 */
	public record Change(String memberId, @Nullable String memberEmail, List<RoleAt> add,
			@Nullable List<String> sources, List<RoleAt> remove, List<String> end) {

		public Change {
			Objects.requireNonNull(memberId, "memberId");
			add = List.copyOf(add);
			sources = (sources == null) ? Collections.nCopies(add.size(), null)
					: Collections.unmodifiableList(new ArrayList<>(sources));
			if (sources.size() != add.size()) {
				throw new IllegalArgumentException("one source (or null) per role added");
			}
			remove = List.copyOf(remove);
			end = List.copyOf(end);
		}

		/** A change that ends no assignment by its id. */
		public Change(String memberId, @Nullable String memberEmail, List<RoleAt> add, @Nullable List<String> sources,
				List<RoleAt> remove) {
			this(memberId, memberEmail, add, sources, remove, List.of());
		}

	}

	/**
	 * Changes the roles of many existing members at once (the imports): each member's
	 * roles after the change are decided as {@link #replace} decides them, all before
	 * anything is written; then the assignments are added (COPY on PostgreSQL) and
	 * removed in batches, the members' ETags move on, the organisation's version moves on
	 * once, and one {@link RolesChangedInBulk} is published with a {@link RolesChanged}
	 * for each member whose roles changed.
	 * @throws Failure as {@link #replacing}, for the first member refused; nothing is
	 * written
	 */
	@Transactional
	public RolesChangedInBulk changeAll(AccessSnapshot snapshot, List<Change> changes, Acting by) {
		String org = snapshot.organisationId();
		List<Change> changing = new ArrayList<>(changes.size());
		List<List<RoleAt>> afters = new ArrayList<>(changes.size());
		List<RoleAssignments.NewAssignment> added = new ArrayList<>();
		List<String> removed = new ArrayList<>();
		for (Change change : changes) {
			List<Assignment> held = snapshot.assignmentsOf(change.memberId());
			Set<String> ending = new HashSet<>(change.end());
			List<RoleAt> kept = new ArrayList<>();
			List<String> ended = new ArrayList<>();
			for (Assignment a : held) {
				RoleAt role = RoleAt.of(a);
				boolean taken = ending.contains(a.id())
						|| (change.remove().contains(role) && !change.add().contains(role));
				if (taken) {
					ended.add(a.id());
				}
				else {
					kept.add(role);
				}
			}
			LinkedHashSet<RoleAt> after = new LinkedHashSet<>(kept);
			List<RoleAssignments.NewAssignment> adding = new ArrayList<>();
			for (int i = 0; i < change.add().size(); i++) {
				RoleAt role = change.add().get(i);
				if (after.add(role)) {
					adding.add(new RoleAssignments.NewAssignment(SecretTokens.newId(), change.memberId(),
							role.roleKey(), role.unitId(), change.sources().get(i)));
				}
			}
			if (ended.isEmpty() && adding.isEmpty()) {
				continue;
			}
			Refusals.throwIfDenied(AccessPolicy.decide(
					new AccessRequest.ReplaceRoles(engineActor(by), change.memberId(), List.copyOf(after)), snapshot));
			removed.addAll(ended);
			added.addAll(adding);
			changing.add(change);
			afters.add(List.copyOf(after));
		}
		Map<String, String> emails = emails(changing);
		List<RolesChanged> changed = new ArrayList<>(changing.size());
		for (int i = 0; i < changing.size(); i++) {
			Change change = changing.get(i);
			String email = (change.memberEmail() != null) ? change.memberEmail() : emails.get(change.memberId());
			List<RoleAt> before = RoleAt.of(snapshot.assignmentsOf(change.memberId()));
			changed.add(new RolesChanged(org, change.memberId(), email, before, afters.get(i), by, by.via(),
					RolesChanged.Cause.AMENDED));
		}
		if (!changed.isEmpty()) {
			if (!added.isEmpty()) {
				this.assignments.insertAll(org, added, by.accountId(), this.clock.instant());
			}
			if (!removed.isEmpty()) {
				this.assignments.deleteAll(removed);
			}
			List<String> members = changed.stream().map(RolesChanged::memberId).toList();
			this.memberships.touchAll(org, members);
			this.snapshots.membersChanged(org, members);
		}
		RolesChangedInBulk bulk = new RolesChangedInBulk(changed);
		this.events.publishEvent(bulk);
		return bulk;
	}

	/** The emails of the members whose change names none, a thousand a look-up. */
	private Map<String, String> emails(List<Change> changes) {
		List<String> unnamed = changes.stream().filter((c) -> c.memberEmail() == null).map(Change::memberId).toList();
		if (unnamed.isEmpty()) {
			return Map.of();
		}
		Map<String, String> emails = new HashMap<>();
		for (int from = 0; from < unnamed.size(); from += 1_000) {
			this.accounts.findAll(unnamed.subList(from, Math.min(unnamed.size(), from + 1_000)))
				.forEach((a) -> emails.put(a.id(), a.email()));
		}
		return emails;
	}

	private String email(String memberId) {
		return this.accounts.find(memberId).map(Account::email).orElse(null);
	}

	private static Actor engineActor(Acting by) {
		return new Actor((by.accountId() == null) ? "" : by.accountId(), by.operator());
	}

}
