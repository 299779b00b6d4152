package org.staffroom.members;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Actor;
import org.staffroom.access.MemberStatus;
import org.staffroom.access.RoleAt;
import org.staffroom.access.RuleId;
import org.staffroom.accounts.Account;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.Notification;
import org.staffroom.grants.AssigningRoles;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.grants.Refusals;
import org.staffroom.mail.Email;
import org.staffroom.mail.Outbox;
import org.staffroom.members.AccessRequests.RequestForAccess;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/**
 * "Speak to the user at your centre who controls access": a member asks for a role they
 * do not have. Everyone who could assign it to them (rules 1-3 and 6, decided by the
 * engine) and wants "approval-requested" emails is told; approving assigns the role
 * through the same rules, by the approver, so a request can never grant more than its
 * approver could.
 */
@Component
public class AskingForAccess {

	private final OrganisationAccess access;

	private final AccessRequests requests;

	private final AssigningRoles assigning;

	private final Accounts accounts;

	private final Outbox outbox;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final String baseUrl;

	private final org.staffroom.organisations.Organisations organisations;

	AskingForAccess(org.staffroom.organisations.Organisations organisations, OrganisationAccess access,
			AccessRequests requests, AssigningRoles assigning, Accounts accounts, Outbox outbox,
			ApplicationEventPublisher events, Clock clock, @Value("${staffroom.public-base-url}") String baseUrl) {
		this.organisations = organisations;
		this.access = access;
		this.requests = requests;
		this.assigning = assigning;
		this.accounts = accounts;
		this.outbox = outbox;
		this.events = events;
		this.clock = clock;
		this.baseUrl = baseUrl;
	}

	/**
	 * The member asks; the caller has checked the role and unit exist in the
	 * organisation.
	 */
	@Transactional
	public RequestForAccess ask(String org, RoleAt role, String note, SignedIn me) {
		AccessSnapshot snapshot = this.access.requireForChange(org, me);
		// Rule 3 before anything is written: a role nobody could give there cannot be
		// asked for there.
		boolean fits = snapshot.catalogue()
			.find(role.roleKey())
			.flatMap((definition) -> snapshot.unitType(role.unitId()).map(definition::fits))
			.orElse(false);
		if (!fits) {
			throw Failure.forbidden(RuleId.FITS.code(), "The role " + role.roleKey() + " cannot be given at "
					+ snapshot.unitName(role.unitId()).orElse("that unit") + "; ask for it at a unit where it can be");
		}
		boolean held = snapshot.assignmentsOf(me.accountId())
			.stream()
			.anyMatch((a) -> a.roleKey().equals(role.roleKey()) && a.unitId().equals(role.unitId()));
		if (held) {
			throw Failure.conflict("already_assigned", "You already hold that role there");
		}
		if (this.requests.pendingExists(org, me.accountId(), role.roleKey(), role.unitId())) {
			throw Failure.conflict("already_requested",
					"You have asked for that already; it is waiting for a decision");
		}
		Instant now = this.clock.instant();
		String id = this.requests.create(org, me.accountId(), role.roleKey(), role.unitId(), note, now);
		Account requester = this.accounts.find(me.accountId()).orElseThrow();
		String orgName = this.organisations.find(org).map((o) -> o.name()).orElse("your organisation");
		for (String approverId : approvers(snapshot, me.accountId(), role)) {
			this.accounts.find(approverId)
				.filter((a) -> a.notifications().contains(Notification.APPROVAL_REQUESTED))
				.ifPresent((approver) -> this.outbox.enqueue(new Email(org, approver.email(), requester
					.displayName() + " asks for access to " + orgName + " in Staffroom", "Hello " + approver.firstName()
							+ ",\n\n" + requester.displayName() + " (" + requester.email() + ") asks for the role "
							+ role.roleKey() + " at " + snapshot.unitName(role.unitId()).orElse(role.unitId())
							+ (note == null || note.isBlank() ? "." : ", saying: " + note)
							+ "\n\nYou may approve or decline it here:\n\n" + this.baseUrl + "/organisations/" + org
							+ "/access-requests\n\nYou get this email because your notification preferences ask for it.\n",
						null)));
		}
		this.events
			.publishEvent(new AccessRequested(org, me.accountId(), requester.email(), role, Acting.of(me, Via.API)));
		return this.requests.find(org, id).orElseThrow();
	}

