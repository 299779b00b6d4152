package org.staffroom.pages;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.ApiTestCase;
import org.staffroom.testing.Pages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administration pages as a browser without JavaScript uses them: plain form posts.
 */
class AdministrationPagesTests extends ApiTestCase {

	@Test
	void theOperatorCreatesAnOrganisationAndTheFormKeepsWhatWasTyped() {
		Pages pages = pagesAs("operator@staffroom.test", "operator-password-for-tests");
		var page = pages.get("/operator/organisations/new");
		assertThat(page.body()).contains("Create an organisation");
		page = pages.post("/operator/organisations/new", Map.of("name", "Birch Trust", "templates", "school-trust",
				"mahFirstName", "Ada", "mahLastName", "", "mahEmail", "not-an-email"));
		assertThat(page.body()).contains("There is a problem", "href=\"#mahEmail\"", "href=\"#mahLastName\"",
				"value=\"Birch Trust\"", "value=\"Ada\"", "value=\"not-an-email\"", "Error: Create an organisation");
		String holder = email("birch");
		page = pages.post("/operator/organisations/new", Map.of("name", "Birch Trust", "templates", "school-trust",
				"mahFirstName", "Ada", "mahLastName", "Lovelace", "mahEmail", holder));
		assertThat(page.path()).startsWith("/organisations/");
		assertThat(page.body()).contains("Birch Trust was created");
		assertThat(latestLink(holder, "invitations")).isNotBlank();
	}

	@Test
	void anAdministratorAddsRenamesMovesAndArchivesUnits() {
		Trust trust = aTrust();
		Pages pages = pagesAs(trust.adminEmail, PASSWORD);
		var page = pages.get("/organisations/" + trust.id + "/units");
		assertThat(page.body()).contains("Schools, years and classes", "No schools yet");
		page = pages.post("/organisations/" + trust.id + "/units",
				Map.of("type", "school", "name", "", "parentId", trust.root));
		assertThat(page.body()).contains("Enter a name", "href=\"#name\"");
		page = pages.post("/organisations/" + trust.id + "/units",
				Map.of("type", "school", "name", "Oak", "parentId", trust.root));
		assertThat(page.body()).contains("School Oak was added");
		String oak = unitId(trust, "Oak");
		page = pages.post("/organisations/" + trust.id + "/units",
				Map.of("type", "class", "name", "7A", "parentId", trust.root));
		assertThat(page.body()).contains("A class cannot go under an organisation").contains("value=\"7A\"");
		page = pages.post("/organisations/" + trust.id + "/units",
				Map.of("type", "class", "name", "7A", "parentId", oak));
		String c7a = unitId(trust, "7A");
		page = pages.get("/organisations/" + trust.id + "/units/" + c7a);
		assertThat(page.body()).contains("Change 7A", "Move to", "Archive 7A");
		page = pages.post("/organisations/" + trust.id + "/units/" + c7a + "/rename", Map.of("name", "7 Alpha"));
		assertThat(page.body()).contains("Class 7 Alpha was renamed");
		page = pages.post("/organisations/" + trust.id + "/units/" + oak + "/move", Map.of("parentId", c7a));
		assertThat(page.body()).contains("cannot move under itself");
		page = pages.post("/organisations/" + trust.id + "/units/" + c7a + "/archive", Map.of("archived", "true"));
		assertThat(page.body()).contains("was archived", "Restore");
	}

	@Test
	void anAdministratorInvitesATeacherForTwoClassesRowByRow() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String year7 = trust.year(oak, "Year 7");
		String c7a = trust.classIn(year7, "7A");
		String c7b = trust.classIn(year7, "7B");
		Pages pages = pagesAs(trust.adminEmail, PASSWORD);
		String path = "/organisations/" + trust.id + "/invite";
		var page = pages.get(path);
		assertThat(page.body()).contains("Invite staff", "Teacher", "title=\"Sees individual pupil results");
		String email = email("teacher");
		Map<String, Object> person = Map.of("firstName", "Tess", "lastName", "Teacher", "email", email);

