package org.staffroom.members.web;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.staffroom.members.EditingMyAccount;
import org.staffroom.system.security.Acting;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/** Edit my account. */
@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "Members and invitations")
class MeController {

	private final EditingMyAccount editing;

	MeController(EditingMyAccount editing) {
		this.editing = editing;
	}

	@GetMapping
	@Operation(summary = "My account, preferences and organisations")
	EditingMyAccount.Me get(@AuthenticationPrincipal SignedIn me) {
		return this.editing.read(me.accountId());
	}

	record Patch(String firstName, String lastName, String jobTitle, String phone, String email,
			List<String> notifications, Object roles, Object status) {
	}

	@PatchMapping
	@Operation(
			summary = "Change my details and preferences; any change to roles or status is refused (self_grant_denied)")
	EditingMyAccount.Me patch(@RequestBody Patch body, @AuthenticationPrincipal SignedIn me) {
		return this.editing.edit(
				me.accountId(), new EditingMyAccount.Changes(body.firstName(), body.lastName(), body.jobTitle(),
						body.phone(), body.email(), body.notifications(), body.roles(), body.status()),
				Acting.of(me, Via.API));
	}

}
