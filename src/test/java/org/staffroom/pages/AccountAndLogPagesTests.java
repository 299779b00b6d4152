package org.staffroom.pages;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.ApiTestCase;
import org.staffroom.testing.Pages;

import static org.assertj.core.api.Assertions.assertThat;

/** Edit my account, roles and profiles help, and the audit log, without JavaScript. */
class AccountAndLogPagesTests extends ApiTestCase {

	@Test
	void aTeacherEditsTheirOwnDetailsAndFindsNoWayToChangeTheirRoles() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String c7a = trust.classIn(oak, "7A");
		Member teacher = trust.member("teacher", c7a);
		Pages pages = pagesAs(teacher.email(), PASSWORD);
		var page = pages.get("/my-account");
		assertThat(page.body())
			.contains("Edit my account", "My roles", "Teacher, Oak / 7A", "You cannot change your own roles",
					"Main Holder", trust.adminEmail)
			.doesNotContain("name=\"roleKey\"")
			.doesNotContain("name=\"newRole\"")
			.doesNotContain("name=\"status\"");

		page = pages.post("/my-account", Map.of("firstName", "", "lastName", "Teacher", "jobTitle", "Maths lead",
				"phone", "call me", "email", teacher.email(), "notifications", List.of("access-changed")));
		assertThat(page.body()).contains("Enter a first name", "href=\"#firstName\"", "href=\"#phone\"",
				"value=\"Maths lead\"", "value=\"call me\"");
		page = pages.post("/my-account", Map.of("firstName", "Tess", "lastName", "Teacher", "jobTitle", "Maths lead",
				"phone", "01234 567890", "email", teacher.email(), "notifications", List.of("access-changed")));
		assertThat(page.body()).contains("Your details were saved", "value=\"Tess\"");
		var me = teacher.api().get("/api/v1/me").json();
		assertThat(me.get("notifications").toString()).isEqualTo("[\"access-changed\"]");
		assertThat(trust.admin.get(trust.path("/members/" + teacher.id())).json().get("roles")).hasSize(1);
	}

	@Test
	void theRolesHelpListsEachRolesPermissionsAndWhatItMayGive() {
		var page = pages().get("/help/roles");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"role-teacher\"", "id=\"role-user-accounts\"", "results.pupils",
				"Across the school of the place where the role is given",
				"Can invite to, and edit, all other roles but examiner",
				"Any role whose every permission the holder has too", "id=\"permission-accounts.manage\"");
		Trust trust = aTrust();
		Pages pages = pagesAs(trust.adminEmail, PASSWORD);
		page = pages.get("/organisations/" + trust.id + "/roles");
		assertThat(page.body()).contains("id=\"role-org-admin\"").doesNotContain("id=\"role-user-accounts\"");
	}

	@Test
	void theAuditLogFiltersByWhoWhatAndWhen() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		Member teacher = trust.member("headteacher", oak);
		trust.admin.patch(trust.path("/units/" + oak), Map.of("name", "Oak Primary"));
		Pages pages = pagesAs(trust.adminEmail, PASSWORD);
		String path = "/organisations/" + trust.id + "/audit";
		var page = pages.get(path);
		assertThat(page.body()).contains("Invitation sent", "Invitation accepted", "Unit added", teacher.email(),
				"name: Oak → Oak Primary", "roles: Headteacher at Oak Primary", "status: invited → active");
		page = pages.get(path + "?action=unit.created");
		assertThat(page.body()).contains("1 entry", "Unit added", "place: Whole organisation");
		page = pages.get(path + "?actor=" + teacher.email());
		assertThat(page.body()).contains("Invitation accepted").doesNotContain("govuk-table__cell\">Unit added<");
		page = pages.get(path + "?fromDay=31&fromMonth=2&fromYear=2026");
		assertThat(page.body()).contains("must be a real date", "href=\"#from-day\"", "value=\"31\"");
		page = pages.get(path + "?fromDay=1&fromMonth=1&fromYear=2000&toDay=2&toMonth=1&toYear=2000");
		assertThat(page.body()).contains("0 entries");

		Pages teacherPages = pagesAs(teacher.email(), PASSWORD);
		assertThat(teacherPages.get(path).status()).isEqualTo(403);
	}

}
