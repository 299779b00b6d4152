package org.staffroom.testing;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Full-stack API tests: the real service on a random port, over HTTP, on H2 or PostgreSQL
 * (see {@link TestDatabase}). Fixtures speak the domain: {@code aTrust()},
 * {@code trust.school("Oak")}, {@code trust.invite(...)}, {@code accept(email)}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class ApiTestCase {

	public static final String PASSWORD = "a-long-enough-passphrase";

	private static final Pattern LINK = Pattern
		.compile("/(invitations|password-resets|email-changes/stop|email-changes)/([A-Za-z0-9_-]{20,})");

	@LocalServerPort
	protected int port;

	@Autowired
	protected JdbcClient jdbc;

	protected Api api;

	private static int sequence;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry);
	}

	@BeforeEach
	void connect() {
		this.api = new Api("http://127.0.0.1:" + this.port, null);
	}

	/** A unique email, so that tests in one context never collide. */
	protected static synchronized String email(String who) {
		return who + "." + (++sequence) + "." + System.nanoTime() % 100000 + "@school.test";
	}

	protected Api signIn(String email, String password) {
		var response = this.api.anonymous().post("/api/v1/auth/tokens", Map.of("email", email, "password", password));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return this.api.as(response.json().get("token").asString());
	}

	/** A browser without JavaScript, signed in through the sign-in page. */
	protected Pages pagesAs(String email, String password) {
		Pages pages = new Pages("http://127.0.0.1:" + this.port);
		var page = pages.signIn(email, password);
		assertThat(page.path()).as(page.toString()).doesNotStartWith("/sign-in");
		return pages;
	}

	protected Pages pages() {
		return new Pages("http://127.0.0.1:" + this.port);
	}

	protected Api operator() {
		return signIn("operator@staffroom.test", "operator-password-for-tests");
	}

	/** The token of the newest link of this kind emailed to the address. */
	protected String latestLink(String email, String kind) {
		List<String> bodies = this.jdbc
			.sql("SELECT body_text FROM outbox_emails WHERE LOWER(recipient) = LOWER(?) ORDER BY id DESC")
			.param(stored(email))
			.query(String.class)
			.list();
		for (String body : bodies) {
			Matcher m = LINK.matcher(body);
			while (m.find()) {
				if (m.group(1).equals(kind)) {
					return m.group(2);
				}
			}
		}
		throw new AssertionError("No " + kind + " link emailed to " + email);
	}

	/** Accepts the newest invitation to the address as a new account, then signs in. */
	protected Api accept(String email) {
		String token = latestLink(email, "invitations");
		var response = this.api.anonymous()
			.post("/api/v1/invitations/" + token + "/accept", Map.of("password", PASSWORD));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return signIn(email, PASSWORD);
	}

	/** An address as the service stores it for display: trimmed and in Unicode NFC. */
	private static String stored(String email) {
		return java.text.Normalizer.normalize(email.strip(), java.text.Normalizer.Form.NFC);
	}

	/** Makes an invitation expire, as if its days had passed. */
	protected void expireInvitation(String invitationId) {
		int updated = this.jdbc.sql("UPDATE invitations SET expires_at = ? WHERE id = ?")
			.params(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), invitationId)
			.update();
		assertThat(updated).isEqualTo(1);
	}

	/** How many emails went to the address (compared without case). */
	protected long emailsTo(String email) {
		return this.jdbc.sql("SELECT COUNT(*) FROM outbox_emails WHERE LOWER(recipient) = LOWER(?)")
			.param(stored(email))
			.query(Long.class)
			.single();
	}

	/** A school trust created by the operator, with its main account holder signed in. */
	protected Trust aTrust() {
		return anOrganisation("school-trust");
	}

	protected Trust anOrganisation(String... templates) {
		String holder = email("head");
		var created = operator().post("/api/v1/organisations",
				Map.of("name", "Trust " + holder, "templates", List.of(templates), "mainAccountHolder",
						Map.of("email", holder, "firstName", "Main", "lastName", "Holder")));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		Api admin = accept(holder);
		String id = created.json().get("id").asString();
		return new Trust(id, created.json().get("rootUnitId").asString(), holder, admin);
	}

	/** An organisation under test, with its main account holder's session. */
	public final class Trust {

		public final String id;

		public final String root;

		public final String adminEmail;

		public final Api admin;

		public final String adminId;

		Trust(String id, String root, String adminEmail, Api admin) {
			this.id = id;
			this.root = root;
			this.adminEmail = adminEmail;
			this.admin = admin;
			this.adminId = admin.get("/api/v1/me").json().get("id").asString();
		}

		public String path(String rest) {
			return "/api/v1/organisations/" + this.id + rest;
		}

		public String school(String name) {
			return unit(name, "school", this.root);
		}

		public String year(String school, String name) {
			return unit(name, "year", school);
		}

		public String classIn(String parent, String name) {
			return unit(name, "class", parent);
		}

		public String unit(String name, String type, String parent) {
			var r = this.admin.post(path("/units"), Map.of("name", name, "type", type, "parentId", parent));
			assertThat(r.status()).as(r.toString()).isEqualTo(201);
			return r.json().get("id").asString();
		}

		/** Invites by the given admin; returns the response. */
		public Api.Response invite(Api by, String email, Object... roleUnitPairs) {
			List<Map<String, Object>> roles = new ArrayList<>();
			for (int i = 0; i < roleUnitPairs.length; i += 2) {
				Map<String, Object> role = new LinkedHashMap<>();
				role.put("role", roleUnitPairs[i]);
				if (roleUnitPairs[i + 1] != null) {
					role.put("unitId", roleUnitPairs[i + 1]);
				}
				roles.add(role);
			}
			return by.post(path("/invitations"),
					Map.of("email", email, "firstName", "First", "lastName", "Last", "roles", roles));
		}

		/** The member as the given session reads it (status, headers and body). */
		public Api.Response read(Api by, String memberId) {
			return by.get(path("/members/" + memberId));
		}

		/** Reads the member's ETag, then PATCHes the changes with it. */
		public Api.Response amend(Api by, String memberId, Map<String, ?> changes) {
			var current = read(by, memberId);
			assertThat(current.status()).as(current.toString()).isEqualTo(200);
			return by.header("If-Match", current.header("ETag")).patch(path("/members/" + memberId), changes);
		}

		/**
		 * A new colleague with these roles, invited by the main account holder, who has
		 * accepted.
		 */
		public Member member(Object... roleUnitPairs) {
			return memberInvitedBy(this.admin, roleUnitPairs);
		}

		public Member memberInvitedBy(Api by, Object... roleUnitPairs) {
			String email = email("staff");
			var r = invite(by, email, roleUnitPairs);
			assertThat(r.status()).as(r.toString()).isEqualTo(201);
			return new Member(r.json().get("memberId").asString(), email, accept(email));
		}

	}

	/** A member with a session. */
	public record Member(String id, String email, Api api) {
	}

}
