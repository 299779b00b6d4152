package org.staffroom.members.web;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.RoleAt;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.members.AccessRequests.RequestForAccess;
import org.staffroom.members.AskingForAccess;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/**
 * Requests for access (an extension of api.md): nobody grants themselves a role (rule 4),
 * so they ask, and someone who may assign it decides.
 */
@RestController
@RequestMapping("/api/v1/organisations/{org}/access-requests")
@Tag(name = "Members and invitations")
class AccessRequestsController {

	private final OrganisationAccess access;

	private final AskingForAccess asking;

	private final org.staffroom.system.security.StepUp stepUp;

	AccessRequestsController(OrganisationAccess access, AskingForAccess asking,
			org.staffroom.system.security.StepUp stepUp) {
		this.stepUp = stepUp;
		this.access = access;
		this.asking = asking;
	}

	record Ask(String role, String unitId, String note) {
	}

	record Requests(List<RequestForAccess> items) {
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Ask for a role at a unit; those who may assign it are told (approval-requested)")
	RequestForAccess ask(@PathVariable String org, @RequestBody Ask body, @AuthenticationPrincipal SignedIn me) {
		AccessSnapshot snapshot = this.access.require(org, me);
		FieldErrors errors = new FieldErrors();
		if (body.role() == null || snapshot.catalogue().find(body.role()).isEmpty()) {
			errors.add("role", body.role() == null ? "required" : "unknown_role",
					"Choose a role this organisation has");
		}
		String unitId = (body.unitId() == null || body.unitId().isBlank()) ? snapshot.rootUnitId() : body.unitId();
		if (!snapshot.hasUnit(unitId)) {
			errors.add("unitId", "unknown_unit", "There is no such unit in this organisation");
		}
		String note = errors.text("note", body.note(), 1000, false);
		errors.throwIfAny();
		return this.asking.ask(org, new RoleAt(body.role(), unitId), note, me);
	}

	@GetMapping
	@Operation(summary = "Your own requests and those you may decide, newest first")
	Requests list(@PathVariable String org, @RequestParam(required = false) String status,
			@AuthenticationPrincipal SignedIn me) {
		if (status != null && !List.of("pending", "approved", "declined").contains(status)) {
			throw Failure.invalid("status", "invalid", "Status is one of pending, approved, declined");
		}
		return new Requests(this.asking.visible(org, status, me));
	}

	@PostMapping("/{id}/approve")
	@Operation(summary = "Approve: the role is assigned by you, under the same rules as any assignment")
	RequestForAccess approve(@PathVariable String org, @PathVariable String id,
			@org.springframework.web.bind.annotation.RequestBody(required = false) StepUpCode body,
			@AuthenticationPrincipal SignedIn signedIn) {
		SignedIn me = this.stepUp.withCode(signedIn, (body == null) ? null : body.otp());
		return this.asking.approve(org, id, Acting.of(me, Via.API), me);
	}

	/** A second-factor code sent with a change that needs one (step-up). */
	record StepUpCode(String otp) {
	}

	@PostMapping("/{id}/decline")
	@Operation(summary = "Decline a request")
	RequestForAccess decline(@PathVariable String org, @PathVariable String id, @AuthenticationPrincipal SignedIn me) {
		return this.asking.decline(org, id, Acting.of(me, Via.API), me);
	}

}
