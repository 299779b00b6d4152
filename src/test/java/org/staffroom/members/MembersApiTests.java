package org.staffroom.members;

import java.util.ArrayList;
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
 * The member directory, one member with its ETag, amending with If-Match, and ending a
 * membership.
 */
class MembersApiTests extends ApiTestCase {

	@Test
	void listsMembersPageByPageWithTheTotal() {
		Trust trust = aTrust();
		for (String last : List.of("Adams", "Baker", "Clarke", "Davies", "Evans")) {
			invite(trust, email(last), "Pat", last, "org-overview", null);
		}

		var first = trust.admin.get(trust.path("/members?page=1&size=2"));
		var third = trust.admin.get(trust.path("/members?page=3&size=2"));
		var beyond = trust.admin.get(trust.path("/members?page=9&size=2"));

		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(first.json().get("total").asInt()).isEqualTo(6);
		assertThat(first.json().get("page").asInt()).isEqualTo(1);
		assertThat(first.json().get("size").asInt()).isEqualTo(2);
		assertThat(lastNames(first)).containsExactly("Adams", "Baker");
		assertThat(lastNames(third)).containsExactly("Evans", "Holder");
		assertThat(beyond.json().get("items")).isEmpty();
		assertThat(beyond.json().get("total").asInt()).isEqualTo(6);
		assertThat(trust.admin.get(trust.path("/members?page=2147483647&size=200")).json().get("items")).isEmpty();
		JsonNode item = first.json().get("items").get(0);
		for (String field : List.of("id", "email", "firstName", "lastName", "jobTitle", "status", "roles")) {
			assertThat(item.has(field)).as(field).isTrue();
		}
		assertThat(item.get("roles").get(0).get("role").asString()).isEqualTo("org-overview");
		assertThat(item.get("roles").get(0).get("unitId").asString()).isEqualTo(trust.root);
	}

	@Test
	void findsMembersByNameOrEmailFragmentWhateverTheCaseOrAccents() {
		Trust trust = aTrust();
		String zoeEmail = email("zb");
		String zoe = invite(trust, zoeEmail, "Zoë", "Brontë-Núñez", "org-overview", null);
		invite(trust, email("other"), "Zack", "Other", "org-overview", null);

		assertThat(ids(trust, "zoe")).containsExactly(zoe);
		assertThat(ids(trust, "ZOË")).containsExactly(zoe);
		assertThat(ids(trust, "bronte")).containsExactly(zoe);
		assertThat(ids(trust, "NUNEZ")).containsExactly(zoe);
		assertThat(ids(trust, zoeEmail.substring(0, 6).toUpperCase())).containsExactly(zoe);
		assertThat(ids(trust, "z")).contains(zoe).hasSize(2);
		assertThat(ids(trust, "%")).isEmpty();
		assertThat(ids(trust, "_")).isEmpty();
		assertThat(ids(trust, "nobody-called-this")).isEmpty();
	}

	@Test
	void filtersByRoleUnitAndStatus() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String elm = trust.school("Elm");
		String oak7 = trust.classIn(oak, "7A");
		String elm7 = trust.classIn(elm, "7A");
		Member oakTeacher = trust.member("teacher", oak7);
		String elmTeacher = invite(trust, email("elm"), "Ed", "Elm", "teacher", elm7);
		Member head = trust.member("headteacher", oak);

