package org.staffroom.accounts;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.ProblemAssert.assertThatProblem;

/**
 * A forgotten password: a link by email, answered alike for any address; a reset ends
 * every session.
 */
class PasswordResetsTests extends ApiTestCase {

	private static final String NEW_PASSWORD = "a-brand-new-passphrase";

	@Test
	void answersAlikeForAKnownAndAnUnknownAddressAndMailsOnlyTheKnownOne() {
		Trust trust = aTrust();
		String unknown = email("unknown");

		var known = this.api.post("/api/v1/auth/password-resets", Map.of("email", trust.adminEmail));
		var notKnown = this.api.post("/api/v1/auth/password-resets", Map.of("email", unknown));

		assertThat(known.status()).isEqualTo(202);
		assertThat(notKnown.status()).isEqualTo(202);
		assertThat(known.text()).isEqualTo(notKnown.text());
		assertThat(latestLink(trust.adminEmail, "password-resets")).isNotBlank();
		assertThat(emailsTo(unknown)).isZero();
	}

	@Test
	void answersAlikeForAnAddressThatIsNotAnEmailAtAll() {
		var response = this.api.post("/api/v1/auth/password-resets", Map.of("email", "not an email"));

		assertThat(response.status()).isEqualTo(202);
	}

	@Test
	void aResetSetsTheNewPasswordAndEndsEveryTokenOfTheAccount() {
		Trust trust = aTrust();
		var secondSession = signIn(trust.adminEmail, PASSWORD);
		this.api.post("/api/v1/auth/password-resets", Map.of("email", trust.adminEmail));

		var reset = this.api.post("/api/v1/auth/password-resets/" + latestLink(trust.adminEmail, "password-resets"),
				Map.of("password", NEW_PASSWORD));

		assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
		assertThatProblem(trust.admin.get("/api/v1/me")).is(401, "unauthenticated");
		assertThatProblem(secondSession.get("/api/v1/me")).is(401, "unauthenticated");
		assertThatProblem(this.api.post("/api/v1/auth/tokens", Map.of("email", trust.adminEmail, "password", PASSWORD)))
			.is(401, "unauthenticated");
		assertThat(signIn(trust.adminEmail, NEW_PASSWORD).get("/api/v1/me").status()).isEqualTo(200);
	}

	@Test
	void aResetLinkWorksOnlyOnce() {
		Trust trust = aTrust();
		this.api.post("/api/v1/auth/password-resets", Map.of("email", trust.adminEmail));
		String link = latestLink(trust.adminEmail, "password-resets");
		assertThat(this.api.post("/api/v1/auth/password-resets/" + link, Map.of("password", NEW_PASSWORD)).status())
			.isEqualTo(200);

		var again = this.api.post("/api/v1/auth/password-resets/" + link, Map.of("password", "yet-another-passphrase"));

		assertThatProblem(again).is(410, "token_used");
		assertThat(signIn(trust.adminEmail, NEW_PASSWORD).get("/api/v1/me").status()).isEqualTo(200);
	}

	@Test
	void aNewerResetLinkRetiresTheOlderOnesOnceUsed() {
		Trust trust = aTrust();
		this.api.post("/api/v1/auth/password-resets", Map.of("email", trust.adminEmail));
		String first = latestLink(trust.adminEmail, "password-resets");
		this.api.post("/api/v1/auth/password-resets", Map.of("email", trust.adminEmail));
		String second = latestLink(trust.adminEmail, "password-resets");
		assertThat(second).isNotEqualTo(first);

		assertThat(this.api.post("/api/v1/auth/password-resets/" + second, Map.of("password", NEW_PASSWORD)).status())
			.isEqualTo(200);

		assertThatProblem(
				this.api.post("/api/v1/auth/password-resets/" + first, Map.of("password", "yet-another-passphrase")))
			.is(410, "token_used");
	}

