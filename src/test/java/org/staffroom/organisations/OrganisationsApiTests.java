package org.staffroom.organisations;

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
 * Organisations created by operators, their unit trees, their roles and what each caller
 * may assign.
 */
class OrganisationsApiTests extends ApiTestCase {

	@Test
	void anOperatorCreatesAnOrganisationAndItsMainAccountHolderIsInvitedAsAdministrator() {
		String holder = email("holder");

		var created = operator().post("/api/v1/organisations",
				Map.of("name", "Riverside Trust", "templates", List.of("school-trust"), "mainAccountHolder",
						Map.of("email", holder, "firstName", "Rhea", "lastName", "Rivers")));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().get("id").asString();
		assertThat(id).isNotBlank();
		assertThat(created.json().get("name").asString()).isEqualTo("Riverside Trust");
		Api admin = accept(holder);
		var details = admin.get("/api/v1/organisations/" + id);
		assertThat(details.status()).isEqualTo(200);
		assertThat(details.json().get("id").asString()).isEqualTo(id);
		assertThat(details.json().get("name").asString()).isEqualTo("Riverside Trust");
		assertThat(details.json().get("mainAccountHolders")).hasSize(1);
		assertThat(details.json().get("mainAccountHolders").get(0).get("name").asString()).isEqualTo("Rhea Rivers");
		assertThat(details.json().get("mainAccountHolders").get(0).get("email").asString()).isEqualTo(holder);
		String me = admin.get("/api/v1/me").json().get("id").asString();
		var member = admin.get("/api/v1/organisations/" + id + "/members/" + me).json();
		assertThat(member.get("roles")).hasSize(1);
		assertThat(member.get("roles").get(0).get("role").asString()).isEqualTo("org-admin");
		assertThat(member.get("mainAccountHolder").asBoolean()).isTrue();
	}

	@Test
	void aMainAccountHolderWithAnAccountElsewhereJoinsSignedInAndKeepsTheirPassword() {
		Trust first = aTrust();

		var created = operator().post("/api/v1/organisations", Map.of("name", "Second Trust", "templates",
				List.of("school-trust"), "mainAccountHolder",
				Map.of("email", first.adminEmail.toUpperCase(), "firstName", "Ignored", "lastName", "Ignored")));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String link = latestLink(first.adminEmail, "invitations");
		assertThatProblem(
				this.api.post("/api/v1/invitations/" + link + "/accept", Map.of("password", "a-takeover-passphrase")))
			.is(401, "unauthenticated");
		assertThat(first.admin.post("/api/v1/invitations/" + link + "/accept", Map.of()).status()).isEqualTo(200);
		String second = created.json().get("id").asString();
		assertThat(ids(first.admin.get("/api/v1/organisations"))).containsExactlyInAnyOrder(first.id, second);
		assertThat(first.admin.get("/api/v1/organisations/" + second)
			.json()
			.get("mainAccountHolders")
			.get(0)
			.get("email")
			.asString()).isEqualTo(first.adminEmail);
		assertThat(signIn(first.adminEmail, PASSWORD).get("/api/v1/me").status()).isEqualTo(200);
	}

	@Test
	void anExamCentresMainAccountHolderGetsTheUserAccountsProfile() {
		Trust centre = anOrganisation("exam-centre");

		var member = centre.read(centre.admin, centre.adminId).json();

		assertThat(member.get("roles").get(0).get("role").asString()).isEqualTo("user-accounts");
	}

	@Test
	void onlyOperatorsCreateOrganisations() {
		Trust trust = aTrust();
		String holder = email("holder");

		var refused = trust.admin.post("/api/v1/organisations",
				Map.of("name", "Rogue", "templates", List.of("school-trust"), "mainAccountHolder",
						Map.of("email", holder, "firstName", "R", "lastName", "R")));

		assertThatProblem(refused).is(403, "forbidden");
		assertThat(emailsTo(holder)).isZero();
		assertThatProblem(this.api.post("/api/v1/organisations", Map.of("name", "Anonymous"))).is(401,
				"unauthenticated");
	}

	@Test
	void refusesAnOrganisationWithEveryProblemListed() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", " ");
		body.put("templates", List.of("school-trust", "bakery"));
		body.put("mainAccountHolder", Map.of("email", "not an email", "firstName", "x".repeat(201), "lastName", ""));
		int before = operator().get("/api/v1/organisations").json().size();

