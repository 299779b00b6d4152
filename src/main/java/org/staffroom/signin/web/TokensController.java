package org.staffroom.signin.web;

import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.staffroom.accounts.ApiTokens;
import org.staffroom.signin.SigningIn;
import org.staffroom.system.security.SignedIn;

/** Signing in to the API: a bearer token for an email and password, and revoking it. */
@RestController
@RequestMapping("/api/v1/auth/tokens")
@Tag(name = "Signing in")
class TokensController {

	private final SigningIn signingIn;

	private final ApiTokens tokens;

	TokensController(SigningIn signingIn, ApiTokens tokens) {
		this.signingIn = signingIn;
		this.tokens = tokens;
	}

	record Credentials(String email, String password, String otp, String recoveryCode) {
	}

	record TokenBody(String token, Instant expiresAt) {
	}

	@PostMapping
	@Operation(summary = "Sign in with email and password (and otp or recoveryCode when the account has a second "
			+ "factor); returns a bearer token")
	ResponseEntity<TokenBody> signIn(@RequestBody Credentials body) {
		var issued = this.signingIn.withPassword(body.email(), body.password(), body.otp(), body.recoveryCode());
		return ResponseEntity.status(HttpStatus.CREATED).body(new TokenBody(issued.token(), issued.expiresAt()));
	}

	@DeleteMapping("/current")
	@Operation(summary = "Revoke the token in use")
	ResponseEntity<Void> signOut(@AuthenticationPrincipal SignedIn me) {
		this.tokens.revoke(me.tokenHash());
		return ResponseEntity.noContent().build();
	}

}