		page = pages.post(path, with(person, "newRole", "teacher", "newUnit", oak, "action", "add"));
		assertThat(page.body()).contains(
				"You cannot give Teacher at Oak: Teacher is given at a year or a class, not at a school.",
				"href=\"#newUnit\"", "value=\"Tess\"", "value=\"" + email + "\"");
		page = pages.post(path, with(person, "newRole", "teacher", "newUnit", c7a, "action", "add"));
		assertThat(page.body()).contains("Teacher at Oak / Year 7 / 7A added", "name=\"roleKey\" value=\"teacher\"");
		page = pages.post(path, with(person, "roleKey", List.of("teacher"), "roleUnit", List.of(c7a), "newRole",
				"org-overview", "newUnit", trust.root, "action", "add"));
		page = pages.post(path, with(person, "roleKey", List.of("teacher", "org-overview"), "roleUnit",
				List.of(c7a, trust.root), "action", "remove-1"));
		assertThat(page.body()).contains("Organisational overview at Whole organisation removed");
		assertThat(Pages.all(page, "name=\"roleKey\" value=\"([^\"]+)\"")).containsExactly("teacher");
		page = pages.post(path, with(person, "roleKey", List.of("teacher"), "roleUnit", List.of(c7a), "newRole",
				"teacher", "newUnit", c7b, "action", "save"));
		assertThat(page.path()).startsWith("/organisations/" + trust.id + "/invitations");
		assertThat(page.body()).contains("Invitation sent to " + email, "Pending");

		var members = trust.admin.get(trust.path("/members?q=" + email)).json().get("items");
		assertThat(members.get(0).get("roles").toString()).contains(c7a, c7b);

