package org.staffroom.invitations.web;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Actor;
import org.staffroom.access.RoleAt;
import org.staffroom.accounts.Account;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.EmailAddress;
import org.staffroom.grants.MemberVisibility;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.grants.Refusals;
import org.staffroom.invitations.AcceptingInvitation;
import org.staffroom.invitations.Invitation;
import org.staffroom.invitations.Invitations;
import org.staffroom.invitations.InvitingStaff;
import org.staffroom.invitations.RequestedRoles;
import org.staffroom.invitations.RoleRequest;
import org.staffroom.system.Acting;
import org.staffroom.system.ApiProblem;
import org.staffroom.system.FieldErrors;
import org.staffroom.system.SignedIn;
import org.staffroom.system.Via;

/** Inviting staff, and the invitation link's own endpoints. */
@RestController
@Tag(name = "Members and invitations")
class InvitationsController {

	private final OrganisationAccess access;

	private final InvitingStaff inviting;

	private final AcceptingInvitation accepting;

	private final Invitations invitations;

	private final Accounts accounts;

	private final Clock clock;

	InvitationsController(OrganisationAccess access, InvitingStaff inviting, AcceptingInvitation accepting,
			Invitations invitations, Accounts accounts, Clock clock) {
		this.access = access;
		this.inviting = inviting;
		this.accepting = accepting;
		this.invitations = invitations;
		this.accounts = accounts;
		this.clock = clock;
	}

	record NewInvitation(String email, String firstName, String lastName, String jobTitle, List<RoleRequest> roles) {
	}

	@PostMapping("/api/v1/organisations/{org}/invitations")
	@ResponseStatus(HttpStatus.CREATED)
	@Transactional
	@Operation(summary = "Invite a colleague with roles; an email with a single-use link goes out")
	InvitingStaff.Invited invite(@PathVariable String org, @RequestBody NewInvitation body,
			@AuthenticationPrincipal SignedIn me) {
		AccessSnapshot snapshot = this.access.requireForChange(org, me);
		FieldErrors errors = new FieldErrors();
		EmailAddress email = EmailAddress.parse(body.email()).orElse(null);
		if (email == null) {
			errors.add("email", body.email() == null || body.email().isBlank() ? "required" : "invalid_email",
					"Enter an email address in the correct format, like name@example.org");
		}
		String first = errors.text("firstName", body.firstName(), FieldErrors.MAX_NAME, true);
		String last = errors.text("lastName", body.lastName(), FieldErrors.MAX_NAME, true);
		String jobTitle = errors.text("jobTitle", body.jobTitle(), FieldErrors.MAX_NAME, false);
		List<RoleAt> roles = RequestedRoles.resolve(body.roles(), snapshot, errors);
		errors.throwIfAny();
		return this.inviting.invite(snapshot, Acting.of(me, Via.API), email, first, last, jobTitle, roles, false);
	}

	record InvitationBody(String id, String memberId, String email, String firstName, String lastName, String status,
			String invitedBy, Instant createdAt, Instant expiresAt) {
	}

	record InvitationList(List<InvitationBody> items, int total) {
	}

	@GetMapping("/api/v1/organisations/{org}/invitations")
	@Operation(summary = "Invitations, newest first: pending, accepted, expired or revoked")
	InvitationList list(@PathVariable String org, @RequestParam(required = false) String status,
			@AuthenticationPrincipal SignedIn me) {
		AccessSnapshot snapshot = this.access.require(org, me);
		if (status != null && !List.of("pending", "accepted", "expired", "revoked").contains(status)) {
			throw ApiProblem.invalid("status", "invalid", "Status is one of pending, accepted, expired, revoked");
		}
		if (MemberVisibility.scopes(me, snapshot).isEmpty()) {
			throw ApiProblem.forbidden("forbidden", "Seeing invitations needs accounts.view");
		}
		Instant now = this.clock.instant();
		String stored = (status == null) ? null : (status.equals("expired") ? "pending" : status);
		List<Invitation> found = this.invitations.ofOrganisation(org, stored).stream()
			.filter((i) -> status == null || i.statusAt(now).equals(status))
			.filter((i) -> !snapshot.isMember(i.accountId()) || MemberVisibility.canView(me, i.accountId(), snapshot))
			.filter((i) -> snapshot.isMember(i.accountId()) || MemberVisibility.seesEveryone(
					MemberVisibility.scopes(me, snapshot), snapshot))
			.toList();
		Map<String, Account> people = new java.util.HashMap<>();
		this.accounts.findAll(found.stream().map(Invitation::accountId).distinct().toList())
			.forEach((a) -> people.put(a.id(), a));
		List<InvitationBody> items = found.stream().map((i) -> {
			Account a = people.get(i.accountId());
			return new InvitationBody(i.id(), i.accountId(), a.email(), a.firstName(), a.lastName(), i.statusAt(now),
					i.invitedBy(), i.createdAt(), i.expiresAt());
		}).toList();
		return new InvitationList(items, items.size());
	}