	@Test
	void refusesAWeakPasswordAndKeepsTheOldOneAndTheLink() {
		Trust trust = aTrust();
		this.api.post("/api/v1/auth/password-resets", Map.of("email", trust.adminEmail));
		String link = latestLink(trust.adminEmail, "password-resets");

		var tooShort = this.api.post("/api/v1/auth/password-resets/" + link, Map.of("password", "short-one"));
		var common = this.api.post("/api/v1/auth/password-resets/" + link, Map.of("password", "Password1234"));

		assertThatProblem(tooShort).isInvalid("password");
		assertThatProblem(common).isInvalid("password");
		assertThat(trust.admin.get("/api/v1/me").status()).as("nothing ended").isEqualTo(200);
		assertThat(signIn(trust.adminEmail, PASSWORD).get("/api/v1/me").status()).isEqualTo(200);
		assertThat(this.api.post("/api/v1/auth/password-resets/" + link, Map.of("password", NEW_PASSWORD)).status())
			.isEqualTo(200);
	}

	@Test
	void anExpiredResetLinkIsGone() {
		Trust trust = aTrust();
		this.api.post("/api/v1/auth/password-resets", Map.of("email", trust.adminEmail));
		String link = latestLink(trust.adminEmail, "password-resets");
		this.jdbc.sql("UPDATE password_resets SET expires_at = ? WHERE token_hash = ?")
			.params(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1),
					org.staffroom.system.security.SecretTokens.hash(link))
			.update();

		assertThatProblem(this.api.post("/api/v1/auth/password-resets/" + link, Map.of("password", NEW_PASSWORD)))
			.is(410, "token_expired");
		assertThat(signIn(trust.adminEmail, PASSWORD).get("/api/v1/me").status()).isEqualTo(200);
	}

	@Test
	void anUnknownResetLinkIsNotFound() {
		assertThatProblem(
				this.api.post("/api/v1/auth/password-resets/" + "A".repeat(43), Map.of("password", NEW_PASSWORD)))
			.is(404, "not_found");
	}

	@Test
	void askingForAResetNeedsAnAddress() {
		assertThatProblem(this.api.post("/api/v1/auth/password-resets", Map.of())).isInvalid("email");
	}

	@Test
	void aNewerResetLinkKillsTheOlderOnesAtOnce() {
		Trust trust = aTrust();
		this.api.post("/api/v1/auth/password-resets", Map.of("email", trust.adminEmail));
		String first = latestLink(trust.adminEmail, "password-resets");
		this.api.post("/api/v1/auth/password-resets", Map.of("email", trust.adminEmail));

		assertThatProblem(this.api.post("/api/v1/auth/password-resets/" + first, Map.of("password", NEW_PASSWORD)))
			.is(410, "token_used");
		assertThat(signIn(trust.adminEmail, PASSWORD).get("/api/v1/me").status()).isEqualTo(200);
	}

	@Test
	void sendsAtMostThreeResetEmailsToAnAddressInAnHourAndAnswersAlikeAfterThat() {
		Trust trust = aTrust();
		long before = emailsTo(trust.adminEmail);

		for (int i = 0; i < 6; i++) {
			var answer = this.api.post("/api/v1/auth/password-resets", Map.of("email", trust.adminEmail));
			assertThat(answer.status()).isEqualTo(202);
		}

		assertThat(emailsTo(trust.adminEmail) - before).isEqualTo(3);
		String latest = latestLink(trust.adminEmail, "password-resets");
		assertThat(this.api.post("/api/v1/auth/password-resets/" + latest, Map.of("password", NEW_PASSWORD)).status())
			.as("the last link sent still works")
			.isEqualTo(200);
	}

	@Test
	void knownAndUnknownAddressesAreAnsweredNoSoonerThanTheSameFloor() {
		Trust trust = aTrust();
		for (String email : new String[] { trust.adminEmail, email("nobody-here") }) {
			long start = System.nanoTime();
			var answer = this.api.post("/api/v1/auth/password-resets", Map.of("email", email));
			long millis = (System.nanoTime() - start) / 1_000_000;
			assertThat(answer.status()).isEqualTo(202);
			assertThat(millis).as("answer time for " + email).isGreaterThanOrEqualTo(50);
		}
	}

}