		page = pages.post(path, with(person, "action", "save"));
		assertThat(page.body()).contains("already a member of, or invited to", "href=\"#email\"");
	}

	@Test
	void aUserAdministratorIsNotOfferedExaminerAndIsToldWhy() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		Member userAdmin = trust.member("user-admin", trust.root);
		Pages pages = pagesAs(userAdmin.email(), PASSWORD);
		var page = pages.get("/organisations/" + trust.id + "/invite");
		assertThat(Pages.all(page, "name=\"newRole\"[^>]*value=\"([^\"]+)\"")).contains("user-admin", "headteacher")
			.doesNotContain("examiner", "org-admin", "ambassador");
		assertThat(page.body()).contains("Roles you cannot give", "Examiner",
				"None of your roles lets you give Examiner anywhere in Trust ", "Ask a main account holder.");
		page = pages.post("/organisations/" + trust.id + "/invite", Map.of("firstName", "Eve", "lastName", "Examiner",
				"email", email("examiner"), "newRole", "examiner", "newUnit", oak, "action", "add"));
		assertThat(page.body()).contains("You cannot give Examiner at Oak");
	}

	@Test
	void refusalsNameTheRoleAndThePlaceInWordsAndSayWhoToAsk() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String elm = trust.school("Elm");
		String elmYear7 = trust.year(elm, "Year 7");
		Member userAdmin = trust.member("user-admin", oak);
		Pages pages = pagesAs(userAdmin.email(), PASSWORD);
		String path = "/organisations/" + trust.id + "/invite";

		var page = pages.get(path);
		assertThat(page.body())
			.contains("Roles you cannot give",
					"None of your roles lets you give Examiner at Oak. "
							+ "Ask someone who manages accounts for Oak, or a main account holder.")
			.doesNotContain("Rule ");
		page = pages.post(path, Map.of("firstName", "Eve", "lastName", "Examiner", "email", email("examiner"),
				"newRole", "examiner", "newUnit", oak, "action", "add"));
		assertThat(page.body())
			.contains("You cannot give Examiner at Oak: none of your roles there lets you give it. "
					+ "Ask someone who manages accounts for Oak, or a main account holder.")
			.doesNotContain("Rule ");

		var refused = trust.invite(userAdmin.api(), email("teacher"), "teacher", elmYear7);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.code()).isEqualTo("out_of_scope");
		assertThat(refused.json().get("detail").asString())
			.isEqualTo("You cannot give Teacher in Year 7 at Elm: you do "
					+ "not manage accounts there. Ask someone who manages accounts for Elm, or a main account holder.");
		refused = trust.invite(userAdmin.api(), email("examiner"), "examiner", oak);
		assertThat(refused.code()).isEqualTo("escalation_denied");
		assertThat(refused.json().get("detail").asString()).isEqualTo("You cannot give Examiner at Oak: none of your "
				+ "roles there lets you give it. Ask someone who manages accounts for Oak, or a main account holder.");

		Member examiner = trust.member("examiner", oak);
		page = pages.get("/organisations/" + trust.id + "/members/" + examiner.id());
		assertThat(page.body())
			.contains("You cannot change this member: they have Examiner at Oak, which you cannot "
					+ "give. Ask someone who manages accounts for Oak, or a main account holder.")
			.doesNotContain("Rule ");
		refused = trust.invite(userAdmin.api(), email("no-role"));
		assertThat(refused.code()).isEqualTo("out_of_scope");
		assertThat(refused.json().get("detail").asString())
			.startsWith("Only someone who manages accounts for the whole " + "of Trust ")
			.endsWith(" may invite someone without a role. Ask a main account holder.");
	}

	@Test
	void aTeacherWhoOpensInviteStaffIsRefusedAtOnceAndToldWhoToAsk() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String year7 = trust.year(oak, "Year 7");
		Member teacher = trust.member("teacher", year7);
		Pages pages = pagesAs(teacher.email(), PASSWORD);
		String path = "/organisations/" + trust.id + "/invite";

		var page = pages.get(path);
		assertThat(page.status()).isEqualTo(403);
		assertThat(page.body())
			.contains("You cannot do that", "You cannot invite staff",
					"Ask someone who manages accounts for Oak, or a main account holder.")
			.doesNotContain("Save and send invitation", "name=\"newRole\"");
		var members = pages.get("/organisations/" + trust.id + "/members");
		assertThat(members.status()).isEqualTo(403);
		assertThat(members.body()).contains("You cannot see the staff list",
				"Ask someone who manages accounts for Oak, or a main account holder.");

		pages.get("/my-account");
		String email = email("invited-by-a-teacher");
		page = pages.post(path, Map.of("firstName", "Ann", "lastName", "Other", "email", email, "newRole", "teacher",
				"newUnit", year7, "action", "add"));
		assertThat(page.status()).isEqualTo(403);
		assertThat(page.body()).contains("You cannot invite staff").doesNotContain("name=\"newRole\"");
		page = pages.post(path, Map.of("firstName", "Ann", "lastName", "Other", "email", email, "roleKey", "teacher",
				"roleUnit", year7, "action", "save"));
		assertThat(page.status()).isEqualTo(403);
		assertThat(page.body()).contains("You cannot invite staff");
		assertThat(emailsTo(email)).isZero();
	}

	@Test
	void aCrossSitePostWithoutItsCsrfTokenChangesNothingAndLeavesThePersonSignedIn() {
		Trust trust = aTrust();
		Pages pages = pagesAs(trust.adminEmail, PASSWORD);
		String units = "/organisations/" + trust.id + "/units";
		assertThat(pages.get(units).status()).isEqualTo(200);
		String session = pages.sessionCookie();
		assertThat(session).isNotBlank();

		var forged = pages.postFromAnotherSite(units,
				Map.of("type", "school", "name", "Forged", "parentId", trust.root));
		assertThat(forged.status()).isEqualTo(403);
		assertThat(forged.body()).contains("The form was out of date or came from another site; nothing was changed");
		assertThat(trust.admin.get(trust.path("/units")).text()).doesNotContain("Forged");
		assertThat(pages.sessionCookie()).isEqualTo(session);
		forged = pages.postWithoutCsrf(units, Map.of("type", "school", "name", "Forged", "parentId", trust.root));
		assertThat(forged.status()).isEqualTo(403);
		assertThat(forged.body()).contains("The form was out of date or came from another site; nothing was changed");
		assertThat(pages.sessionCookie()).isEqualTo(session);

		var after = pages.get(units);
		assertThat(after.status()).isEqualTo(200);
		assertThat(after.path()).isEqualTo(units);
		assertThat(after.body()).contains("Schools, years and classes", "Sign out");
		assertThat(pages.sessionCookie()).isEqualTo(session);
		var added = pages.post(units, Map.of("type", "school", "name", "Oak", "parentId", trust.root));
		assertThat(added.body()).contains("School Oak was added");
	}

	@Test
	void invitationsAreResentAndRevokedFromTheirPage() {
		Trust trust = aTrust();
		String email = email("pending");
		trust.invite(trust.admin, email, "org-overview", null);
		String firstLink = latestLink(email, "invitations");
		Pages pages = pagesAs(trust.adminEmail, PASSWORD);
		var page = pages.get("/organisations/" + trust.id + "/invitations?status=pending");
		assertThat(page.body()).contains(email, "Resend", "Revoke");
		String id = Pages.all(page, "/invitations/([^/\"]+)/resend").get(0);
		page = pages.post("/organisations/" + trust.id + "/invitations/" + id + "/resend", Map.of("status", "pending"));
		assertThat(page.body()).contains("A new link was sent");
		assertThat(latestLink(email, "invitations")).isNotEqualTo(firstLink);
		assertThat(pages().get("/invitations/" + firstLink).status()).isEqualTo(410);
		page = pages.post("/organisations/" + trust.id + "/invitations/" + id + "/revoke", Map.of("status", "pending"));
		assertThat(page.body()).contains("The invitation to " + email + " was revoked", "No invitations here");
		page = pages.get("/organisations/" + trust.id + "/invitations?status=revoked");
		assertThat(page.body()).contains(email, "Revoked");
	}

	@Test
	void aFormPostedWithoutItsCsrfTokenIsRefused() {
		Trust trust = aTrust();
		Pages pages = pagesAs(trust.adminEmail, PASSWORD);
		var page = pages.get("/organisations/" + trust.id + "/units");
		var forged = new Pages("http://127.0.0.1:" + this.port);
		assertThat(forged.post("/forgotten-password", Map.of("email", trust.adminEmail)).status()).isEqualTo(403);
		assertThat(page.body()).contains("name=\"_csrf\"");
	}

	@Test
	void aWrongAddressIsAPageForPeopleAndProblemJsonForTheApi() {
		Trust trust = aTrust();
		Pages pages = pagesAs(trust.adminEmail, PASSWORD);
		var page = pages.get("/no-such-page");
		assertThat(page.status()).isEqualTo(404);
		assertThat(page.body()).contains("Page not found", "govuk-template");
		assertThat(pages.get("/organisations/no-such-organisation/members").status()).isEqualTo(404);
		var api = trust.admin.get("/api/v1/no-such-endpoint");
		assertThat(api.status()).isEqualTo(404);
		assertThat(api.toString()).contains("not_found");
	}

	@Test
	void namesAreShownAsTextNeverAsMarkup() {
		Trust trust = aTrust();
		String email = email("xss");
		var r = trust.admin.post(trust.path("/invitations"), Map.of("email", email, "firstName",
				"<script>alert(1)</script>", "lastName", "<b>Bold</b>", "roles", List.of()));
		assertThat(r.status()).as(r.toString()).isEqualTo(201);
		Pages pages = pagesAs(trust.adminEmail, PASSWORD);
		var page = pages.get("/organisations/" + trust.id + "/invitations");
		assertThat(page.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;Bold&lt;/b&gt;")
			.doesNotContain("<script>alert(1)</script>")
			.doesNotContain("<b>Bold</b>");
	}

	static Map<String, Object> with(Map<String, Object> base, Object... more) {
		Map<String, Object> map = new java.util.LinkedHashMap<>(base);
		for (int i = 0; i < more.length; i += 2) {
			map.put((String) more[i], more[i + 1]);
		}
		return map;
	}

	String unitId(Trust trust, String name) {
		for (var unit : trust.admin.get(trust.path("/units")).json()) {
			if (unit.get("name").asString().equals(name)) {
				return unit.get("id").asString();
			}
		}
		throw new AssertionError("No unit " + name);
	}

	static List<String> rows(Pages.Page page) {
		return Pages.all(page, "<tr class=\"govuk-table__row\">(.*?)</tr>");
	}

}
