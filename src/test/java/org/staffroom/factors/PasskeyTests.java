package org.staffroom.factors;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.staffroom.accounts.EmailChanged;
import org.staffroom.system.jdbc.ChangeSignals;
import org.staffroom.system.security.Acting;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passkeys through the API (identity.md section 1): listed with their name and times,
 * never removed from another account, never the last factor while a policy covers the
 * person; and a forged or replayed assertion signs nobody in. The passkeys here are
 * written straight into Spring Security's tables; registering one with a real
 * authenticator is {@code PasskeyBrowserTests}' part.
 */
class PasskeyTests extends ApiTestCase {

	private static final SecureRandom random = new SecureRandom();

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private ChangeSignals signals;

	@Autowired
	private org.springframework.context.ApplicationEventPublisher events;

	@Test
	void theListShowsEachPasskeyWithItsNameAndWhenItWasAddedAndLastUsed() {
		var trust = aTrust();
		Instant added = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
		String used = aPasskey(trust.adminId, "Work laptop", added, added.plus(1, ChronoUnit.DAYS));
		String fresh = aPasskey(trust.adminId, "Phone", added.plus(1, ChronoUnit.HOURS),
				added.plus(1, ChronoUnit.HOURS));

		var mfa = trust.admin.get("/api/v1/me/mfa");
		assertThat(mfa.status()).as(mfa.toString()).isEqualTo(200);
		JsonNode passkeys = mfa.json().get("passkeys");
		assertThat(passkeys).hasSize(2);
		assertThat(passkeys.get(0).get("id").asString()).isEqualTo(used);
		assertThat(passkeys.get(0).get("name").asString()).isEqualTo("Work laptop");
		assertThat(Instant.parse(passkeys.get(0).get("createdAt").asString())).isEqualTo(added);
		assertThat(Instant.parse(passkeys.get(0).get("lastUsedAt").asString()))
			.isEqualTo(added.plus(1, ChronoUnit.DAYS));
		// Spring Security stamps a new passkey's last use with its creation: never used.
		assertThat(passkeys.get(1).get("id").asString()).isEqualTo(fresh);
		assertThat(passkeys.get(1).path("lastUsedAt").isNull()).isTrue();
	}

