package org.staffroom.grants;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.Api;
import org.staffroom.testing.ApiTestCase;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.ProblemAssert.assertThatProblem;

/**
 * "May this person do that here?" for other services, one question or a thousand, and
 * why.
 */
class AccessCheckApiTests extends ApiTestCase {

	@Test
	void answersWhetherAMemberHoldsAPermissionAtAUnit() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String c1 = trust.classIn(oak, "1A");
		String c2 = trust.classIn(oak, "1B");
		String elm = trust.school("Elm");
		Member teacher = trust.member("teacher", c1);

		var yes = check(trust.admin, trust, "userId", teacher.id(), "results.pupils", c1);

		assertThat(yes.status()).as(yes.toString()).isEqualTo(200);
		assertThat(yes.json().get("allowed").asBoolean()).isTrue();
		assertThat(yes.json().get("reason").asString()).contains("teacher");
		var no = check(trust.admin, trust, "userId", teacher.id(), "results.pupils", c2);
		assertThat(no.json().get("allowed").asBoolean()).isFalse();
		assertThat(no.json().get("reason").asString()).isNotBlank();
		assertThat(allowed(trust, teacher.id(), "results.summary", c2)).as("anchored at the school").isTrue();
		assertThat(allowed(trust, teacher.id(), "results.summary", elm)).isFalse();
		assertThat(allowed(trust, teacher.id(), "results.compare", elm)).as("anchored at the organisation").isTrue();
		assertThat(allowed(trust, teacher.id(), "accounts.manage", c1)).isFalse();
		assertThat(allowed(trust, trust.adminId, "accounts.manage", c1)).isTrue();
		assertThat(allowed(trust, trust.adminId, "results.pupils", c1)).isFalse();
	}

	@Test
	void leavingOutTheUnitAsksAboutTheOrganisation() {
		Trust trust = aTrust();

		var response = trust.admin.post("/api/v1/access/check",
				Map.of("organisationId", trust.id, "userId", trust.adminId, "permission", "audit.view"));

		assertThat(response.json().get("allowed").asBoolean()).as(response.toString()).isTrue();
	}

	@Test
	void findsTheMemberByEmailInAnyCase() {
		Trust trust = aTrust();
		Member overview = trust.member("org-overview", null);

		for (String form : List.of(overview.email(), overview.email().toUpperCase(), " " + overview.email() + " ")) {
			var response = check(trust.admin, trust, "email", form, "results.summary", trust.root);
			assertThat(response.json().get("allowed").asBoolean()).as(form + ": " + response).isTrue();
		}
		assertThat(
				check(trust.admin, trust, "email", overview.email().toUpperCase(), "results.pupils", trust.root).json()
					.get("allowed")
					.asBoolean())
			.isFalse();
	}

	@Test
	void someoneWhoIsNotAMemberIsNotAllowed() {
		Trust trust = aTrust();
		Trust other = aTrust();

		var stranger = check(trust.admin, trust, "email", email("stranger"), "results.summary", trust.root);
		var otherAdmin = check(trust.admin, trust, "userId", other.adminId, "accounts.manage", trust.root);

		assertThat(stranger.status()).isEqualTo(200);
		assertThat(stranger.json().get("allowed").asBoolean()).isFalse();
		assertThat(otherAdmin.json().get("allowed").asBoolean()).isFalse();
	}

	@Test
	void aMemberMayAskAboutThemselvesButNotAboutMembersTheyCannotSee() {
		Trust trust = aTrust();
		Member overview = trust.member("org-overview", null);

		assertThat(check(overview.api(), trust, "userId", overview.id(), "results.summary", trust.root).json()
			.get("allowed")
			.asBoolean()).isTrue();
		assertThatProblem(check(overview.api(), trust, "userId", trust.adminId, "accounts.manage", trust.root)).is(403,
				"forbidden");
	}

	@Test
	void refusesAQuestionThatNamesNoKnownPermissionOrUnit() {
		Trust trust = aTrust();

		assertThatProblem(check(trust.admin, trust, "userId", trust.adminId, "accounts.fly", "nowhere"))
			.isInvalid("permission", "unitId");
		assertThatProblem(trust.admin.post("/api/v1/access/check", Map.of("permission", "accounts.view")))
			.isInvalid("organisationId", "userId");
		assertThatProblem(check(trust.admin, trust, "userId", trust.adminId, null, null)).isInvalid("permission");
	}

	@Test
	void answersTheSameOnTheShortPathAsOnTheOrdinaryOne() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String c1 = trust.classIn(oak, "1A");
		Member teacher = trust.member("teacher", c1);
		// A plain request takes AccessCheckEndpoint's short path; an Accept with a
		// q-value is left to Spring MVC's content negotiation, so the same question goes
		// the ordinary way.
		Api ordinary = trust.admin.header("Accept", "application/json;q=0.9");

		for (var question : List.of(question(trust, teacher.id(), "results.pupils", c1),
				question(trust, teacher.id(), "accounts.manage", c1),
				question(trust, trust.adminId, "audit.view", null))) {
			var shortPath = trust.admin.post("/api/v1/access/check", question);
			var ordinaryPath = ordinary.post("/api/v1/access/check", question);

			assertThat(shortPath.status()).as(shortPath.toString()).isEqualTo(200);
			assertThat(shortPath.text()).isEqualTo(ordinaryPath.text());
			assertThat(withoutDate(shortPath.headers())).isEqualTo(withoutDate(ordinaryPath.headers()));
		}
		var shortPath = trust.admin.post("/api/v1/access/check", question(trust, teacher.id(), "results.pupils", c1));
		assertThat(shortPath.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(shortPath.header("X-Frame-Options")).isEqualTo("DENY");
		assertThat(shortPath.header("Cache-Control")).contains("no-store");
		assertThat(shortPath.contentType()).isEqualTo("application/json");
	}

	@Test
	void givesTheOrdinaryErrorsWhateverPathTheRequestStartsOn() {
		Trust trust = aTrust();
		Trust other = aTrust();
		Member teacher = trust.member("teacher", trust.classIn(trust.school("Oak"), "1A"));

		assertThatProblem(
				teacher.api().post("/api/v1/access/check", question(trust, trust.adminId, "accounts.view", null)))
			.is(403, "forbidden");
		assertThatProblem(
				trust.admin.post("/api/v1/access/check", question(other, other.adminId, "accounts.view", null)))
			.is(404, "not_found");
		assertThatProblem(trust.admin.raw("POST", "/api/v1/access/check", "{\"organisationId\": ", "application/json"))
			.isInvalid("body");
		assertThatProblem(trust.admin.raw("POST", "/api/v1/access/check",
				"{\"organisationId\": \"" + trust.id + "\", \"userId\": [1], \"permission\": {}}", "application/json"))
			.isInvalid("userId", "permission");
		assertThatProblem(trust.admin.raw("POST", "/api/v1/access/check", "null", "application/json")).is(400,
				"validation_failed");
		assertThatProblem(trust.admin.raw("POST", "/api/v1/access/check",
				Api.json(question(trust, trust.adminId, "audit.view", null)), "text/plain"))
			.is(415, "unsupported_media_type");
		assertThatProblem(
				this.api.as("forged").post("/api/v1/access/check", question(trust, trust.adminId, "audit.view", null)))
			.is(401, "unauthenticated");
		assertThat(trust.admin.raw("GET", "/api/v1/access/check", null, null).status()).isEqualTo(405);
	}

	private static Map<String, List<String>> withoutDate(Map<String, List<String>> headers) {
		Map<String, List<String>> kept = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.forEach((name, values) -> {
			if (!name.equalsIgnoreCase("date")) {
				kept.put(name, values);
			}
		});
		return kept;
	}

	@Test
	void answersABatchInTheOrderAsked() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String c1 = trust.classIn(oak, "1A");
		String c2 = trust.classIn(oak, "1B");
		Member teacher = trust.member("teacher", c1);
		List<Map<String, Object>> questions = List.of(question(trust, teacher.id(), "results.pupils", c1),
				question(trust, teacher.id(), "results.pupils", c2),
				question(trust, trust.adminId, "accounts.manage", c2),
				question(trust, teacher.id(), "accounts.view", c1),
				question(trust, teacher.id(), "results.summary", c2));

		var response = trust.admin.post("/api/v1/access/check-batch", questions);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().isArray()).isTrue();
		assertThat(response.json()).extracting((a) -> a.get("allowed").asBoolean())
			.containsExactly(true, false, true, false, true);
	}

	@Test
	void answersUpToAThousandQuestionsAtOnceAndNoMore() {
		Trust trust = aTrust();
		List<Map<String, Object>> thousand = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			thousand
				.add(question(trust, trust.adminId, (i % 2 == 0) ? "accounts.manage" : "results.pupils", trust.root));
		}

		var answered = trust.admin.post("/api/v1/access/check-batch", thousand);
		List<Map<String, Object>> tooMany = new ArrayList<>(thousand);
		tooMany.add(question(trust, trust.adminId, "accounts.view", trust.root));
		var refused = trust.admin.post("/api/v1/access/check-batch", tooMany);

		assertThat(answered.status()).as(answered.toString().substring(0, 200)).isEqualTo(200);
		assertThat(answered.json()).hasSize(1000);
		assertThat(answered.json().get(998).get("allowed").asBoolean()).isTrue();
		assertThat(answered.json().get(999).get("allowed").asBoolean()).isFalse();
		assertThatProblem(refused).isInvalid("body");
	}

	@Test
	void aBatchListsEveryInvalidQuestion() {
		Trust trust = aTrust();
		List<Object> questions = new ArrayList<>();
		questions.add(question(trust, trust.adminId, "accounts.view", trust.root));
		questions.add(question(trust, trust.adminId, "no.such.permission", trust.root));
		questions.add(question(trust, trust.adminId, "accounts.view", "no-such-unit"));
		Map<String, Object> noOrganisation = new HashMap<>(question(trust, trust.adminId, "accounts.view", null));
		noOrganisation.remove("organisationId");
		questions.add(noOrganisation);
		questions.add("not a question");

		var response = trust.admin.post("/api/v1/access/check-batch", questions);

		assertThatProblem(response).isInvalid("[1].permission", "[2].unitId", "[3].organisationId", "[4]");
		assertThatProblem(trust.admin.post("/api/v1/access/check-batch", Map.of("nothing", "here"))).isInvalid("body");
	}

	@Test
	void explainsEveryPermissionAMemberHoldsAtAUnitAndTheAssignmentGrantingIt() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String c1 = trust.classIn(oak, "1A");
		String c2 = trust.classIn(oak, "1B");
		Member teacher = trust.member("teacher", c1);
		String assignment = trust.read(trust.admin, teacher.id()).json().get("roles").get(0).get("id").asString();

		var atClass = trust.admin.get(trust.path("/members/" + teacher.id() + "/access?unitId=" + c1));

		assertThat(atClass.status()).as(atClass.toString()).isEqualTo(200);
		Map<String, JsonNode> held = byPermission(atClass.json());
		assertThat(held).containsOnlyKeys("results.pupils", "results.summary", "results.compare");
		assertThat(held.get("results.pupils").get("assignmentId").asString()).isEqualTo(assignment);
		assertThat(held.get("results.pupils").get("role").asString()).isEqualTo("teacher");
		assertThat(held.get("results.pupils").get("unitId").asString()).isEqualTo(c1);
		assertThat(held.get("results.summary").get("anchor").asString()).isEqualTo("school");
		assertThat(held.get("results.summary").get("scopeUnitId").asString()).isEqualTo(oak);
		assertThat(held.get("results.compare").get("scopeUnitId").asString()).isEqualTo(trust.root);
		assertThat(held.get("results.pupils").get("explanation").asString()).contains("teacher", "1A");
		assertThat(
				byPermission(trust.admin.get(trust.path("/members/" + teacher.id() + "/access?unitId=" + c2)).json()))
			.containsOnlyKeys("results.summary", "results.compare");
		assertThat(byPermission(trust.admin.get(trust.path("/members/" + teacher.id() + "/access")).json()))
			.containsOnlyKeys("results.compare");
		assertThat(
				byPermission(teacher.api().get(trust.path("/members/" + teacher.id() + "/access?unitId=" + c1)).json()))
			.as("a member may read their own")
			.hasSize(3);
		assertThatProblem(trust.admin.get(trust.path("/members/" + teacher.id() + "/access?unitId=nowhere")))
			.isInvalid("unitId");
		assertThatProblem(teacher.api().get(trust.path("/members/" + trust.adminId + "/access"))).is(404, "not_found");
	}

	private Api.Response check(Api by, Trust trust, String idField, String who, String permission, String unitId) {
		Map<String, Object> q = new LinkedHashMap<>();
		q.put("organisationId", trust.id);
		q.put(idField, who);
		if (permission != null) {
			q.put("permission", permission);
		}
		if (unitId != null) {
			q.put("unitId", unitId);
		}
		return by.post("/api/v1/access/check", q);
	}

	private boolean allowed(Trust trust, String memberId, String permission, String unitId) {
		var r = check(trust.admin, trust, "userId", memberId, permission, unitId);
		assertThat(r.status()).as(r.toString()).isEqualTo(200);
		return r.json().get("allowed").asBoolean();
	}

	private static Map<String, Object> question(Trust trust, String userId, String permission, String unitId) {
		Map<String, Object> q = new LinkedHashMap<>();
		q.put("organisationId", trust.id);
		q.put("userId", userId);
		q.put("permission", permission);
		if (unitId != null) {
			q.put("unitId", unitId);
		}
		return q;
	}

	private static Map<String, JsonNode> byPermission(JsonNode explanation) {
		Map<String, JsonNode> held = new LinkedHashMap<>();
		explanation.get("permissions").forEach((p) -> held.put(p.get("permission").asString(), p));
		return held;
	}

}
