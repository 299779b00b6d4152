package org.staffroom.system;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.Api;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.ProblemAssert.assertThatProblem;

/**
 * One organisation never sees or changes another: every organisation-scoped endpoint of Y
 * answers 404 to members of X, even X's main account holder, and Y's ids used inside X's
 * paths change nothing in Y.
 */
class TenantIsolationTests extends ApiTestCase {

	/**
	 * Y with a school, a member and a pending invitation, as X's callers would aim at
	 * them.
	 */
	private record Target(Trust y, String school, Member member, String invitationId, String invitee) {
	}

	private Target anotherOrganisation() {
		Trust y = aTrust();
		String school = y.school("Y School");
		Member member = y.member("user-admin", school);
		String invitee = email("y-invitee");
		var invited = y.invite(y.admin, invitee, "headteacher", school);
		assertThat(invited.status()).isEqualTo(201);
		return new Target(y, school, member, invited.json().get("id").asString(), invitee);
	}

	@Test
	void everyEndpointOfAnotherOrganisationAnswersNotFoundEvenToAMainAccountHolder() {
		Trust x = aTrust();
		Member xAdmin = x.member("org-admin", null);
		Member xTeacher = x.member("teacher", x.classIn(x.school("X School"), "1A"));
		Target t = anotherOrganisation();
		Snapshot before = snapshot(t);

		for (Api caller : List.of(x.admin, xAdmin.api(), xTeacher.api())) {
			for (Map.Entry<String, Function<Api, Api.Response>> call : callsInto(t).entrySet()) {
				assertThatProblem(call.getValue().apply(caller)).as(call.getKey()).is(404, "not_found");
			}
		}

		assertThat(snapshot(t)).isEqualTo(before);
	}

	@Test
	void aMemberWhoIsOnlyInvitedOrDisabledThereIsTreatedAsAStranger() {
		Target t = anotherOrganisation();
		Trust x = aTrust();
		Member disabled = t.y().member("org-admin", null);
		assertThat(t.y().amend(t.y().admin, disabled.id(), Map.of("status", "disabled")).status()).isEqualTo(200);
		t.y().invite(t.y().admin, x.adminEmail, "org-admin", null);

		for (Api caller : List.of(disabled.api(), x.admin)) {
			for (Map.Entry<String, Function<Api, Api.Response>> call : callsInto(t).entrySet()) {
				assertThatProblem(call.getValue().apply(caller)).as(call.getKey()).is(404, "not_found");
			}
		}
		assertThat(x.admin.get("/api/v1/organisations").json()).hasSize(1);
	}

	@Test
	void idsOfAnotherOrganisationUsedInsideOwnPathsChangeNothingThere() {
		Trust x = aTrust();
		Target t = anotherOrganisation();
		Snapshot before = snapshot(t);
		String yMember = t.member().id();
		String etag = t.y().read(t.y().admin, yMember).header("ETag");

		assertThatProblem(x.admin.header("If-Match", etag)
			.patch(x.path("/members/" + yMember),
					Map.of("firstName", "Hijacked", "status", "disabled", "roles", List.of())))
			.is(404, "not_found");
		assertThatProblem(x.admin.get(x.path("/members/" + yMember))).is(404, "not_found");
		assertThatProblem(x.admin.delete(x.path("/members/" + yMember))).is(404, "not_found");
		assertThatProblem(x.admin.get(x.path("/members/" + yMember + "/access"))).is(404, "not_found");
		assertThatProblem(x.admin.post(x.path("/invitations/" + t.invitationId() + "/resend"), Map.of())).is(404,
				"not_found");
		assertThatProblem(x.admin.delete(x.path("/invitations/" + t.invitationId()))).is(404, "not_found");
		assertThatProblem(x.invite(x.admin, email("smuggled"), "headteacher", t.school())).isInvalid("roles[0].unitId")
			.hasFieldError("roles[0].unitId", "unknown_unit");
		assertThatProblem(
				x.admin.post(x.path("/units"), Map.of("name", "Annex", "type", "class", "parentId", t.school())))
			.isInvalid("parentId");
		assertThatProblem(x.admin.get(x.path("/roles/assignable?unitId=" + t.school()))).isInvalid("unitId");
		assertThatProblem(x.admin.get(x.path("/members?unitId=" + t.school()))).isInvalid("unitId");
		assertThatProblem(x.admin.get(x.path("/members/" + x.adminId + "/access?unitId=" + t.school())))
			.isInvalid("unitId");
		assertThatProblem(x.admin.post("/api/v1/access/check", Map.of("organisationId", x.id, "userId", x.adminId,
				"permission", "accounts.manage", "unitId", t.school())))
			.isInvalid("unitId");
		var aboutYMember = x.admin.post("/api/v1/access/check",
				Map.of("organisationId", x.id, "userId", yMember, "permission", "accounts.manage", "unitId", x.root));
		assertThat(aboutYMember.json().get("allowed").asBoolean()).as(aboutYMember.toString()).isFalse();
		var xMembers = x.admin.get(x.path("/members?q=" + t.member().email()));
		assertThat(xMembers.json().get("total").asInt()).isZero();
		assertThat(x.admin.get(x.path("/audit?targetId=" + yMember)).json().get("items")).isEmpty();

		assertThat(snapshot(t)).isEqualTo(before);
		assertThat(t.y().read(t.y().admin, yMember).header("ETag")).isEqualTo(etag);
	}

