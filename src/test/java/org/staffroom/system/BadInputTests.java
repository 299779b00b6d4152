package org.staffroom.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.Api;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.ProblemAssert.assertThatProblem;

/**
 * Bad input is refused with 400 validation_failed listing every invalid field, and
 * changes nothing; text that merely looks dangerous is stored and returned as the text it
 * is.
 */
class BadInputTests extends ApiTestCase {

	private static final String JSON = "application/json";

	@Test
	void refusesMalformedJsonOnEveryEndpointThatTakesABody() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);
		String etag = trust.read(trust.admin, member.id()).header("ETag");
		String invitee = email("pending");
		trust.invite(trust.admin, invitee, "org-overview", null);
		String link = latestLink(invitee, "invitations");
		String broken = "{\"email\": \"a@b.test\", ";

		assertMalformed(this.api.raw("POST", "/api/v1/auth/tokens", broken, JSON));
		assertMalformed(this.api.raw("POST", "/api/v1/auth/password-resets", broken, JSON));
		assertMalformed(this.api.raw("POST", "/api/v1/auth/password-resets/" + "A".repeat(43), broken, JSON));
		assertMalformed(this.api.raw("POST", "/api/v1/invitations/" + link + "/accept", broken, JSON));
		assertMalformed(operator().raw("POST", "/api/v1/organisations", broken, JSON));
		assertMalformed(trust.admin.raw("POST", trust.path("/units"), broken, JSON));
		assertMalformed(trust.admin.raw("POST", trust.path("/invitations"), broken, JSON));
		assertMalformed(
				trust.admin.header("If-Match", etag).raw("PATCH", trust.path("/members/" + member.id()), broken, JSON));
		assertMalformed(trust.admin.raw("PATCH", "/api/v1/me", broken, JSON));
		assertMalformed(trust.admin.raw("POST", "/api/v1/access/check", broken, JSON));
		assertMalformed(trust.admin.raw("POST", "/api/v1/access/check-batch", "[{\"organisationId\": ", JSON));
		assertMalformed(trust.admin.raw("POST", trust.path("/invitations"), "", JSON));
		assertThat(trust.read(trust.admin, member.id()).header("ETag")).isEqualTo(etag);
		assertThat(this.api.get("/api/v1/invitations/" + link).status()).as("the link still works").isEqualTo(200);
	}

	@Test
	void refusesFieldsOfTheWrongType() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);

		assertThatProblem(trust.admin.raw("POST", trust.path("/invitations"),
				"{\"email\": \"w@x.test\", \"firstName\": \"A\", \"lastName\": \"B\", \"roles\": \"teacher\"}", JSON))
			.isInvalid("roles")
			.hasFieldError("roles", "wrong_type");
		assertThatProblem(trust.admin.raw("POST", trust.path("/invitations"),
				"{\"email\": \"w@x.test\", \"firstName\": {\"a\": 1}, \"lastName\": \"B\"}", JSON))
			.isInvalid("firstName")
			.hasFieldError("firstName", "wrong_type");
		assertThatProblem(trust.admin.raw("POST", trust.path("/invitations"),
				"{\"email\": \"w@x.test\", \"firstName\": \"A\", \"lastName\": \"B\", \"roles\": [{\"role\": [\"teacher\"]}]}",
				JSON))
			.isInvalid("roles[0].role");
		assertThatProblem(trust.amend(trust.admin, member.id(), Map.of("notifications", "all")))
			.isInvalid("notifications");
		assertThatProblem(trust.amend(trust.admin, member.id(), Map.of("roles", Map.of("role", "teacher"))))
			.isInvalid("roles");
		assertThatProblem(trust.admin.post("/api/v1/access/check", Map.of("organisationId", List.of(trust.id))))
			.isInvalid("organisationId");
		assertThatProblem(trust.admin.raw("POST", "/api/v1/access/check-batch", "\"all of them\"", JSON))
			.isInvalid("body");
		assertThatProblem(trust.admin.get(trust.path("/members?page=first&size=ten"))).hasFieldError("page",
				"wrong_type");
		assertThat(trust.read(trust.admin, member.id()).json().get("roles")).hasSize(1);
	}

	@Test
	void listsEveryFieldOfTheWrongTypeNotOnlyTheFirst() {
		Trust trust = aTrust();

		var response = trust.admin.raw("POST", trust.path("/invitations"),
				"{\"email\": [\"w@x.test\"], \"firstName\": {\"a\": 1}, \"lastName\": \"B\", \"roles\": \"teacher\"}",
				JSON);

		assertThatProblem(response).isInvalid("email", "firstName", "roles");
	}

	@Test
	void refusesEmailsWithoutAnAtSignOrWithSpaces() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);

		for (String bad : List.of("no-at-sign.school.test", "two words@school.test", "tab\t@school.test", "a@b",
				"@school.test", "a@@school.test")) {
			assertThatProblem(trust.invite(trust.admin, bad, "org-overview", null)).as(bad)
				.isInvalid("email")
				.hasFieldError("email", "invalid_email");
			assertThatProblem(trust.amend(trust.admin, member.id(), Map.of("email", bad))).as(bad).isInvalid("email");
		}
		assertThatProblem(trust.admin.post(trust.path("/invitations"), Map.of("firstName", "A", "lastName", "B")))
			.isInvalid("email")
			.hasFieldError("email", "required");
		assertThat(trust.read(trust.admin, member.id()).json().get("pendingEmail").isNull()).isTrue();
	}

	@Test
	void refusesNamesThatAreTooLongOrHoldControlCharacters() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);
		String who = email("long");

		var invite = trust.admin.post(trust.path("/invitations"), Map.of("email", who, "firstName", "x".repeat(201),
				"lastName", "Bell\u0007", "jobTitle", "Tab\u0000null"));

		assertThatProblem(invite).isInvalid("firstName", "lastName", "jobTitle")
			.hasFieldError("firstName", "too_long")
			.hasFieldError("lastName", "invalid_characters")
			.hasFieldError("jobTitle", "invalid_characters");
		assertThatProblem(trust.amend(trust.admin, member.id(),
				Map.of("firstName", "\u001b[31mred", "lastName", "y".repeat(250))))
			.isInvalid("firstName", "lastName");
		assertThatProblem(trust.admin.post(trust.path("/units"),
				Map.of("name", "School\u0007", "type", "school", "parentId", trust.root)))
			.isInvalid("name");
		assertThatProblem(trust.admin.post(trust.path("/units"),
				Map.of("name", "s".repeat(201), "type", "school", "parentId", trust.root)))
			.isInvalid("name");
		assertThat(emailsTo(who)).isZero();
		assertThat(trust.read(trust.admin, member.id()).json().get("firstName").asString()).isEqualTo("First");
		var justRight = trust.admin.post(trust.path("/invitations"),
				Map.of("email", who, "firstName", "x".repeat(200), "lastName", "Zoë Ñúñez-O'Brien"));
		assertThat(justRight.status()).as(justRight.toString()).isEqualTo(201);
	}

	@Test
	void listsEveryInvalidFieldOfAnInvitationAndChangesNothing() {
		Trust trust = aTrust();
		Trust other = aTrust();
		String otherSchool = other.school("Elsewhere");
		int auditBefore = trust.admin.get(trust.path("/audit")).json().get("total").asInt();
		Map<String, Object> unitOfOther = new LinkedHashMap<>();
		unitOfOther.put("role", "headteacher");
		unitOfOther.put("unitId", otherSchool);
		Map<String, Object> noRole = new LinkedHashMap<>();
		noRole.put("unitId", trust.root);

		var response = trust.admin.post(trust.path("/invitations"),
				Map.of("email", "not an email", "firstName", "", "lastName", "z".repeat(300), "jobTitle", "\u0001",
						"roles", List.of(Map.of("role", "wizard"), unitOfOther, noRole)));

		assertThatProblem(response)
			.isInvalid("email", "firstName", "lastName", "jobTitle", "roles[0].role", "roles[1].unitId",
					"roles[2].role")
			.hasFieldError("roles[0].role", "unknown_role")
			.hasFieldError("roles[1].unitId", "unknown_unit");
		assertThat(trust.admin.get(trust.path("/audit")).json().get("total").asInt()).isEqualTo(auditBefore);
		assertThat(trust.admin.get(trust.path("/members")).json().get("total").asInt()).isEqualTo(1);
		assertThat(other.admin.get(other.path("/members?unitId=" + otherSchool)).json().get("total").asInt()).isZero();
	}

	@Test
	void aRoleAtAUnitTypeItDoesNotFitIsRefusedByTheRules() {
		Trust trust = aTrust();
		String c1 = trust.classIn(trust.school("Oak"), "1A");
		Member member = trust.member("org-overview", null);

		assertThatProblem(trust.invite(trust.admin, email("head"), "headteacher", c1)).is(403, "unit_type_mismatch");
		assertThatProblem(trust.amend(trust.admin, member.id(), Map.of("roles", List.of(Map.of("role", "teacher")))))
			.is(403, "unit_type_mismatch");
		assertThat(trust.read(trust.admin, member.id()).json().get("roles").get(0).get("role").asString())
			.isEqualTo("org-overview");
	}

	@Test
	void refusesAPageOfAMillionMembersOrPageZero() {
		Trust trust = aTrust();

		assertThatProblem(trust.admin.get(trust.path("/members?size=1000000"))).isInvalid("size")
			.hasFieldError("size", "out_of_range");
		assertThatProblem(trust.admin.get(trust.path("/members?page=0"))).isInvalid("page")
			.hasFieldError("page", "out_of_range");
		assertThatProblem(trust.admin.get(trust.path("/members?page=-1&size=0"))).isInvalid("page", "size");
		assertThatProblem(trust.admin.get(trust.path("/members?page=99999999999"))).isInvalid("page");
		assertThatProblem(trust.admin.get(trust.path("/members?q=" + "q".repeat(201)))).isInvalid("q");
		assertThat(trust.admin.get(trust.path("/members?page=1&size=200")).status()).isEqualTo(200);
	}

	@Test
	void storesMarkupInNamesAsPlainTextAndReturnsItAsGiven() {
		Trust trust = aTrust();
		String script = "<script>alert('x')</script>";
		String who = email("markup");

		var invited = trust.admin.post(trust.path("/invitations"), Map.of("email", who, "firstName", script, "lastName",
				"O\"Brien & <b>Sons</b>", "jobTitle", "{{7*7}} ${7*7}"));

		assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
		var member = trust.read(trust.admin, invited.json().get("memberId").asString());
		assertThat(member.contentType()).startsWith("application/json");
		assertThat(member.json().get("firstName").asString()).isEqualTo(script);
		assertThat(member.json().get("lastName").asString()).isEqualTo("O\"Brien & <b>Sons</b>");
		assertThat(member.json().get("jobTitle").asString()).isEqualTo("{{7*7}} ${7*7}");
		assertThat(
				trust.admin.get(trust.path("/members?q=script")).json().get("items").get(0).get("firstName").asString())
			.isEqualTo(script);
		var unit = trust.admin.post(trust.path("/units"),
				Map.of("name", script, "type", "school", "parentId", trust.root));
		assertThat(unit.status()).isEqualTo(201);
		assertThat(unit.json().get("name").asString()).isEqualTo(script);
	}

	@Test
	void refusesABodyThatIsNotJson() {
		Trust trust = aTrust();

		assertThatProblem(trust.admin.raw("POST", trust.path("/invitations"), "email=a@b.test", "text/plain")).is(415,
				"unsupported_media_type");
	}

	private static void assertMalformed(Api.Response response) {
		assertThatProblem(response).isInvalid("body").hasFieldError("body", "malformed");
	}

}
