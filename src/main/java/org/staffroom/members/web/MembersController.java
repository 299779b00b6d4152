package org.staffroom.members.web;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.staffroom.members.AmendingMember;
import org.staffroom.members.MemberSearch;
import org.staffroom.members.MemberView;
import org.staffroom.system.security.Acting;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/**
 * The member directory and each member, for people holding accounts.view /
 * accounts.manage.
 */
@RestController
@RequestMapping("/api/v1/organisations/{org}/members")
@Tag(name = "Members and invitations")
class MembersController {

	private final MemberSearch search;

	private final AmendingMember amending;

	private final org.staffroom.system.security.StepUp stepUp;

	MembersController(MemberSearch search, AmendingMember amending, org.staffroom.system.security.StepUp stepUp) {
		this.stepUp = stepUp;
		this.search = search;
		this.amending = amending;
	}

	/**
	 * {@code totalAtLeast}: the total was counted up to a limit and more members match
	 * (docs/api-notes.md).
	 */
	record MemberList(List<MemberView> items, long total, int page, int size, boolean totalAtLeast) {
	}

	@GetMapping
	@Operation(summary = "Search members by name or email (case- and accent-insensitive), role, unit and status")
	MemberList list(@PathVariable String org, @RequestParam(required = false) String q,
			@RequestParam(required = false) String role, @RequestParam(required = false) String unitId,
			@RequestParam(required = false) String status, @RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size, @AuthenticationPrincipal SignedIn me) {
		var result = this.search.search(org, new MemberSearch.Criteria(q, role, unitId, status, page, size), me);
		return new MemberList(result.items(), result.total(), result.page(), result.size(), result.totalAtLeast());
	}

	@GetMapping("/{id}")
	@Operation(summary = "One member, with an ETag for If-Match")
	ResponseEntity<MemberView> get(@PathVariable String org, @PathVariable String id,
			@AuthenticationPrincipal SignedIn me) {
		var found = this.amending.read(org, id, me);
		return ResponseEntity.ok().eTag(found.etag()).body(found.member());
	}

	record Patch(String firstName, String lastName, String jobTitle, String phone, String email,
			List<String> notifications, String status, List<org.staffroom.invitations.RoleRequest> roles, String otp) {
	}

	@PatchMapping("/{id}")
	@Operation(
			summary = "Amend a member: details, email, notifications, status, roles (the full new list). Needs If-Match")
	ResponseEntity<MemberView> patch(@PathVariable String org, @PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch, @RequestBody Patch body,
			@AuthenticationPrincipal SignedIn signedIn) {
		// A code sent with the change proves a second factor for step-up.
		SignedIn me = this.stepUp.withCode(signedIn, body.otp());
		var found = this.amending.amend(
				org, id, ifMatch, new AmendingMember.Changes(body.firstName(), body.lastName(), body.jobTitle(),
						body.phone(), body.email(), body.notifications(), body.status(), body.roles()),
				Acting.of(me, Via.API), me);
		return ResponseEntity.ok().eTag(found.etag()).body(found.member());
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "End a membership; the account stays for its other organisations")
	ResponseEntity<Void> remove(@PathVariable String org, @PathVariable String id,
			@AuthenticationPrincipal SignedIn me) {
		this.amending.remove(org, id, Acting.of(me, Via.API), me);
		return ResponseEntity.noContent().build();
	}

}
