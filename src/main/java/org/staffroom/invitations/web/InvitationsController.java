package org.staffroom.invitations.web;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.staffroom.accounts.Account;
import org.staffroom.invitations.AcceptingInvitation;
import org.staffroom.invitations.Invitation;
import org.staffroom.invitations.InvitingStaff;
import org.staffroom.invitations.ReviewingInvitations;
import org.staffroom.invitations.RoleRequest;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/** Inviting staff, and the invitation link's own endpoints. */
@RestController
@Tag(name = "Members and invitations")
class InvitationsController {

	private final InvitingStaff inviting;

	private final AcceptingInvitation accepting;

	private final ReviewingInvitations reviewing;

	private final org.staffroom.system.security.StepUp stepUp;

	InvitationsController(InvitingStaff inviting, AcceptingInvitation accepting, ReviewingInvitations reviewing,
			org.staffroom.system.security.StepUp stepUp) {
		this.stepUp = stepUp;
		this.inviting = inviting;
		this.accepting = accepting;
		this.reviewing = reviewing;
	}

	record NewInvitation(String email, String firstName, String lastName, String jobTitle, List<RoleRequest> roles,
			String otp) {
	}

	@PostMapping("/api/v1/organisations/{org}/invitations")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Invite a colleague with roles; an email with a single-use link goes out")
	InvitingStaff.Invited invite(@PathVariable String org, @RequestBody NewInvitation body,
			@AuthenticationPrincipal SignedIn signedIn) {
		SignedIn me = this.stepUp.withCode(signedIn, body.otp());
		return this.inviting.invite(org, new InvitingStaff.Request(body.email(), body.firstName(), body.lastName(),
				body.jobTitle(), body.roles()), me, Via.API);
	}

	record InvitationBody(String id, String memberId, String email, String firstName, String lastName, String status,
			String invitedBy, Instant createdAt, Instant expiresAt) {
	}

	record InvitationList(List<InvitationBody> items, long total, int page, int size) {
	}

	@GetMapping("/api/v1/organisations/{org}/invitations")
	@Operation(summary = "Invitations, newest first: pending, accepted, expired or revoked; a page at a time")
	InvitationList list(@PathVariable String org, @RequestParam(required = false) String status,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
			@AuthenticationPrincipal SignedIn me) {
		var found = this.reviewing.page(org, status, page, size, me);
		List<InvitationBody> items = found.items().stream().map((row) -> {
			Invitation i = row.invitation();
			Account a = row.account();
			return new InvitationBody(i.id(), i.accountId(), a.email(), a.firstName(), a.lastName(), row.status(),
					i.invitedBy(), i.createdAt(), i.expiresAt());
		}).toList();
		return new InvitationList(items, found.total(), found.page(), found.size());
	}

	@PostMapping("/api/v1/organisations/{org}/invitations/{id}/resend")
	@Operation(summary = "Send a new link; the old one stops working")
	InvitingStaff.Invited resend(@PathVariable String org, @PathVariable String id,
			@AuthenticationPrincipal SignedIn me) {
		return this.reviewing.resend(org, id, me, Via.API);
	}

	@DeleteMapping("/api/v1/organisations/{org}/invitations/{id}")
	@Operation(summary = "Revoke a pending invitation")
	ResponseEntity<Void> revoke(@PathVariable String org, @PathVariable String id,
			@AuthenticationPrincipal SignedIn me) {
		this.reviewing.revoke(org, id, me, Via.API);
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

}
