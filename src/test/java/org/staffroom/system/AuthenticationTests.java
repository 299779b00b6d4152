package org.staffroom.system;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.system.security.SecretTokens;
import org.staffroom.testing.Api;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.ProblemAssert.assertThatProblem;

/**
 * Every call but signing in and the emailed links needs a live bearer token; none or a
 * bad one is 401.
 */
class AuthenticationTests extends ApiTestCase {

	private record Call(String method, String path, Object body) {
	}

	@Test
	void everyProtectedEndpointAnswers401WithoutATokenOrWithABadOne() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);
		String invitation = trust.invite(trust.admin, email("pending"), "org-overview", null)
			.json()
			.get("id")
			.asString();
		String expired = signIn(trust.adminEmail, PASSWORD).token();
		Api signedOut = signIn(trust.adminEmail, PASSWORD);
		signedOut.delete("/api/v1/auth/tokens/current");
		this.jdbc.sql("UPDATE api_tokens SET expires_at = ? WHERE token_hash = ?")
			.params(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(1), SecretTokens.hash(expired))
			.update();
		int auditBefore = trust.admin.get(trust.path("/audit")).json().get("total").asInt();
		String m = trust.path("/members/" + member.id());
		List<Call> calls = List.of(new Call("DELETE", "/api/v1/auth/tokens/current", null),
				new Call("GET", "/api/v1/me", null), new Call("PATCH", "/api/v1/me", Map.of("firstName", "X")),
				new Call("GET", "/api/v1/organisations", null),
				new Call("POST", "/api/v1/organisations", Map.of("name", "X")), new Call("GET", trust.path(""), null),
				new Call("GET", trust.path("/units"), null),
				new Call("POST", trust.path("/units"), Map.of("name", "X", "type", "school")),
				new Call("GET", trust.path("/roles"), null), new Call("GET", trust.path("/roles/assignable"), null),
				new Call("GET", trust.path("/invitations"), null),
				new Call("POST", trust.path("/invitations"), Map.of("email", "x@y.test")),
				new Call("POST", trust.path("/invitations/" + invitation + "/resend"), Map.of()),
				new Call("DELETE", trust.path("/invitations/" + invitation), null),
				new Call("GET", trust.path("/members"), null), new Call("GET", m, null),
				new Call("PATCH", m, Map.of("firstName", "X")), new Call("DELETE", m, null),
				new Call("GET", m + "/access", null), new Call("GET", trust.path("/audit"), null),
				new Call("POST", "/api/v1/access/check", Map.of("organisationId", trust.id)),
				new Call("POST", "/api/v1/access/check-batch", List.of()));

		for (Api caller : List.of(this.api.anonymous(), this.api.as("forged-token"), this.api.as(expired), signedOut,
				this.api.header("Authorization", "Token abc"))) {
			for (Call call : calls) {
				var response = call.body() == null ? caller.raw(call.method(), call.path(), null, null)
						: caller.raw(call.method(), call.path(), Api.json(call.body()), "application/json");
				assertThatProblem(response).as(call.method() + " " + call.path() + " as " + caller.token())
					.is(401, "unauthenticated");
			}
		}

		assertThat(trust.admin.get(trust.path("/audit")).json().get("total").asInt()).isEqualTo(auditBefore);
		assertThat(trust.read(trust.admin, member.id()).json().get("firstName").asString()).isEqualTo("First");
	}

	@Test
	void anUnknownAddressIsNotFound() {
		Trust trust = aTrust();

		assertThatProblem(trust.admin.get("/api/v1/no-such-thing")).is(404, "not_found");
		assertThatProblem(trust.admin.raw("PUT", trust.path("/members"), "{}", "application/json")).is(405,
				"method_not_allowed");
	}

	@Test
	void theEmailedLinksAndSigningInNeedNoToken() {
		Trust trust = aTrust();
		String who = email("link");
		trust.invite(trust.admin, who, "org-overview", null);

		assertThat(this.api.get("/api/v1/invitations/" + latestLink(who, "invitations")).status()).isEqualTo(200);
		assertThat(this.api.post("/api/v1/auth/password-resets", Map.of("email", who)).status()).isEqualTo(202);
		assertThat(
				this.api.post("/api/v1/auth/tokens", Map.of("email", trust.adminEmail, "password", PASSWORD)).status())
			.isEqualTo(201);
	}

}
