package org.staffroom.accounts;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.ProblemAssert.assertThatProblem;

/**
 * Signing in with email and password, bearer tokens, signing out, and throttling
 * guessers.
 */
class SigningInTests extends ApiTestCase {

	@Test
	void signsInWithEmailAndPasswordAndGetsATokenThatExpires() {
		Trust trust = aTrust();

		var response = this.api.post("/api/v1/auth/tokens", Map.of("email", trust.adminEmail, "password", PASSWORD));

		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		assertThat(response.json().get("token").asString()).hasSizeGreaterThanOrEqualTo(32);
		Instant expiresAt = Instant.parse(response.json().get("expiresAt").asString());
		assertThat(expiresAt).isAfter(Instant.now().plus(Duration.ofHours(11)))
			.isBefore(Instant.now().plus(Duration.ofHours(13)));
		var me = this.api.as(response.json().get("token").asString()).get("/api/v1/me");
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().get("email").asString()).isEqualTo(trust.adminEmail);
	}

	@Test
	void signingOutRevokesOnlyTheTokenInUse() {
		Trust trust = aTrust();
		var other = signIn(trust.adminEmail, PASSWORD);

		var out = trust.admin.delete("/api/v1/auth/tokens/current");

		assertThat(out.status()).as(out.toString()).isEqualTo(204);
		assertThatProblem(trust.admin.get("/api/v1/me")).is(401, "unauthenticated");
		assertThatProblem(trust.admin.delete("/api/v1/auth/tokens/current")).is(401, "unauthenticated");
		assertThat(other.get("/api/v1/me").status()).isEqualTo(200);
	}

	@Test
	void refusesAWrongPasswordAndAnUnknownEmailAlike() {
		Trust trust = aTrust();

		var wrongPassword = this.api.post("/api/v1/auth/tokens",
				Map.of("email", trust.adminEmail, "password", "not-the-password-at-all"));
		var unknownEmail = this.api.post("/api/v1/auth/tokens",
				Map.of("email", email("nobody"), "password", "not-the-password-at-all"));

		assertThatProblem(wrongPassword).is(401, "unauthenticated");
		assertThatProblem(unknownEmail).is(401, "unauthenticated");
		assertThat(wrongPassword.json()).isEqualTo(unknownEmail.json());
	}

	@Test
	void refusesAnInvitedAccountThatHasNoPasswordYet() {
		Trust trust = aTrust();
		String invited = email("invited");
		trust.invite(trust.admin, invited, "org-overview", null);

		assertThatProblem(this.api.post("/api/v1/auth/tokens", Map.of("email", invited, "password", PASSWORD))).is(401,
				"unauthenticated");
	}

	@Test
	void answers401WithoutATokenOrWithABadOne() {
		assertThatProblem(this.api.get("/api/v1/me")).is(401, "unauthenticated");
		assertThatProblem(this.api.as("not-a-real-token").get("/api/v1/me")).is(401, "unauthenticated");
		assertThatProblem(this.api.as("x".repeat(500)).get("/api/v1/me")).is(401, "unauthenticated");
		assertThatProblem(this.api.header("Authorization", "Basic b3BlcmF0b3I6cGFzc3dvcmQ=").get("/api/v1/me")).is(401,
				"unauthenticated");
	}

	@Test
	void answers401ForAnExpiredToken() {
		Trust trust = aTrust();
		var session = signIn(trust.adminEmail, PASSWORD);
		this.jdbc.sql("UPDATE api_tokens SET expires_at = ? WHERE token_hash = ?")
			.params(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(1),
					org.staffroom.system.security.SecretTokens.hash(session.token()))
			.update();

		assertThatProblem(session.get("/api/v1/me")).is(401, "unauthenticated");
	}

	@Test
	void locksAnAddressAfterFiveFailedSignInsAndSaysWhenToRetry() {
		Trust trust = aTrust();
		String bystander = trust.member("org-overview", null).email();
		for (int i = 0; i < 5; i++) {
			assertThatProblem(this.api.post("/api/v1/auth/tokens",
					Map.of("email", trust.adminEmail, "password", "wrong-guess-number-" + i)))
				.is(401, "unauthenticated");
		}

		var locked = this.api.post("/api/v1/auth/tokens",
				Map.of("email", trust.adminEmail, "password", "another-guess-here"));
		var evenTheRightPassword = this.api.post("/api/v1/auth/tokens",
				Map.of("email", trust.adminEmail.toUpperCase(), "password", PASSWORD));

		assertThatProblem(locked).is(429, "rate_limited");
		assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 15L * 60);
		assertThatProblem(evenTheRightPassword).is(429, "rate_limited");
		assertThat(evenTheRightPassword.header("Retry-After")).isNotBlank();
		assertThat(signIn(bystander, PASSWORD).get("/api/v1/me").status()).isEqualTo(200);
		assertThat(trust.admin.get("/api/v1/me").status()).as("sessions already open carry on").isEqualTo(200);
	}

	@Test
	void throttlesGuessesAtAnUnknownAddressToo() {
		String unknown = email("unknown");
		for (int i = 0; i < 5; i++) {
			assertThatProblem(this.api.post("/api/v1/auth/tokens", Map.of("email", unknown, "password", "guess-" + i)))
				.is(401, "unauthenticated");
		}

		var locked = this.api.post("/api/v1/auth/tokens", Map.of("email", unknown, "password", "guess-again"));

		assertThatProblem(locked).is(429, "rate_limited");
		assertThat(locked.header("Retry-After")).isNotBlank();
	}

	@Test
	void aSuccessfulSignInClearsEarlierFailures() {
		Trust trust = aTrust();
		for (int i = 0; i < 4; i++) {
			this.api.post("/api/v1/auth/tokens", Map.of("email", trust.adminEmail, "password", "wrong-" + i));
		}
		signIn(trust.adminEmail, PASSWORD);
		for (int i = 0; i < 4; i++) {
			assertThatProblem(
					this.api.post("/api/v1/auth/tokens", Map.of("email", trust.adminEmail, "password", "wrong-" + i)))
				.is(401, "unauthenticated");
		}

		assertThat(
				this.api.post("/api/v1/auth/tokens", Map.of("email", trust.adminEmail, "password", PASSWORD)).status())
			.isEqualTo(201);
	}

	@Test
	void asksForBothEmailAndPassword() {
		assertThatProblem(this.api.post("/api/v1/auth/tokens", Map.of())).isInvalid("email", "password");
		assertThatProblem(this.api.raw("POST", "/api/v1/auth/tokens", "{\"email\": ", "application/json"))
			.isInvalid("body");
	}

}
