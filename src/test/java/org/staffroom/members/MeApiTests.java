package org.staffroom.members;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.ApiTestCase;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.ProblemAssert.assertThatProblem;

/** "Edit my account": own contact details and preferences, never own roles or status. */
class MeApiTests extends ApiTestCase {

	@Test
	void showsMyAccountAndMyOrganisations() {
		Trust trust = aTrust();

		var me = trust.admin.get("/api/v1/me");

		assertThat(me.status()).isEqualTo(200);
		JsonNode body = me.json();
		assertThat(body.get("id").asString()).isEqualTo(trust.adminId);
		assertThat(body.get("email").asString()).isEqualTo(trust.adminEmail);
		assertThat(body.get("firstName").asString()).isEqualTo("Main");
		assertThat(body.get("lastName").asString()).isEqualTo("Holder");
		assertThat(body.get("operator").asBoolean()).isFalse();
		assertThat(body.get("pendingEmail").isNull()).isTrue();
		assertThat(body.get("notifications")).isNotEmpty();
		assertThat(body.get("organisations")).hasSize(1);
		assertThat(body.get("organisations").get(0).get("id").asString()).isEqualTo(trust.id);
		assertThat(body.get("organisations").get(0).get("status").asString()).isEqualTo("active");
		assertThat(body.get("organisations").get(0).get("mainAccountHolder").asBoolean()).isTrue();
	}

	@Test
	void changesMyDetailsAndPreferences() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);
		String etag = trust.read(trust.admin, member.id()).header("ETag");

		var patched = member.api()
			.patch("/api/v1/me", Map.of("firstName", "  Ada ", "lastName", "Lovelace", "jobTitle", "Data lead", "phone",
					"01632 960000", "notifications", List.of("import-finished", "access-changed")));

		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertThat(patched.json().get("firstName").asString()).isEqualTo("Ada");
		assertThat(patched.json().get("lastName").asString()).isEqualTo("Lovelace");
		assertThat(patched.json().get("jobTitle").asString()).isEqualTo("Data lead");
		assertThat(patched.json().get("phone").asString()).isEqualTo("01632 960000");
		assertThat(patched.json().get("notifications")).extracting(JsonNode::asString)
			.containsExactly("access-changed", "import-finished");
		var asAdminSees = trust.read(trust.admin, member.id());
		assertThat(asAdminSees.json().get("lastName").asString()).isEqualTo("Lovelace");
		assertThat(asAdminSees.header("ETag")).isNotEqualTo(etag);
		assertThat(member.api().patch("/api/v1/me", Map.of("phone", "")).json().get("phone").isNull()).isTrue();
	}

	@Test
	void refusesAnyChangeToMyOwnRolesAndChangesNothing() {
		Trust trust = aTrust();
		String c1 = trust.classIn(trust.school("Oak"), "1A");
		Member teacher = trust.member("teacher", c1);
		var before = trust.read(trust.admin, teacher.id());

		var promote = teacher.api()
			.patch("/api/v1/me", Map.of("firstName", "Sneaky", "roles", List.of(Map.of("role", "org-admin"))));
		var drop = teacher.api().patch("/api/v1/me", Map.of("roles", List.of()));
		var reactivate = teacher.api().patch("/api/v1/me", Map.of("status", "active"));
		var adminToo = trust.admin.patch("/api/v1/me", Map.of("roles", List.of(Map.of("role", "ambassador"))));

		assertThatProblem(promote).is(403, "self_grant_denied");
		assertThatProblem(drop).is(403, "self_grant_denied");
		assertThatProblem(reactivate).is(403, "self_grant_denied");
		assertThatProblem(adminToo).is(403, "self_grant_denied");
		var after = trust.read(trust.admin, teacher.id());
		assertThat(after.header("ETag")).isEqualTo(before.header("ETag"));
		assertThat(after.json()).isEqualTo(before.json());
		var check = teacher.api()
			.post("/api/v1/access/check",
					Map.of("organisationId", trust.id, "userId", teacher.id(), "permission", "accounts.manage"));
		assertThat(check.json().get("allowed").asBoolean()).isFalse();
	}

	@Test
	void ignoresFieldsThatAreNotMineToSet() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);

		var patched = member.api()
			.patch("/api/v1/me", Map.of("jobTitle", "Clerk", "operator", true, "mainAccountHolder", true, "id",
					trust.adminId, "organisations", List.of(Map.of("id", "elsewhere"))));

		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertThat(patched.json().get("id").asString()).isEqualTo(member.id());
		assertThat(patched.json().get("operator").asBoolean()).isFalse();
		assertThat(patched.json().get("organisations").get(0).get("mainAccountHolder").asBoolean()).isFalse();
		assertThat(trust.read(trust.admin, trust.adminId).json().get("jobTitle").isNull()).isTrue();
		assertThatProblem(member.api().post("/api/v1/organisations", Map.of("name", "Mine"))).is(403, "forbidden");
	}

	@Test
	void listsEveryInvalidFieldOfMyChanges() {
		Trust trust = aTrust();

		var response = trust.admin.patch("/api/v1/me", Map.of("firstName", "x".repeat(201), "lastName", "bell\u0007",
				"phone", "call me", "notifications", List.of("access-changed", "gossip"), "email", "nobody"));

		assertThatProblem(response).isInvalid("firstName", "lastName", "phone", "notifications[1]", "email");
		assertThat(trust.admin.get("/api/v1/me").json().get("firstName").asString()).isEqualTo("Main");
	}

	@Test
	void needsASignedInCaller() {
		assertThatProblem(this.api.get("/api/v1/me")).is(401, "unauthenticated");
		assertThatProblem(this.api.patch("/api/v1/me", Map.of("firstName", "Nobody"))).is(401, "unauthenticated");
	}

}
