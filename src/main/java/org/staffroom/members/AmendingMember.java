package org.staffroom.members;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Actor;
import org.staffroom.access.Assignment;
import org.staffroom.access.MemberStatus;
import org.staffroom.access.RoleAt;
import org.staffroom.accounts.Account;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.ChangingEmail;
import org.staffroom.accounts.Membership;
import org.staffroom.accounts.Memberships;
import org.staffroom.accounts.Notification;
import org.staffroom.grants.AssigningRoles;
import org.staffroom.grants.MemberVisibility;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.grants.Refusals;
import org.staffroom.grants.RoleAssignments;
import org.staffroom.invitations.Invitations;
import org.staffroom.invitations.RequestedRoles;
import org.staffroom.invitations.RoleRequest;
import org.staffroom.mail.Email;
import org.staffroom.mail.Outbox;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.security.SignedIn;

/**
 * Amending a member, as the exam-centre guide describes: details, email, preferences,
 * status and roles. Every part is checked (fields, the ETag, then the engine) before
 * anything is written, so a refused request changes nothing.
 */
@Component
public class AmendingMember {

	private final OrganisationAccess access;

	private final Accounts accounts;

	private final Memberships memberships;

	private final RoleAssignments assignments;

	private final AssigningRoles assigning;

	private final ChangingEmail emailChanges;

	private final Invitations invitations;

	private final Outbox outbox;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final org.staffroom.organisations.Organisations organisations;

	private final org.staffroom.system.security.StepUp stepUp;

	AmendingMember(org.staffroom.organisations.Organisations organisations, OrganisationAccess access,
			Accounts accounts, Memberships memberships, RoleAssignments assignments, AssigningRoles assigning,
			ChangingEmail emailChanges, Invitations invitations, Outbox outbox, ApplicationEventPublisher events,
			Clock clock, org.staffroom.system.security.StepUp stepUp) {
		this.stepUp = stepUp;
		this.organisations = organisations;
		this.access = access;
		this.accounts = accounts;
		this.memberships = memberships;
		this.assignments = assignments;
		this.assigning = assigning;
		this.emailChanges = emailChanges;
		this.invitations = invitations;
		this.outbox = outbox;
		this.events = events;
		this.clock = clock;
	}

	/** The fields of a PATCH; null means "leave as it is". */
	public record Changes(String firstName, String lastName, String jobTitle, String phone, String email,
			List<String> notifications, String status, List<RoleRequest> roles) {
	}

	/** A member and the ETag of exactly what is shown. */
	public record Found(MemberView member, String etag) {
	}

	/** Reads one member the caller may see; not_found otherwise. */
	public Found read(String org, String memberId, SignedIn me) {
		AccessSnapshot snapshot = this.access.require(org, me);
		return find(snapshot, memberId, me);
	}

	private Found find(AccessSnapshot snapshot, String memberId, SignedIn me) {
		if (!MemberVisibility.canView(me, memberId, snapshot)) {
			throw Failure.notFound("That member");
		}
		return view(snapshot.organisationId(), memberId);
	}

	private Found view(String org, String memberId) {
		Membership membership = this.memberships.find(org, memberId).orElseThrow(() -> Failure.notFound("That member"));
		Account account = this.accounts.find(memberId).orElseThrow();
		MemberView view = MemberView.of(account, membership, this.assignments.ofMember(org, memberId),
				this.emailChanges.pending(memberId).orElse(null));
		return new Found(view, MemberView.etag(account, membership));
	}

