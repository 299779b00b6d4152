package org.staffroom.factors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.Api;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.ProblemAssert.assertThatProblem;

/**
 * identity.md section 1 through the API: enrolling TOTP, signing in with a code or a
 * recovery code, codes used once, wrong codes throttled and audited, and bad input that
 * changes nothing.
 */
class SecondFactorApiTests extends ApiTestCase {

	@Test
	void enrolsTotpThenSignInAsksForACode() {
		Trust trust = aTrust();
		var mfa = trust.admin.get("/api/v1/me/mfa");
		assertThat(mfa.json().get("totp").asBoolean()).isFalse();
		assertThat(mfa.json().get("passkeys").size()).isZero();
		assertThat(mfa.json().get("recoveryCodesLeft").asInt()).isZero();

		var started = trust.admin.post("/api/v1/me/mfa/totp", Map.of());
		assertThat(started.status()).as(started.toString()).isEqualTo(201);
		String secret = started.json().get("secret").asString();
		assertThat(secret).matches("[A-Z2-7]{32}");
		assertThat(started.json().get("otpauthUri").asString()).startsWith("otpauth://totp/Staffroom:")
			.contains("secret=" + secret);
		// Pending until confirmed: signing in still needs no code.
		assertThat(signInWith(trust.adminEmail, Map.of()).status()).isEqualTo(201);

		var confirmed = trust.admin.post("/api/v1/me/mfa/totp/confirm",
				Map.of("code", Totp.code(secret, Totp.stepAt(java.time.Instant.now().getEpochSecond()))));
		assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
		assertThat(confirmed.json().get("recoveryCodes").size()).isEqualTo(10);
		mfa = trust.admin.get("/api/v1/me/mfa");
		assertThat(mfa.json().get("totp").asBoolean()).isTrue();
		assertThat(mfa.json().get("recoveryCodesLeft").asInt()).isEqualTo(10);

		assertThatProblem(signInWith(trust.adminEmail, Map.of())).is(401, "mfa_required");
		assertThatProblem(signInWith(trust.adminEmail, Map.of("otp", "000000"))).is(401, "mfa_invalid");
	}

	@Test
	void aCodeSignsInOnceAndNeverAgain() {
		Trust trust = aTrust();
		Authenticator app = Authenticator.enrol(trust.admin);
		String code = app.code(0);

		var first = signInWith(trust.adminEmail, Map.of("otp", code));
		assertThat(first.status()).as(first.toString()).isEqualTo(201);
		assertThat(this.api.as(first.json().get("token").asString()).get("/api/v1/me").status()).isEqualTo(200);
		assertThatProblem(signInWith(trust.adminEmail, Map.of("otp", code))).is(401, "mfa_invalid");
		// The code of the step before, though never used, is older than one used:
		// refused.
		assertThatProblem(signInWith(trust.adminEmail, Map.of("otp", app.code(-1)))).is(401, "mfa_invalid");
		assertThat(signInWith(trust.adminEmail, Map.of("otp", app.code(1))).status()).isEqualTo(201);
	}

	@Test
	void recoveryCodesWorkOnceEachAndANewSetKillsTheOld() {
		Trust trust = aTrust();
		Authenticator app = Authenticator.enrol(trust.admin);
		String recovery = app.recoveryCodes.get(0);

		assertThat(signInWith(trust.adminEmail, Map.of("recoveryCode", recovery.toUpperCase())).status())
			.isEqualTo(201);
		assertThatProblem(signInWith(trust.adminEmail, Map.of("recoveryCode", recovery))).is(401, "mfa_invalid");
		assertThat(trust.admin.get("/api/v1/me/mfa").json().get("recoveryCodesLeft").asInt()).isEqualTo(9);

		assertThatProblem(trust.admin.post("/api/v1/me/mfa/recovery-codes", Map.of("code", "999999"))).is(401,
				"mfa_invalid");
		var renewed = trust.admin.post("/api/v1/me/mfa/recovery-codes", Map.of("code", app.code(0)));
		assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
		assertThat(renewed.json().get("recoveryCodes").size()).isEqualTo(10);
		assertThat(trust.admin.get("/api/v1/me/mfa").json().get("recoveryCodesLeft").asInt()).isEqualTo(10);
		assertThatProblem(signInWith(trust.adminEmail, Map.of("recoveryCode", app.recoveryCodes.get(1)))).is(401,
				"mfa_invalid");
		assertThat(signInWith(trust.adminEmail,
				Map.of("recoveryCode", renewed.json().get("recoveryCodes").get(3).asString()))
			.status()).isEqualTo(201);
	}