	@Test
	void anotherAccountsPasskeyIsNotFoundAndStays() {
		var mine = aTrust();
		var theirs = aTrust();
		String theirPasskey = aPasskey(theirs.adminId, "Their key", Instant.now(), Instant.now());

		var removed = mine.admin.delete("/api/v1/me/mfa/passkeys/" + theirPasskey);
		assertThat(removed.status()).as(removed.toString()).isEqualTo(404);
		assertThat(theirs.admin.get("/api/v1/me/mfa").json().get("passkeys")).hasSize(1);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM user_credentials WHERE credential_id = ?")
			.param(theirPasskey)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void theLastPasskeyStaysWhileTheOrganisationsPolicyCoversYou() {
		var trust = aTrust();
		String first = aPasskey(trust.adminId, "Laptop", Instant.now(), Instant.now());
		String second = aPasskey(trust.adminId, "Phone", Instant.now(), Instant.now());
		var policy = trust.admin.patch("/api/v1/organisations/" + trust.id, Map.of("mfaRequired", "everyone"));
		assertThat(policy.status()).as(policy.toString()).isEqualTo(200);

		var one = trust.admin.delete("/api/v1/me/mfa/passkeys/" + first);
		assertThat(one.status()).as(one.toString()).isEqualTo(204);
		var last = trust.admin.delete("/api/v1/me/mfa/passkeys/" + second);
		assertThat(last.status()).as(last.toString()).isEqualTo(409);
		assertThat(last.code()).isEqualTo("last_factor_required");
		var left = trust.admin.get("/api/v1/me/mfa").json().get("passkeys");
		assertThat(left).hasSize(1);
		assertThat(left.get(0).get("id").asString()).isEqualTo(second);
	}

	@Test
	void passkeysFollowTheirAccountWhenItsEmailChanges() {
		var trust = aTrust();
		aPasskey(trust.adminId, "Laptop", Instant.now(), Instant.now());
		String newEmail = email("renamed");
		// As ChangingEmail does, in the transaction that changed the account's email.
		this.jdbc.sql("UPDATE accounts SET email = ?, email_key = ? WHERE id = ?")
			.params(newEmail, newEmail.toLowerCase(java.util.Locale.ROOT), trust.adminId)
			.update();
		this.events.publishEvent(new EmailChanged(trust.adminId, trust.adminEmail, newEmail, Acting.system()));

		assertThat(this.jdbc.sql("SELECT name FROM user_entities WHERE name = ?")
			.param(newEmail.toLowerCase(java.util.Locale.ROOT))
			.query(String.class)
			.list()).hasSize(1);
		assertThat(trust.admin.get("/api/v1/me/mfa").json().get("passkeys")).hasSize(1);
	}

	@Test
	void aForgedOrReplayedAssertionSignsNobodyIn() throws Exception {
		var trust = aTrust();
		Instant added = Instant.now();
		String passkey = aPasskey(trust.adminId, "Laptop", added, added);
		Browserless browser = new Browserless("http://localhost:" + this.port);
		String csrf = browser.csrfOf("/sign-in");

		var options = browser.postJson("/webauthn/authenticate/options", "", csrf);
		assertThat(options.statusCode()).as(options.body()).isEqualTo(200);
		String challenge = json.readTree(options.body()).get("challenge").asString();
		String forged = assertion(passkey, challenge);

		var refused = browser.postJson("/login/webauthn", forged, csrf);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
		// The same body again: its challenge was used up by the first attempt.
		var replayed = browser.postJson("/login/webauthn", forged, csrf);
		assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(401);
		var page = browser.get("/my-account/second-factor");
		assertThat(page.uri().getPath()).isEqualTo("/sign-in");
		// Never used: the refused attempts changed nothing.
		assertThat(trust.admin.get("/api/v1/me/mfa").json().get("passkeys").get(0).path("lastUsedAt").isNull())
			.isTrue();
	}

	/** An assertion for the passkey and challenge whose signature no key made. */
	private String assertion(String credentialId, String challenge) {
		String clientData = "{\"type\":\"webauthn.get\",\"challenge\":\"" + challenge
				+ "\",\"origin\":\"http://localhost:" + this.port + "\",\"crossOrigin\":false}";
		byte[] authenticatorData = new byte[37];
		random.nextBytes(authenticatorData);
		authenticatorData[32] = 0x05;
		byte[] signature = new byte[72];
		random.nextBytes(signature);
		return "{\"id\":\"" + credentialId + "\",\"rawId\":\"" + credentialId + "\",\"type\":\"public-key\","
				+ "\"response\":{\"authenticatorData\":\"" + base64url(authenticatorData) + "\",\"clientDataJSON\":\""
				+ base64url(clientData.getBytes(StandardCharsets.UTF_8)) + "\",\"signature\":\"" + base64url(signature)
				+ "\"},\"clientExtensionResults\":{},\"authenticatorAttachment\":\"platform\"}";
	}

	/**
	 * A passkey of the account, as Spring Security's JdbcUserCredentialRepository stores
	 * one; returns its credential id.
	 */
	private String aPasskey(String accountId, String name, Instant created, Instant lastUsed) {
		String emailKey = this.jdbc.sql("SELECT email_key FROM accounts WHERE id = ?")
			.param(accountId)
			.query(String.class)
			.single();
		String userId = this.jdbc.sql("SELECT id FROM user_entities WHERE name = ?")
			.param(emailKey)
			.query(String.class)
			.optional()
			.orElseGet(() -> {
				String id = base64url(bytes(32));
				this.jdbc.sql("INSERT INTO user_entities (id, name, display_name) VALUES (?, ?, ?)")
					.params(id, emailKey, emailKey)
					.update();
				return id;
			});
		String credentialId = base64url(bytes(16));
		this.jdbc.sql("""
				INSERT INTO user_credentials (credential_id, user_entity_user_id, public_key, signature_count,
				  uv_initialized, backup_eligible, authenticator_transports, public_key_credential_type, backup_state,
				  attestation_object, attestation_client_data_json, created, last_used, label)
				VALUES (?, ?, ?, 0, TRUE, FALSE, 'internal', 'public-key', FALSE, ?, ?, ?, ?, ?)""")
			.params(credentialId, userId, bytes(77), bytes(100), bytes(50), Timestamp.from(created),
					Timestamp.from(lastUsed), name)
			.update();
		this.signals.publish("factors:" + accountId);
		return credentialId;
	}

	private static byte[] bytes(int n) {
		byte[] bytes = new byte[n];
		random.nextBytes(bytes);
		return bytes;
	}

	private static String base64url(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** A cookie-keeping HTTP client that speaks JSON with a page's CSRF token. */
	private static final class Browserless {

		private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

		private final String base;

		private final HttpClient client = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NORMAL)
			.connectTimeout(Duration.ofSeconds(10))
			.build();

		Browserless(String base) {
			this.base = base;
		}

		HttpResponse<String> get(String path) throws IOException, InterruptedException {
			return this.client.send(HttpRequest.newBuilder(URI.create(this.base + path)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}

		String csrfOf(String path) throws IOException, InterruptedException {
			Matcher token = CSRF.matcher(get(path).body());
			assertThat(token.find()).isTrue();
			return token.group(1);
		}

		HttpResponse<String> postJson(String path, String body, String csrf) throws IOException, InterruptedException {
			return this.client.send(HttpRequest.newBuilder(URI.create(this.base + path))
				.header("Content-Type", "application/json")
				.header("Accept", "application/json")
				.header("X-CSRF-TOKEN", csrf)
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		}

	}

}