	/** Approves: assigns the role as the approver, under rules 1-4 and 6. */
	@Transactional
	public RequestForAccess approve(String org, String id, Acting actor, SignedIn me) {
		AccessSnapshot snapshot = this.access.requireForChange(org, me);
		RequestForAccess request = pending(org, id, me, snapshot);
		AssigningRoles.Allowed added = this.assigning.adding(snapshot, request.memberId(),
				new RoleAt(request.role(), request.unitId()), actor);
		Instant now = this.clock.instant();
		if (!this.requests.decide(id, "approved", me.accountId(), now)) {
			throw Failure.conflict("already_decided", "Someone decided this request already");
		}
		this.assigning.write(added);
		Account member = this.accounts.find(request.memberId()).orElseThrow();
		if (member.notifications().contains(Notification.ACCESS_CHANGED)) {
			this.outbox.enqueue(new Email(org, member.email(), "Your request for access to "
					+ this.organisations.find(org).map((o) -> o.name()).orElse("your organisation") + " was approved",
					"Hello " + member.firstName() + ",\n\n" + actor.label() + " approved your request: you now hold "
							+ request.role() + " at " + snapshot.unitName(request.unitId()).orElse(request.unitId())
							+ ".\n",
					null));
		}
		return this.requests.find(org, id).orElseThrow();
	}

	@Transactional
	public RequestForAccess decline(String org, String id, Acting actor, SignedIn me) {
		AccessSnapshot snapshot = this.access.requireForChange(org, me);
		RequestForAccess request = pending(org, id, me, snapshot);
		Refusals.throwIfDenied(AccessPolicy.decide(new AccessRequest.Assign(new Actor(me.accountId(), me.operator()),
				request.memberId(), new RoleAt(request.role(), request.unitId())), snapshot));
		if (!this.requests.decide(id, "declined", me.accountId(), this.clock.instant())) {
			throw Failure.conflict("already_decided", "Someone decided this request already");
		}
		Account member = this.accounts.find(request.memberId()).orElseThrow();
		this.events.publishEvent(new AccessRequestDeclined(org, member.id(), member.email(),
				new RoleAt(request.role(), request.unitId()), actor));
		return this.requests.find(org, id).orElseThrow();
	}

	/** Requests the caller may see: their own, and those they could approve. */
	public List<RequestForAccess> visible(String org, String status, SignedIn me) {
		AccessSnapshot snapshot = this.access.require(org, me);
		List<RequestForAccess> visible = new ArrayList<>();
		for (RequestForAccess r : this.requests.ofOrganisation(org, status)) {
			if (r.memberId().equals(me.accountId()) || canDecide(snapshot, me, r)) {
				visible.add(r);
			}
		}
		return visible;
	}

	private RequestForAccess pending(String org, String id, SignedIn me, AccessSnapshot snapshot) {
		RequestForAccess request = this.requests.find(org, id).orElseThrow(() -> Failure.notFound("That request"));
		if (!request.memberId().equals(me.accountId()) && !canDecide(snapshot, me, request)) {
			throw Failure.notFound("That request");
		}
		if (!request.status().equals("pending")) {
			throw Failure.conflict("already_decided", "This request was " + request.status() + " already");
		}
		return request;
	}

	private static boolean canDecide(AccessSnapshot snapshot, SignedIn me, RequestForAccess r) {
		return snapshot.isMember(r.memberId()) && AccessPolicy
			.decide(new AccessRequest.Assign(new Actor(me.accountId(), me.operator()), r.memberId(),
					new RoleAt(r.role(), r.unitId())), snapshot)
			.allowed();
	}

	private static List<String> approvers(AccessSnapshot snapshot, String requesterId, RoleAt role) {
		List<String> approvers = new ArrayList<>();
		for (String candidate : snapshot.activeMemberIds()) {
			if (!candidate.equals(requesterId) && snapshot.memberStatus(candidate).orElse(null) == MemberStatus.ACTIVE
					&& AccessPolicy
						.decide(new AccessRequest.Assign(Actor.member(candidate), requesterId, role), snapshot)
						.allowed()) {
				approvers.add(candidate);
			}
		}
		return approvers;
	}

}