	@Test
	void wrongCodesAreThrottledLikeWrongPasswordsAndAudited() {
		Trust trust = aTrust();
		Authenticator app = Authenticator.enrol(trust.admin);
		for (int i = 0; i < 5; i++) {
			assertThat(signInWith(trust.adminEmail, Map.of("otp", String.format("%06d", i))).status()).isIn(401, 429);
		}
		// Locked now: even the right code waits.
		assertThatProblem(signInWith(trust.adminEmail, Map.of("otp", app.code(0)))).is(429, "rate_limited");
		long audited = this.jdbc
			.sql("SELECT COUNT(*) FROM audit_entries WHERE action = 'mfa.code_refused' AND target_id = ?")
			.param(trust.adminId)
			.query(Long.class)
			.single();
		assertThat(audited).isGreaterThanOrEqualTo(4);
	}

	@Test
	void badInputGetsAClearProblemAndChangesNothing() {
		Trust trust = aTrust();
		assertThatProblem(trust.admin.post("/api/v1/me/mfa/totp/confirm", Map.of("code", "123456"))).is(409,
				"no_enrolment_pending");
		trust.admin.post("/api/v1/me/mfa/totp", Map.of());
		assertThatProblem(trust.admin.post("/api/v1/me/mfa/totp/confirm", Map.of())).is(400, "validation_failed");
		assertThatProblem(trust.admin.post("/api/v1/me/mfa/totp/confirm", Map.of("code", "12345"))).is(401,
				"mfa_invalid");
		assertThatProblem(trust.admin.post("/api/v1/me/mfa/totp/confirm", Map.of("code", "12a456"))).is(401,
				"mfa_invalid");
		assertThat(trust.admin.get("/api/v1/me/mfa").json().get("totp").asBoolean()).isFalse();

		Trust other = aTrust();
		Authenticator app = Authenticator.enrol(other.admin);
		assertThatProblem(other.admin.post("/api/v1/me/mfa/totp", Map.of())).is(409, "already_enrolled");
		assertThatProblem(other.admin.raw("DELETE", "/api/v1/me/mfa/totp", "{}", "application/json")).is(400,
				"validation_failed");
		assertThatProblem(other.admin.raw("DELETE", "/api/v1/me/mfa/totp", "{\"code\":\"000000\"}", "application/json"))
			.is(401, "mfa_invalid");
		assertThatProblem(other.admin.delete("/api/v1/me/mfa/passkeys/no-such-passkey")).is(404, "not_found");
		assertThat(other.admin.get("/api/v1/me/mfa").json().get("totp").asBoolean()).isTrue();

		var removed = other.admin.raw("DELETE", "/api/v1/me/mfa/totp", Api.json(Map.of("code", app.code(0))),
				"application/json");
		assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
		var mfa = other.admin.get("/api/v1/me/mfa").json();
		assertThat(mfa.get("totp").asBoolean()).isFalse();
		assertThat(mfa.get("recoveryCodesLeft").asInt()).isZero();
		assertThat(signInWith(other.adminEmail, Map.of()).status()).isEqualTo(201);
	}

	@Test
	void aPasswordResetNeverRemovesAFactor() {
		Trust trust = aTrust();
		Authenticator.enrol(trust.admin);
		var asked = this.api.post("/api/v1/auth/password-resets", Map.of("email", trust.adminEmail));
		assertThat(asked.status()).isIn(202, 204);
		String token = latestLink(trust.adminEmail, "password-resets");
		var reset = this.api.post("/api/v1/auth/password-resets/" + token,
				Map.of("password", "another-long-passphrase"));
		assertThat(reset.status()).as(reset.toString()).isIn(200, 204);

		assertThatProblem(this.api.post("/api/v1/auth/tokens",
				Map.of("email", trust.adminEmail, "password", "another-long-passphrase")))
			.is(401, "mfa_required");
	}

	private Api.Response signInWith(String email, Map<String, String> factor) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("email", email);
		body.put("password", PASSWORD);
		body.putAll(factor);
		return this.api.post("/api/v1/auth/tokens", body);
	}

	static List<String> codes(Api.Response response) {
		return java.util.stream.StreamSupport.stream(response.json().get("recoveryCodes").spliterator(), false)
			.map((c) -> c.asString())
			.toList();
	}

}