		var response = operator().post("/api/v1/organisations", body);

		assertThatProblem(response).isInvalid("name", "templates[1]", "mainAccountHolder.email",
				"mainAccountHolder.firstName", "mainAccountHolder.lastName");
		assertThatProblem(operator().post("/api/v1/organisations", Map.of("name", "No templates")))
			.isInvalid("templates", "mainAccountHolder");
		assertThat(operator().get("/api/v1/organisations").json()).hasSize(before);
	}

	@Test
	void listsTheOrganisationsTheCallerBelongsToAndAllOfThemForAnOperator() {
		Trust first = aTrust();
		Trust second = aTrust();
		Member consultant = first.member("org-overview", null);
		second.invite(second.admin, consultant.email(), "org-overview", null);
		consultant.api()
			.post("/api/v1/invitations/" + latestLink(consultant.email(), "invitations") + "/accept", Map.of());

		assertThat(ids(first.admin.get("/api/v1/organisations"))).containsExactly(first.id);
		assertThat(ids(consultant.api().get("/api/v1/organisations"))).containsExactlyInAnyOrder(first.id, second.id);
		assertThat(ids(operator().get("/api/v1/organisations"))).contains(first.id, second.id);
		assertThat(consultant.api().get("/api/v1/organisations").json().get(0).get("name").asString())
			.startsWith("Trust ");
	}

	@Test
	void theSwitcherOffersOnlyOrganisationsTheCallerCanWorkIn() {
		Trust first = aTrust();
		Trust second = aTrust();
		Member member = first.member("org-overview", null);
		second.invite(second.admin, member.email(), "org-overview", null);

		assertThat(ids(member.api().get("/api/v1/organisations"))).as("invited, not yet accepted")
			.containsExactly(first.id);
		assertThat(member.api().get("/api/v1/me").json().get("organisations"))
			.extracting((o) -> o.get("id").asString() + ":" + o.get("status").asString())
			.containsExactlyInAnyOrder(first.id + ":active", second.id + ":invited");
		member.api().post("/api/v1/invitations/" + latestLink(member.email(), "invitations") + "/accept", Map.of());
		assertThat(ids(member.api().get("/api/v1/organisations"))).containsExactlyInAnyOrder(first.id, second.id);
		first.amend(first.admin, member.id(), Map.of("status", "disabled"));
		assertThat(ids(member.api().get("/api/v1/organisations"))).containsExactly(second.id);
	}

	@Test
	void everyMemberSeesWhoTheirMainAccountHoldersAre() {
		Trust trust = aTrust();
		Member teacher = trust.member("teacher", trust.classIn(trust.school("Oak"), "1A"));

		var details = teacher.api().get(trust.path(""));

		assertThat(details.status()).isEqualTo(200);
		assertThat(details.json().get("mainAccountHolders").get(0).get("email").asString()).isEqualTo(trust.adminEmail);
		assertThat(details.json().get("mainAccountHolders").get(0).get("name").asString()).isEqualTo("Main Holder");
	}

	@Test
	void buildsTheUnitTreeOfSchoolsYearsAndClasses() {
		Trust trust = aTrust();

		var school = trust.admin.post(trust.path("/units"),
				Map.of("name", "Oak Primary", "type", "school", "parentId", trust.root));
		assertThat(school.status()).as(school.toString()).isEqualTo(201);
		String oak = school.json().get("id").asString();
		String year = trust.year(oak, "Year 3");
		String direct = trust.classIn(oak, "Nursery");
		String inYear = trust.classIn(year, "3B");

		var units = trust.admin.get(trust.path("/units"));

		assertThat(units.status()).isEqualTo(200);
		JsonNode list = units.json();
		assertThat(list.get(0).get("id").asString()).as("the root first").isEqualTo(trust.root);
		assertThat(list.get(0).get("type").asString()).isEqualTo("organisation");
		assertThat(list.get(0).get("parentId").isNull()).isTrue();
		Map<String, String> parents = new LinkedHashMap<>();
		Map<String, String> types = new LinkedHashMap<>();
		list.forEach((u) -> {
			parents.put(u.get("id").asString(), u.get("parentId").isNull() ? null : u.get("parentId").asString());
			types.put(u.get("id").asString(), u.get("type").asString());
		});
		assertThat(parents).containsEntry(oak, trust.root)
			.containsEntry(year, oak)
			.containsEntry(direct, oak)
			.containsEntry(inYear, year)
			.hasSize(5);
		assertThat(types).containsEntry(oak, "school").containsEntry(year, "year").containsEntry(inYear, "class");
		assertThat(list.findValuesAsString("name")).contains("Oak Primary", "Year 3", "Nursery", "3B");
	}

	@Test
	void refusesUnitsThatDoNotFitTheTree() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String c1 = trust.classIn(oak, "1A");
		int before = trust.admin.get(trust.path("/units")).json().size();

		assertThatProblem(trust.admin.post(trust.path("/units"),
				Map.of("name", "Year 9", "type", "year", "parentId", trust.root)))
			.isInvalid("parentId")
			.hasFieldError("parentId", "unit_type_mismatch");
		assertThatProblem(
				trust.admin.post(trust.path("/units"), Map.of("name", "Sub", "type", "class", "parentId", c1)))
			.isInvalid("parentId");
		assertThatProblem(
				trust.admin.post(trust.path("/units"), Map.of("name", "", "type", "campus", "parentId", "nowhere")))
			.isInvalid("name", "type", "parentId");
		assertThatProblem(trust.admin.post(trust.path("/units"),
				Map.of("name", "Org", "type", "organisation", "parentId", trust.root)))
			.isInvalid("type");
		assertThatProblem(
				trust.admin.post(trust.path("/units"), Map.of("name", "oak", "type", "school", "parentId", trust.root)))
			.is(409, "duplicate_unit");
		assertThat(trust.admin.get(trust.path("/units")).json()).hasSize(before);
	}

	@Test
	void addingUnitsNeedsAccountsManageThere() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String elm = trust.school("Elm");
		Member oakAdmin = trust.member("user-admin", oak);
		Member teacher = trust.member("teacher", trust.classIn(oak, "1A"));

		assertThat(oakAdmin.api()
			.post(trust.path("/units"), Map.of("name", "1B", "type", "class", "parentId", oak))
			.status()).isEqualTo(201);
		assertThatProblem(
				oakAdmin.api().post(trust.path("/units"), Map.of("name", "1B", "type", "class", "parentId", elm)))
			.is(403, "out_of_scope");
		assertThatProblem(oakAdmin.api()
			.post(trust.path("/units"), Map.of("name", "Ash", "type", "school", "parentId", trust.root)))
			.is(403, "out_of_scope");
		assertThatProblem(
				teacher.api().post(trust.path("/units"), Map.of("name", "1C", "type", "class", "parentId", oak)))
			.is(403, "out_of_scope");
		assertThat(teacher.api().get(trust.path("/units")).status()).as("every member reads the tree").isEqualTo(200);
	}

	@Test
	void listsTheBuiltInRolesWithTheirPermissionsAnchorsUnitTypesAndWhatTheyMayAssign() {
		Trust trust = aTrust();

		var response = trust.admin.get(trust.path("/roles"));

		assertThat(response.status()).isEqualTo(200);
		Map<String, JsonNode> roles = byKey(response.json());
		assertThat(roles.keySet()).containsExactly("ambassador", "project-manager", "org-admin", "examiner",
				"user-admin", "headteacher", "teacher", "org-overview");
		JsonNode orgAdmin = roles.get("org-admin");
		assertThat(orgAdmin.get("name").asString()).isNotBlank();
		assertThat(orgAdmin.get("description").asString()).isNotBlank();
		assertThat(grants(orgAdmin)).containsExactlyInAnyOrder("accounts.view@assigned", "accounts.manage@assigned",
				"roles.manage@assigned", "audit.view@assigned", "results.summary@assigned");
		assertThat(strings(orgAdmin.get("unitTypes"))).containsExactly("organisation");
		assertThat(strings(orgAdmin.get("mayAssign"))).containsExactlyInAnyOrder("examiner", "user-admin",
				"headteacher", "teacher", "org-overview", "org-admin");
		assertThat(grants(roles.get("teacher"))).containsExactlyInAnyOrder("results.pupils@assigned",
				"results.summary@school", "results.compare@organisation");
		assertThat(strings(roles.get("teacher").get("unitTypes"))).containsExactlyInAnyOrder("year", "class");
		assertThat(roles.get("teacher").get("mayAssign")).isEmpty();
		assertThat(strings(roles.get("headteacher").get("unitTypes"))).containsExactly("school");
		assertThat(strings(roles.get("examiner").get("unitTypes"))).containsExactlyInAnyOrder("organisation", "school");
		assertThat(strings(roles.get("user-admin").get("mayAssign"))).containsExactlyInAnyOrder("user-admin",
				"headteacher", "teacher", "org-overview");
	}

	@Test
	void anExamCentresUserAccountsProfileAssignsByItsOwnPermissions() {
		Trust centre = anOrganisation("exam-centre");

		Map<String, JsonNode> roles = byKey(centre.admin.get(centre.path("/roles")).json());

		assertThat(roles.keySet()).containsExactly("user-accounts", "registrations-and-entries", "results-analysis",
				"training-bookings");
		assertThat(roles.get("user-accounts").get("mayAssign").asString()).isEqualTo("own");
		assertThat(grants(roles.get("results-analysis"))).containsExactlyInAnyOrder("results.summary@assigned",
				"results.pupils@assigned");
	}

	@Test
	void anOrganisationWithBothTemplatesHasBothSetsOfRoles() {
		Trust both = anOrganisation("exam-centre", "school-trust");

		Map<String, JsonNode> roles = byKey(both.admin.get(both.path("/roles")).json());

		assertThat(roles).containsKeys("user-accounts", "training-bookings", "org-admin", "teacher");
		assertThat(both.read(both.admin, both.adminId).json().get("roles").get(0).get("role").asString())
			.isEqualTo("org-admin");
	}

	@Test
	void saysWhichRolesTheCallerMayAssignAtAUnit() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String c1 = trust.classIn(oak, "1A");
		Member userAdmin = trust.member("user-admin", null);
		Member teacher = trust.member("teacher", c1);

		assertThat(assignable(trust.admin, trust, null)).containsExactly("org-admin", "examiner", "user-admin",
				"org-overview");
		assertThat(assignable(trust.admin, trust, oak)).containsExactly("examiner", "user-admin", "headteacher",
				"org-overview");
		assertThat(assignable(trust.admin, trust, c1)).containsExactly("teacher");
		assertThat(assignable(userAdmin.api(), trust, null)).containsExactly("user-admin", "org-overview");
		assertThat(assignable(userAdmin.api(), trust, oak)).containsExactly("user-admin", "headteacher",
				"org-overview");
		assertThat(assignable(teacher.api(), trust, c1)).isEmpty();
		assertThat(assignable(operator(), trust, null)).contains("ambassador", "project-manager", "org-admin");
		assertThatProblem(trust.admin.get(trust.path("/roles/assignable?unitId=nowhere"))).isInvalid("unitId");
	}

	@Test
	void anUnknownOrganisationIsNotFound() {
		Trust trust = aTrust();

		for (String path : List.of("", "/units", "/roles", "/roles/assignable", "/members", "/invitations", "/audit")) {
			assertThatProblem(trust.admin.get("/api/v1/organisations/no-such-organisation" + path)).as(path)
				.is(404, "not_found");
			assertThatProblem(operator().get("/api/v1/organisations/no-such-organisation" + path)).as(path)
				.is(404, "not_found");
		}
		assertThatProblem(trust.admin.post("/api/v1/organisations/no-such-organisation/units",
				Map.of("name", "X", "type", "school")))
			.is(404, "not_found");
	}

	private static List<String> assignable(Api by, Trust trust, String unitId) {
		var r = by.get(trust.path("/roles/assignable" + (unitId == null ? "" : "?unitId=" + unitId)));
		assertThat(r.status()).as(r.toString()).isEqualTo(200);
		return strings(r.json());
	}

	private static List<String> ids(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		response.json().forEach((o) -> ids.add(o.get("id").asString()));
		return ids;
	}

	private static Map<String, JsonNode> byKey(JsonNode roles) {
		Map<String, JsonNode> byKey = new LinkedHashMap<>();
		roles.forEach((r) -> byKey.put(r.get("key").asString(), r));
		return byKey;
	}

	private static List<String> grants(JsonNode role) {
		List<String> grants = new ArrayList<>();
		role.get("permissions")
			.forEach((p) -> grants.add(p.get("permission").asString() + "@" + p.get("anchor").asString()));
		return grants;
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((v) -> values.add(v.asString()));
		return values;
	}

}