	@Test
	void theOrganisationSwitcherListsOnlyOwnOrganisations() {
		Trust x = aTrust();
		Target t = anotherOrganisation();

		assertThat(x.admin.get("/api/v1/organisations").json()).extracting((o) -> o.get("id").asString())
			.containsExactly(x.id)
			.doesNotContain(t.y().id);
	}

	private Map<String, Function<Api, Api.Response>> callsInto(Target t) {
		Trust y = t.y();
		String member = "/members/" + t.member().id();
		Map<String, Function<Api, Api.Response>> calls = new java.util.LinkedHashMap<>();
		calls.put("GET organisation", (a) -> a.get(y.path("")));
		calls.put("POST units",
				(a) -> a.post(y.path("/units"), Map.of("name", "Intruder", "type", "school", "parentId", y.root)));
		calls.put("GET units", (a) -> a.get(y.path("/units")));
		calls.put("GET roles", (a) -> a.get(y.path("/roles")));
		calls.put("GET roles/assignable", (a) -> a.get(y.path("/roles/assignable")));
		calls.put("GET roles/assignable at a unit", (a) -> a.get(y.path("/roles/assignable?unitId=" + t.school())));
		calls.put("POST invitations", (a) -> a.post(y.path("/invitations"), Map.of("email", "intruder@x.test",
				"firstName", "I", "lastName", "N", "roles", List.of(Map.of("role", "org-admin")))));
		calls.put("GET invitations", (a) -> a.get(y.path("/invitations")));
		calls.put("GET invitations?status", (a) -> a.get(y.path("/invitations?status=pending")));
		calls.put("POST invitations/{id}/resend",
				(a) -> a.post(y.path("/invitations/" + t.invitationId() + "/resend"), Map.of()));
		calls.put("DELETE invitations/{id}", (a) -> a.delete(y.path("/invitations/" + t.invitationId())));
		calls.put("GET members", (a) -> a.get(y.path("/members")));
		calls.put("GET members?q", (a) -> a.get(y.path("/members?q=a&page=1&size=10")));
		calls.put("GET members/{id}", (a) -> a.get(y.path(member)));
		calls.put("PATCH members/{id}",
				(a) -> a.header("If-Match", "*").patch(y.path(member), Map.of("firstName", "Hijacked")));
		calls.put("PATCH members/{id} without If-Match", (a) -> a.patch(y.path(member), Map.of("firstName", "H")));
		calls.put("DELETE members/{id}", (a) -> a.delete(y.path(member)));
		calls.put("GET members/{id}/access", (a) -> a.get(y.path(member + "/access")));
		calls.put("GET audit", (a) -> a.get(y.path("/audit")));
		calls.put("POST access/check", (a) -> a.post("/api/v1/access/check",
				Map.of("organisationId", y.id, "userId", t.member().id(), "permission", "accounts.manage")));
		calls.put("POST access/check by email", (a) -> a.post("/api/v1/access/check",
				Map.of("organisationId", y.id, "email", t.member().email(), "permission", "accounts.manage")));
		calls.put("POST access/check-batch", (a) -> a.post("/api/v1/access/check-batch",
				List.of(Map.of("organisationId", y.id, "userId", t.member().id(), "permission", "accounts.manage"))));
		return calls;
	}

	/** What Y looks like to its own administrator: anything X changed would show here. */
	private record Snapshot(String members, String units, String invitations, long audit, String memberETag) {
	}

	private Snapshot snapshot(Target t) {
		Trust y = t.y();
		return new Snapshot(y.admin.get(y.path("/members")).text(), y.admin.get(y.path("/units")).text(),
				y.admin.get(y.path("/invitations")).text(), y.admin.get(y.path("/audit")).json().get("total").asLong(),
				y.read(y.admin, t.member().id()).header("ETag"));
	}

}
