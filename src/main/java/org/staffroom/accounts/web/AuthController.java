package org.staffroom.accounts.web;

import java.time.Instant;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.staffroom.accounts.Account;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.ApiTokens;
import org.staffroom.accounts.ChangingEmail;
import org.staffroom.accounts.EmailAddress;
import org.staffroom.accounts.ResettingPassword;
import org.staffroom.accounts.SignInThrottle;
import org.staffroom.system.ApiProblem;
import org.staffroom.system.FieldErrors;
import org.staffroom.system.SignedIn;

/** Signing in: API tokens, password resets and email-change confirmations. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Signing in")
class AuthController {

	// Compared against when the email is unknown, so both failures take as long.
	private final String dummyHash;

	private final Accounts accounts;

	private final ApiTokens tokens;

	private final SignInThrottle throttle;

	private final PasswordEncoder encoder;

	private final ResettingPassword resets;

	private final ChangingEmail emailChanges;

	AuthController(Accounts accounts, ApiTokens tokens, SignInThrottle throttle, PasswordEncoder encoder,
			ResettingPassword resets, ChangingEmail emailChanges) {
		this.accounts = accounts;
		this.tokens = tokens;
		this.throttle = throttle;
		this.encoder = encoder;
		this.resets = resets;
		this.emailChanges = emailChanges;
		this.dummyHash = encoder.encode("not-a-real-password-" + System.nanoTime());
	}

	record Credentials(String email, String password) {
	}

	record TokenBody(String token, Instant expiresAt) {
	}

	@PostMapping("/auth/tokens")
	@Operation(summary = "Sign in with email and password; returns a bearer token")
	ResponseEntity<TokenBody> signIn(@RequestBody Credentials body) {
		FieldErrors errors = new FieldErrors();
		if (body.email() == null || body.email().isBlank()) {
			errors.add("email", "required", "Enter your email address");
		}
		if (body.password() == null || body.password().isEmpty()) {
			errors.add("password", "required", "Enter your password");
		}
		errors.throwIfAny();
		String key = SignInThrottle.keyOf(body.email());
		this.throttle.lockedFor(key).ifPresent((wait) -> {
			long seconds = Math.max(1, wait.toSeconds() + 1);
			throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
					"Too many failed sign-ins; try again in " + seconds + " seconds", java.util.List.of(),
					Map.of("Retry-After", Long.toString(seconds)));
		});
		var account = this.accounts.findByEmail(body.email());
		String hash = account.flatMap((a) -> this.accounts.passwordHash(a.id())).orElse(null);
		boolean matches = this.encoder.matches(body.password(), hash != null ? hash : this.dummyHash) && hash != null;
		if (!matches) {
			this.throttle.failed(key);
			throw ApiProblem.unauthenticated("The email or password is wrong");
		}
		this.throttle.succeeded(key);
		var issued = this.tokens.issue(account.get().id());
		return ResponseEntity.status(HttpStatus.CREATED).body(new TokenBody(issued.token(), issued.expiresAt()));
	}

	@DeleteMapping("/auth/tokens/current")
	@Operation(summary = "Revoke the token in use")
	ResponseEntity<Void> signOut(@AuthenticationPrincipal SignedIn me) {
		this.tokens.revoke(me.tokenHash());
		return ResponseEntity.noContent().build();
	}

	record ResetRequest(String email) {
	}

	@PostMapping("/auth/password-resets")
	@Operation(summary = "Ask for a password reset link; always 202, whether or not the address exists")
	ResponseEntity<Map<String, String>> requestReset(@RequestBody ResetRequest body) {
		if (body.email() == null || body.email().isBlank()) {
			throw ApiProblem.invalid("email", "required", "Enter your email address");
		}
		this.resets.request(body.email());
		return ResponseEntity.accepted()
			.body(Map.of("message", "If that address has a Staffroom account, a link to reset its password is on its way"));
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

}
