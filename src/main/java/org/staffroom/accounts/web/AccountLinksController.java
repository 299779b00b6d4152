package org.staffroom.accounts.web;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.staffroom.accounts.Account;
import org.staffroom.accounts.ChangingEmail;
import org.staffroom.accounts.ResettingPassword;
import org.staffroom.system.problems.Failure;

/** Links sent by email: password resets and email-change confirmations. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Signing in")
class AccountLinksController {

	private final ResettingPassword resets;

	private final ChangingEmail emailChanges;

	AccountLinksController(ResettingPassword resets, ChangingEmail emailChanges) {
		this.resets = resets;
		this.emailChanges = emailChanges;
	}

	record ResetRequest(String email) {
	}

	@PostMapping("/auth/password-resets")
	@Operation(summary = "Ask for a password reset link; always 202, whether or not the address exists")
	ResponseEntity<Map<String, String>> requestReset(@RequestBody ResetRequest body) {
		if (body.email() == null || body.email().isBlank()) {
			throw Failure.invalid("email", "required", "Enter your email address");
		}
		this.resets.request(body.email());
		return ResponseEntity.accepted()
			.body(Map.of("message",
					"If that address has a Staffroom account, a link to reset its password is on its way"));
	}

	record NewPassword(String password) {
	}

	@PostMapping("/auth/password-resets/{token}")
	@Operation(summary = "Set a new password with a reset link; ends every other session and token")
	Map<String, String> completeReset(@PathVariable String token, @RequestBody NewPassword body) {
		this.resets.complete(token, body.password());
		return Map.of("message", "Your password has been changed");
	}

	@PostMapping("/email-changes/{token}")
	@Operation(summary = "Confirm a pending email change; only then it becomes the username")
	Map<String, String> confirmEmail(@PathVariable String token) {
		Account account = this.emailChanges.confirm(token);
		return Map.of("email", account.email());
	}

	@PostMapping("/email-changes/stop/{token}")
	@Operation(
			summary = "Stop a change of email address that is not confirmed yet, by the link sent to the old address")
	Map<String, String> stopEmailChange(@PathVariable String token) {
		this.emailChanges.stop(token);
		return Map.of("message", "The change of email address was stopped; your address stays as it was");
	}

}