		assertThat(ids(trust, "?role=teacher")).containsExactlyInAnyOrder(oakTeacher.id(), elmTeacher);
		assertThat(ids(trust, "?unitId=" + oak)).containsExactlyInAnyOrder(oakTeacher.id(), head.id());
		assertThat(ids(trust, "?role=teacher&unitId=" + oak)).containsExactly(oakTeacher.id());
		assertThat(ids(trust, "?status=invited")).containsExactly(elmTeacher);
		assertThat(ids(trust, "?status=active")).containsExactlyInAnyOrder(trust.adminId, oakTeacher.id(), head.id());
		assertThat(trust.amend(trust.admin, head.id(), Map.of("status", "disabled")).status()).isEqualTo(200);
		assertThat(ids(trust, "?status=disabled")).containsExactly(head.id());
		assertThatProblem(trust.admin.get(trust.path("/members?status=asleep"))).isInvalid("status");
		assertThatProblem(trust.admin.get(trust.path("/members?role=wizard"))).isInvalid("role");
		assertThatProblem(trust.admin.get(trust.path("/members?unitId=nowhere"))).isInvalid("unitId");
	}

	@Test
	void aSchoolUserAdministratorSeesOnlyTheMembersOfTheirSchool() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String elm = trust.school("Elm");
		Member oakAdmin = trust.member("user-admin", oak);
		Member oakTeacher = trust.member("teacher", trust.classIn(oak, "1A"));
		Member elmTeacher = trust.member("teacher", trust.classIn(elm, "1A"));

		var seen = oakAdmin.api().get(trust.path("/members"));

		assertThat(seen.json().get("items")).extracting((i) -> i.get("id").asString())
			.containsExactlyInAnyOrder(oakAdmin.id(), oakTeacher.id());
		assertThat(seen.json().get("total").asInt()).isEqualTo(2);
		assertThatProblem(trust.read(oakAdmin.api(), elmTeacher.id())).is(404, "not_found");
		assertThatProblem(trust.read(oakAdmin.api(), trust.adminId)).is(404, "not_found");
		assertThatProblem(oakTeacher.api().get(trust.path("/members"))).is(403, "forbidden");
	}

	@Test
	void readsAMemberWithAnETagThatMovesOnWithEveryChange() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);

		var read = trust.read(trust.admin, member.id());

		assertThat(read.status()).isEqualTo(200);
		String etag = read.header("ETag");
		assertThat(etag).isNotBlank();
		assertThat(read.json().get("id").asString()).isEqualTo(member.id());
		assertThat(read.json().get("email").asString()).isEqualTo(member.email());
		assertThat(trust.read(trust.admin, member.id()).header("ETag")).as("stable while unchanged").isEqualTo(etag);

		var patched = trust.admin.header("If-Match", etag)
			.patch(trust.path("/members/" + member.id()), Map.of("firstName", "Renamed", "jobTitle", "Head of maths",
					"phone", "+44 20 7946 0000", "notifications", List.of("access-changed")));

		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertThat(patched.header("ETag")).isNotBlank().isNotEqualTo(etag);
		assertThat(patched.json().get("firstName").asString()).isEqualTo("Renamed");
		assertThat(patched.json().get("lastName").asString()).isEqualTo("Last");
		assertThat(patched.json().get("jobTitle").asString()).isEqualTo("Head of maths");
		assertThat(patched.json().get("phone").asString()).isEqualTo("+44 20 7946 0000");
		assertThat(patched.json().get("notifications")).extracting(JsonNode::asString)
			.containsExactly("access-changed");
		assertThat(trust.read(trust.admin, member.id()).header("ETag")).isEqualTo(patched.header("ETag"));
	}

	@Test
	void amendingNeedsTheCurrentETag() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);
		String etag = trust.read(trust.admin, member.id()).header("ETag");

		assertThatProblem(trust.admin.patch(trust.path("/members/" + member.id()), Map.of("firstName", "NoMatch")))
			.is(428, "precondition_required");
		assertThatProblem(trust.admin.header("If-Match", "\"0.0\"")
			.patch(trust.path("/members/" + member.id()), Map.of("firstName", "Stale"))).is(412, "stale_version");
		assertThat(trust.read(trust.admin, member.id()).header("ETag")).isEqualTo(etag);
		assertThat(trust.read(trust.admin, member.id()).json().get("firstName").asString()).isEqualTo("First");
		assertThat(trust.admin.header("If-Match", etag)
			.patch(trust.path("/members/" + member.id()), Map.of("firstName", "Fresh"))
			.status()).isEqualTo(200);
		assertThatProblem(trust.admin.header("If-Match", etag)
			.patch(trust.path("/members/" + member.id()), Map.of("firstName", "Again"))).is(412, "stale_version");
	}

	@Test
	void replacesTheRolesWithTheFullNewList() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String c1 = trust.classIn(oak, "1A");
		String c2 = trust.classIn(oak, "1B");
		Member teacher = trust.member("teacher", c1);

		var patched = trust.amend(trust.admin, teacher.id(), Map.of("roles",
				List.of(Map.of("role", "teacher", "unitId", c2), Map.of("role", "headteacher", "unitId", oak))));

		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertThat(roles(patched.json())).containsExactlyInAnyOrder("teacher@" + c2, "headteacher@" + oak);
		assertThat(allowed(trust, teacher.id(), "results.pupils", c1)).as("the head sees the whole school").isTrue();
		assertThat(trust.amend(trust.admin, teacher.id(), Map.of("roles", List.of())).status()).isEqualTo(200);
		assertThat(roles(trust.read(trust.admin, teacher.id()).json())).isEmpty();
		assertThat(allowed(trust, teacher.id(), "results.pupils", c1)).isFalse();
		assertThat(trust.read(trust.admin, teacher.id()).json().get("status").asString())
			.as("a member with no roles is still a member")
			.isEqualTo("active");
	}

	@Test
	void aDisabledMemberLosesTheOrganisationUntilEnabledAgain() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);

		assertThat(trust.amend(trust.admin, member.id(), Map.of("status", "disabled")).status()).isEqualTo(200);

		assertThatProblem(member.api().get(trust.path(""))).is(404, "not_found");
		assertThat(member.api().get("/api/v1/organisations").json()).isEmpty();
		assertThat(allowed(trust, member.id(), "results.summary", trust.root)).isFalse();
		assertThatProblem(trust.amend(trust.admin, member.id(), Map.of("status", "invited"))).isInvalid("status");
		assertThat(trust.amend(trust.admin, member.id(), Map.of("status", "active")).status()).isEqualTo(200);
		assertThat(member.api().get(trust.path("")).status()).isEqualTo(200);
	}

	@Test
	void removingAMemberEndsOnlyThatMembership() {
		Trust first = aTrust();
		Trust second = aTrust();
		Member consultant = first.member("org-overview", null);
		second.invite(second.admin, consultant.email(), "org-overview", null);
		consultant.api()
			.post("/api/v1/invitations/" + latestLink(consultant.email(), "invitations") + "/accept", Map.of());

		var removed = second.admin.delete(second.path("/members/" + consultant.id()));

		assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
		assertThatProblem(second.read(second.admin, consultant.id())).is(404, "not_found");
		assertThatProblem(consultant.api().get(second.path(""))).is(404, "not_found");
		assertThat(consultant.api().get("/api/v1/organisations").json()).extracting((o) -> o.get("id").asString())
			.containsExactly(first.id);
		assertThat(first.read(first.admin, consultant.id()).json().get("status").asString()).isEqualTo("active");
		assertThat(signIn(consultant.email(), PASSWORD).get("/api/v1/me").status()).isEqualTo(200);
		assertThatProblem(second.admin.delete(second.path("/members/" + consultant.id()))).is(404, "not_found");
	}

	@Test
	void removingAnInvitedMemberKillsTheirLink() {
		Trust trust = aTrust();
		String who = email("gone");
		String id = invite(trust, who, "Gone", "Soon", "org-overview", null);
		String link = latestLink(who, "invitations");

		assertThat(trust.admin.delete(trust.path("/members/" + id)).status()).isEqualTo(204);

		assertThatProblem(this.api.get("/api/v1/invitations/" + link)).is(410, "invitation_used");
	}

	@Test
	void unknownMembersAreNotFound() {
		Trust trust = aTrust();

		assertThatProblem(trust.read(trust.admin, "no-such-member")).is(404, "not_found");
		assertThatProblem(trust.admin.header("If-Match", "\"1.1\"")
			.patch(trust.path("/members/no-such-member"), Map.of("firstName", "X"))).is(404, "not_found");
		assertThatProblem(trust.admin.patch(trust.path("/members/no-such-member"), Map.of("firstName", "X"))).is(404,
				"not_found");
		assertThatProblem(trust.admin.delete(trust.path("/members/no-such-member"))).is(404, "not_found");
		assertThatProblem(trust.admin.get(trust.path("/members/no-such-member/access"))).is(404, "not_found");
	}

	private String invite(Trust trust, String email, String first, String last, String role, String unitId) {
		Map<String, Object> roleAt = new LinkedHashMap<>();
		roleAt.put("role", role);
		if (unitId != null) {
			roleAt.put("unitId", unitId);
		}
		var r = trust.admin.post(trust.path("/invitations"),
				Map.of("email", email, "firstName", first, "lastName", last, "roles", List.of(roleAt)));
		assertThat(r.status()).as(r.toString()).isEqualTo(201);
		return r.json().get("memberId").asString();
	}

	private List<String> ids(Trust trust, String queryOrText) {
		String query = queryOrText.startsWith("?") ? queryOrText
				: "?q=" + java.net.URLEncoder.encode(queryOrText, java.nio.charset.StandardCharsets.UTF_8);
		var r = trust.admin.get(trust.path("/members" + query));
		assertThat(r.status()).as(r.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		r.json().get("items").forEach((i) -> ids.add(i.get("id").asString()));
		assertThat(r.json().get("total").asInt()).isEqualTo(ids.size());
		return ids;
	}

	@Test
	void anAccessRequestForARoleThatCannotBeGivenAtTheOrganisationIsRefusedWithoutAUnit() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		Member member = trust.member("org-overview", null);
		long emails = emailsTo(trust.adminEmail);

		for (String role : new String[] { "teacher", "headteacher" }) {
			assertThatProblem(member.api().post(trust.path("/access-requests"), Map.of("role", role))).as(role)
				.is(403, "unit_type_mismatch");
		}
		assertThatProblem(member.api().post(trust.path("/access-requests"), Map.of("role", "teacher", "unitId", oak)))
			.is(403, "unit_type_mismatch");

		assertThat(member.api().get(trust.path("/access-requests")).json().get("items")).as("nothing was written")
			.isEmpty();
		assertThat(emailsTo(trust.adminEmail)).as("no approver was told").isEqualTo(emails);
		var fits = member.api().post(trust.path("/access-requests"), Map.of("role", "headteacher", "unitId", oak));
		assertThat(fits.status()).as(fits.toString()).isEqualTo(201);
	}

	private static List<String> lastNames(Api.Response response) {
		List<String> names = new ArrayList<>();
		response.json().get("items").forEach((i) -> names.add(i.get("lastName").asString()));
		return names;
	}

	private static List<String> roles(JsonNode member) {
		List<String> roles = new ArrayList<>();
		member.get("roles").forEach((r) -> roles.add(r.get("role").asString() + "@" + r.get("unitId").asString()));
		return roles;
	}

	private boolean allowed(Trust trust, String memberId, String permission, String unitId) {
		var r = trust.admin.post("/api/v1/access/check",
				Map.of("organisationId", trust.id, "userId", memberId, "permission", permission, "unitId", unitId));
		assertThat(r.status()).as(r.toString()).isEqualTo(200);
		return r.json().get("allowed").asBoolean();
	}

}