	@Transactional
	public Found amend(String org, String memberId, String ifMatch, Changes changes, Acting actor, SignedIn me) {
		AccessSnapshot snapshot = this.access.requireForChange(org, me);
		Found current = find(snapshot, memberId, me);
		if (ifMatch == null || ifMatch.isBlank()) {
			throw new Failure(Failure.Kind.VERSION_REQUIRED, "precondition_required",
					"Send If-Match with the ETag you read, so that nobody's change is lost");
		}
		if (!matches(ifMatch, current.etag())) {
			throw new Failure(Failure.Kind.STALE, "stale_version",
					"Someone else changed this member since you read it; read it again and reapply your change");
		}
		Account account = this.accounts.find(memberId).orElseThrow();
		Membership membership = this.memberships.find(org, memberId).orElseThrow();

		FieldErrors errors = new FieldErrors();
		ContactDetails details = ContactDetails.read(account, changes.firstName(), changes.lastName(),
				changes.jobTitle(), changes.phone(), changes.notifications(), changes.email(), errors);
		MemberStatus status = null;
		if (changes.status() != null) {
			status = MemberStatus.fromKey(changes.status()).orElse(null);
			if (status == null || status == MemberStatus.INVITED) {
				errors.add("status", "invalid", "Status can be set to active or disabled");
				status = null;
			}
			else if (status == MemberStatus.ACTIVE && membership.status() == MemberStatus.INVITED) {
				errors.add("status", "invalid", "An invited member becomes active by accepting the invitation");
				status = null;
			}
		}
		List<RoleAt> roles = (changes.roles() == null) ? null
				: RequestedRoles.resolve(changes.roles(), snapshot, errors);
		errors.throwIfAny();

		Actor engineActor = new Actor(me.accountId(), me.operator());
		List<Assignment> held = snapshot.assignmentsOf(memberId);
		boolean rolesChange = roles != null && !sameRoles(held, roles);
		boolean statusChange = status != null && status != membership.status();
		boolean detailsChange = details.differFrom(account) || details.changesEmail(account);
		// Decide everything before writing anything.
		if (detailsChange) {
			Refusals.throwIfDenied(AccessPolicy
				.decide(new AccessRequest.ChangeMember(engineActor, memberId, AccessRequest.Change.DETAILS), snapshot));
			// Changing someone else's email hands their account to whoever reads the new
			// address: step-up.
			if (details.changesEmail(account) && !memberId.equals(me.accountId())) {
				this.stepUp.require(actor);
			}
		}
		if (statusChange) {
			Refusals.throwIfDenied(AccessPolicy.decide(new AccessRequest.ChangeMember(engineActor, memberId,
					status == MemberStatus.DISABLED ? AccessRequest.Change.DISABLE : AccessRequest.Change.ENABLE),
					snapshot));
		}
		AssigningRoles.Allowed newRoles = rolesChange ? this.assigning.replacing(snapshot, memberId, roles, actor)
				: null;

		if (detailsChange) {
			MemberDetailsChanged.Details before = MemberDetailsChanged.Details.of(account);
			this.accounts.updateDetails(memberId, details.firstName(), details.lastName(), details.jobTitle(),
					details.phone(), details.notifications());
			if (details.email() != null) {
				this.emailChanges.request(account, details.email(), actor, org);
			}
			Account after = this.accounts.find(memberId).orElseThrow();
			this.events.publishEvent(new MemberDetailsChanged(org, memberId, account.email(), before,
					MemberDetailsChanged.Details.of(after), actor));
		}
		if (statusChange) {
			this.memberships.setStatus(org, memberId, status);
			// The snapshot cache listens to it (a MembershipChange) and reloads the
			// member.
			this.events.publishEvent(
					new MemberStatusChanged(org, memberId, account.email(), membership.status(), status, actor));
		}
		if (rolesChange) {
			// Writes the roles, moves the member's ETag and the organisation's version
			// on, and records it.
			this.assigning.write(newRoles);
		}
		if (statusChange || detailsChange) {
			this.memberships.touch(org, memberId);
		}
		if (rolesChange || statusChange) {
			tellOfAccessChange(account, org, actor);
		}
		// No visibility check now: the change may have moved the member out of the
		// caller's sight.
		return view(org, memberId);
	}

	/** Ends a membership (the account stays for its other organisations). */
	@Transactional
	public void remove(String org, String memberId, Acting actor, SignedIn me) {
		AccessSnapshot snapshot = this.access.requireForChange(org, me);
		find(snapshot, memberId, me);
		Refusals
			.throwIfDenied(AccessPolicy.decide(new AccessRequest.ChangeMember(new Actor(me.accountId(), me.operator()),
					memberId, AccessRequest.Change.REMOVE), snapshot));
		Account account = this.accounts.find(memberId).orElseThrow();
		List<Assignment> held = snapshot.assignmentsOf(memberId);
		Instant now = this.clock.instant();
		this.invitations.latestFor(org, memberId)
			.filter((i) -> i.statusAt(now).equals("pending"))
			.ifPresent((i) -> this.invitations.end(i.id(), "revoked", now));
		// The membership's assignments end with it (see Memberships.delete); the snapshot
		// cache listens to MemberRemoved (a MembershipChange) and reloads the member.
		this.memberships.delete(org, memberId);
		this.events.publishEvent(new MemberRemoved(org, memberId, account.email(),
				snapshot.memberStatus(memberId).orElseThrow(), RoleAt.of(held), actor));
	}

	private void tellOfAccessChange(Account account, String org, Acting actor) {
		if (account.notifications().contains(Notification.ACCESS_CHANGED) && account.hasPassword()) {
			String name = this.organisations.find(org).map((o) -> o.name()).orElse("your organisation");
			this.outbox.enqueue(new Email(org, account.email(), "Your access to " + name + " in Staffroom has changed",
					"Hello " + account.firstName() + ",\n\n" + actor.label() + " changed your roles or status in "
							+ name + " on Staffroom. Sign in to see what you can do now.\n\n"
							+ "You get this email because your notification preferences ask for it.\n",
					null));
		}
	}

	static boolean matches(String ifMatch, String etag) {
		for (String candidate : ifMatch.split(",")) {
			String c = candidate.strip();
			if (c.startsWith("W/")) {
				c = c.substring(2);
			}
			if (c.equals("*") || c.equals(etag)) {
				return true;
			}
		}
		return false;
	}

	private static boolean sameRoles(List<Assignment> held, List<RoleAt> roles) {
		Set<RoleAt> a = new LinkedHashSet<>();
		held.forEach((x) -> a.add(new RoleAt(x.roleKey(), x.unitId())));
		return a.equals(new LinkedHashSet<>(roles));
	}

}
