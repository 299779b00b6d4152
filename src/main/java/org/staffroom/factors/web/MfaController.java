package org.staffroom.factors.web;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.staffroom.factors.ResettingFactors;
import org.staffroom.factors.SecondFactors;
import org.staffroom.system.security.Acting;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/**
 * A person's second factors (identity.md section 1), and an administrator's reset of a
 * member's.
 */
@RestController
@Tag(name = "Second factor")
class MfaController {

	private final SecondFactors factors;

	private final ResettingFactors resetting;

	MfaController(SecondFactors factors, ResettingFactors resetting) {
		this.factors = factors;
		this.resetting = resetting;
	}

	record PasskeyBody(String id, String name, @Nullable Instant createdAt, @Nullable Instant lastUsedAt) {
	}

	/**
	 * {@code required}: whether a policy covers the caller (then the last factor cannot
	 * be removed); {@code totpPending}: an enrolment waits for its first code.
	 */
	record MfaStatus(boolean totp, List<PasskeyBody> passkeys, int recoveryCodesLeft, boolean totpPending,
			boolean required) {
	}

	record PendingTotpBody(String secret, String otpauthUri) {
	}

	record CodeBody(@Nullable String code) {
	}

	record RecoveryCodesBody(List<String> recoveryCodes) {
	}

	record ResetBody(@Nullable String otp) {
	}

	@GetMapping("/api/v1/me/mfa")
	@Operation(summary = "My second factors: TOTP, passkeys, recovery codes left")
	MfaStatus status(@AuthenticationPrincipal SignedIn me) {
		var status = this.factors.status(me);
		return new MfaStatus(status.totp(),
				status.passkeys()
					.stream()
					.map((p) -> new PasskeyBody(p.id(), p.name(), p.createdAt(), p.lastUsedAt()))
					.toList(),
				status.recoveryCodesLeft(), status.totpPending(), status.covered());
	}

	@PostMapping("/api/v1/me/mfa/totp")
	@Operation(summary = "Start setting up an authenticator app: a base32 secret and its otpauth URI, pending until "
			+ "confirmed")
	ResponseEntity<PendingTotpBody> startTotp(@AuthenticationPrincipal SignedIn me) {
		var pending = this.factors.startTotp(me);
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(new PendingTotpBody(pending.secret(), pending.otpauthUri()));
	}

	@PostMapping("/api/v1/me/mfa/totp/confirm")
	@Operation(summary = "Confirm the authenticator app with a first code; returns ten recovery codes, shown once")
	RecoveryCodesBody confirmTotp(@RequestBody(required = false) @Nullable CodeBody body,
			@AuthenticationPrincipal SignedIn me) {
		return new RecoveryCodesBody(
				this.factors.confirmTotp(me, (body == null) ? null : body.code(), Acting.of(me, Via.API)));
	}

	@DeleteMapping("/api/v1/me/mfa/totp")
	@Operation(summary = "Remove the authenticator app, with a current code")
	ResponseEntity<Void> removeTotp(@RequestBody(required = false) @Nullable CodeBody body,
			@AuthenticationPrincipal SignedIn me) {
		this.factors.removeTotp(me, (body == null) ? null : body.code(), Acting.of(me, Via.API));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/api/v1/me/mfa/recovery-codes")
	@Operation(summary = "A fresh set of ten recovery codes, with a current code; the old set stops working")
	RecoveryCodesBody renewRecoveryCodes(@RequestBody(required = false) @Nullable CodeBody body,
			@AuthenticationPrincipal SignedIn me) {
		return new RecoveryCodesBody(
				this.factors.renewRecoveryCodes(me, (body == null) ? null : body.code(), Acting.of(me, Via.API)));
	}

	@DeleteMapping("/api/v1/me/mfa/passkeys/{id}")
	@Operation(summary = "Remove one of my passkeys")
	ResponseEntity<Void> removePasskey(@PathVariable String id, @AuthenticationPrincipal SignedIn me) {
		this.factors.removePasskey(me, id, Acting.of(me, Via.API));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/api/v1/organisations/{org}/members/{id}/mfa/reset")
	@Operation(summary = "Reset a member's second factors (needs a recent second factor: send otp)")
	ResponseEntity<Void> reset(@PathVariable String org, @PathVariable String id,
			@RequestBody(required = false) @Nullable ResetBody body, @AuthenticationPrincipal SignedIn me) {
		SignedIn stepped = this.factors.withCode(me, (body == null) ? null : body.otp());
		this.resetting.reset(org, id, stepped, Acting.of(stepped, Via.API));
		return ResponseEntity.noContent().build();
	}

}
