package org.staffroom.members.web;

import java.util.List;
import java.util.Map;

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
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Assignment;
import org.staffroom.access.MemberStatus;
import org.staffroom.grants.MemberVisibility;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.grants.RoleAssignments;
import org.staffroom.members.AmendingMember;
import org.staffroom.members.MemberDirectory;
import org.staffroom.members.MemberView;
import org.staffroom.system.Acting;
import org.staffroom.system.ApiProblem;
import org.staffroom.system.FieldErrors;
import org.staffroom.system.SignedIn;
import org.staffroom.system.Via;

/** The member directory and each member, for people holding accounts.view / accounts.manage. */
@RestController
@RequestMapping("/api/v1/organisations/{org}/members")
@Tag(name = "Members and invitations")
class MembersController {

	static final int MAX_PAGE_SIZE = 200;

	private final OrganisationAccess access;

	private final MemberDirectory directory;

	private final RoleAssignments assignments;

	private final AmendingMember amending;

	MembersController(OrganisationAccess access, MemberDirectory directory, RoleAssignments assignments,
			AmendingMember amending) {
		this.access = access;
		this.directory = directory;
		this.assignments = assignments;
		this.amending = amending;
	}

	record MemberList(List<MemberView> items, long total, int page, int size) {
	}

	@GetMapping
	@Operation(summary = "Search members by name or email (case- and accent-insensitive), role, unit and status")
	MemberList list(@PathVariable String org, @RequestParam(required = false) String q,
			@RequestParam(required = false) String role, @RequestParam(required = false) String unitId,
			@RequestParam(required = false) String status, @RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size, @AuthenticationPrincipal SignedIn me) {
		AccessSnapshot snapshot = this.access.require(org, me);
		FieldErrors errors = new FieldErrors();
		int p = (page == null) ? 1 : page;
		int s = (size == null) ? 50 : size;
		if (p < 1) {
			errors.add("page", "out_of_range", "Pages are numbered from 1");
		}
		if (s < 1 || s > MAX_PAGE_SIZE) {
			errors.add("size", "out_of_range", "Page size must be between 1 and " + MAX_PAGE_SIZE);
		}
		MemberStatus st = null;
		if (status != null && !status.isBlank()) {
			st = MemberStatus.fromKey(status).orElse(null);
			if (st == null) {
				errors.add("status", "invalid", "Status is one of invited, active, disabled");
			}
		}
		if (role != null && !role.isBlank() && snapshot.catalogue().find(role).isEmpty()) {
			errors.add("role", "unknown_role", "There is no role called " + role + " here");
		}
		if (unitId != null && !unitId.isBlank() && !snapshot.hasUnit(unitId)) {
			errors.add("unitId", "unknown_unit", "There is no such unit in this organisation");
		}
		if (q != null && q.length() > 200) {
			errors.add("q", "too_long", "Search text must be 200 characters or fewer");
		}
		errors.throwIfAny();
		List<String> scopes = MemberVisibility.scopes(me, snapshot);
		if (scopes.isEmpty()) {
			throw ApiProblem.forbidden("forbidden", "Seeing the member directory needs accounts.view");
		}
		List<String> visible = null;
		if (!MemberVisibility.seesEveryone(scopes, snapshot)) {
			visible = scopes.stream().flatMap((scope) -> snapshot.unitsWithin(scope).stream()).distinct().toList();
		}
		List<String> unitFilter = (unitId == null || unitId.isBlank()) ? null : snapshot.unitsWithin(unitId);
		var result = this.directory.search(new MemberDirectory.Query(org, q, st, blankToNull(role), unitFilter,
				visible, p, s));
		Map<String, List<Assignment>> roles = this.assignments.ofMembers(org,
				result.rows().stream().map(MemberDirectory.Row::id).toList());
		List<MemberView> items = result.rows().stream().map((row) -> new MemberView(row.id(), row.email(),
				row.firstName(), row.lastName(), row.jobTitle(), row.phone(), row.status().key(), row.mainAccountHolder(),
				MemberView.roles(roles.getOrDefault(row.id(), List.of())), null, null)).toList();
		return new MemberList(items, result.total(), p, s);
	}

	@GetMapping("/{id}")
	@Operation(summary = "One member, with an ETag for If-Match")
	ResponseEntity<MemberView> get(@PathVariable String org, @PathVariable String id,
			@AuthenticationPrincipal SignedIn me) {
		var found = this.amending.read(org, id, me);
		return ResponseEntity.ok().eTag(found.etag()).body(found.member());
	}

	record Patch(String firstName, String lastName, String jobTitle, String phone, String email,
			List<String> notifications, String status, List<org.staffroom.invitations.RoleRequest> roles) {
	}

	@PatchMapping("/{id}")
	@Operation(summary = "Amend a member: details, email, notifications, status, roles (the full new list). Needs If-Match")
	ResponseEntity<MemberView> patch(@PathVariable String org, @PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch, @RequestBody Patch body,
			@AuthenticationPrincipal SignedIn me) {
		var found = this.amending.amend(org, id, ifMatch, new AmendingMember.Changes(body.firstName(), body.lastName(),
				body.jobTitle(), body.phone(), body.email(), body.notifications(), body.status(), body.roles()),
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

	private static String blankToNull(String s) {
		return (s == null || s.isBlank()) ? null : s;
	}

}