	@PostMapping("/api/v1/organisations/{org}/invitations/{id}/resend")
	@Transactional
	@Operation(summary = "Send a new link; the old one stops working")
	InvitingStaff.Invited resend(@PathVariable String org, @PathVariable String id,
			@AuthenticationPrincipal SignedIn me) {
		AccessSnapshot snapshot = this.access.requireForChange(org, me);
		Invitation invitation = visibleInvitation(org, id, me, snapshot);
		Refusals.throwIfDenied(AccessPolicy.decide(new AccessRequest.ChangeMember(actor(me), invitation.accountId(),
				AccessRequest.Change.DETAILS), snapshot));
		return this.inviting.resend(snapshot, Acting.of(me, Via.API), invitation);
	}

	@DeleteMapping("/api/v1/organisations/{org}/invitations/{id}")
	@Transactional
	@Operation(summary = "Revoke a pending invitation")
	ResponseEntity<Void> revoke(@PathVariable String org, @PathVariable String id,
			@AuthenticationPrincipal SignedIn me) {
		AccessSnapshot snapshot = this.access.requireForChange(org, me);
		Invitation invitation = visibleInvitation(org, id, me, snapshot);
		Refusals.throwIfDenied(AccessPolicy.decide(new AccessRequest.ChangeMember(actor(me), invitation.accountId(),
				AccessRequest.Change.REMOVE), snapshot));
		this.inviting.revoke(snapshot, Acting.of(me, Via.API), invitation);
		return ResponseEntity.noContent().build();
	}

	record Offer(String organisationId, String organisation, String invitedBy, String email, String firstName,
			String lastName, Instant expiresAt, boolean hasAccount) {
	}

	@GetMapping("/api/v1/invitations/{token}")
	@Operation(summary = "What an invitation link offers; 410 when expired, used or revoked")
	Offer look(@PathVariable String token) {
		var offer = this.accepting.look(token);
		return new Offer(offer.organisation().id(), offer.organisation().name(), offer.invitedBy(),
				offer.account().email(), offer.account().firstName(), offer.account().lastName(),
				offer.invitation().expiresAt(), offer.account().hasPassword());
	}

	record Acceptance(String password) {
	}

	record Accepted(String organisationId, String memberId, String status) {
	}

	@PostMapping("/api/v1/invitations/{token}/accept")
	@Operation(summary = "Accept: a new account sets its password; an existing one signs in first")
	Accepted accept(@PathVariable String token, @RequestBody(required = false) Acceptance body,
			@AuthenticationPrincipal SignedIn me) {
		var offer = this.accepting.accept(token, body == null ? null : body.password(), me);
		return new Accepted(offer.organisation().id(), offer.account().id(), "active");
	}

	private Invitation visibleInvitation(String org, String id, SignedIn me, AccessSnapshot snapshot) {
		Invitation invitation = this.invitations.find(org, id).orElseThrow(() -> ApiProblem.notFound("That invitation"));
		boolean visible = snapshot.isMember(invitation.accountId())
				? MemberVisibility.canView(me, invitation.accountId(), snapshot)
				: MemberVisibility.seesEveryone(MemberVisibility.scopes(me, snapshot), snapshot);
		if (!visible) {
			throw ApiProblem.notFound("That invitation");
		}
		return invitation;
	}

	private static Actor actor(SignedIn me) {
		return new Actor(me.accountId(), me.operator());
	}

}
