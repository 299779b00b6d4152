package org.staffroom.pages;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.ApiTestCase;
import org.staffroom.testing.Pages;

import static org.assertj.core.api.Assertions.assertThat;

/** Administration: the directory and a member's page, without JavaScript. */
class MemberPagesTests extends ApiTestCase {

	@Test
	void theDirectorySearchesFiltersAndShowsRolesWithTheirPlaces() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String elm = trust.school("Elm");
		String c7a = trust.classIn(oak, "7A");
		Member teacher = trust.member("teacher", c7a);
		Member head = trust.member("headteacher", elm);
		Pages pages = pagesAs(trust.adminEmail, PASSWORD);
		String path = "/organisations/" + trust.id + "/members";

		var page = pages.get(path);
		assertThat(page.body()).contains(teacher.email(), head.email(), "Teacher", "Oak / 7A", "Headteacher", "Elm");
		page = pages.get(path + "?q=" + teacher.email());
		assertThat(page.body()).contains(teacher.email()).doesNotContain(head.email()).contains("1 member");
		page = pages.get(path + "?role=headteacher");
		assertThat(page.body()).contains(head.email()).doesNotContain(teacher.email());
		page = pages.get(path + "?school=" + oak);
		assertThat(page.body()).contains(teacher.email()).doesNotContain(head.email());
		page = pages.get(path + "?unit=" + c7a + "&status=active");
		assertThat(page.body()).contains(teacher.email()).doesNotContain(head.email());
		page = pages.get(path + "?status=invited");
		assertThat(page.body()).contains("0 members");
		page = pages.get(path + "?q=" + "x".repeat(201));
		assertThat(page.body()).contains("Search text must be 200 characters or fewer", "href=\"#q\"");
	}

	@Test
	void anAdministratorAmendsAMemberAndAConflictingSaveKeepsWhatWasTyped() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String c7a = trust.classIn(oak, "7A");
		String c7b = trust.classIn(oak, "7B");
		Member teacher = trust.member("teacher", c7a);
		Member secondAdmin = trust.member("org-admin", trust.root);
		String path = "/organisations/" + trust.id + "/members/" + teacher.id();

		Pages first = pagesAs(trust.adminEmail, PASSWORD);
		Pages second = pagesAs(secondAdmin.email(), PASSWORD);
		var firstPage = first.get(path);
		var secondPage = second.get(path);
		String version = Pages.value(firstPage, "version");
		assertThat(firstPage.body()).contains("Save changes", "Teacher", "Oak / 7A");

		var saved = first.post(path,
				Pages.form("version", version, "firstName", "Tessa", "lastName", "Last", "email", teacher.email(),
						"status", "active", "notifications", List.of("access-changed"), "roleKey", List.of("teacher"),
						"roleUnit", List.of(c7a), "newRole", "teacher", "newUnit", c7b, "action", "save"));
		assertThat(saved.body()).contains("Changes to Tessa Last were saved");
		var member = trust.admin.get(trust.path("/members/" + teacher.id())).json();
		assertThat(member.get("roles").toString()).contains(c7a, c7b);
		assertThat(member.get("notifications").toString()).isEqualTo("[\"access-changed\"]");

		var conflict = second.post(path,
				Pages.form("version", version, "firstName", "Theresa", "lastName", "Last", "jobTitle", "Head of maths",
						"email", teacher.email(), "status", "active", "roleKey", List.of("teacher"), "roleUnit",
						List.of(c7a), "action", "save"));
		assertThat(conflict.body()).contains("Someone else changed this member while you were editing",
				"href=\"#saved-by-someone-else\"", "What is saved now", "Tessa Last", "value=\"Theresa\"",
				"value=\"Head of maths\"");
		assertThat(trust.admin.get(trust.path("/members/" + teacher.id())).json().get("firstName").asString())
			.isEqualTo("Tessa");
		String newVersion = Pages.value(conflict, "version");
		assertThat(newVersion).isNotEqualTo(version);
		var again = second.post(path,
				Pages.form("version", newVersion, "firstName", "Theresa", "lastName", "Last", "email", teacher.email(),
						"status", "active", "roleKey", List.of("teacher"), "roleUnit", List.of(c7a), "action", "save"));
		assertThat(again.body()).contains("Changes to Theresa Last were saved");
	}

	@Test
	void aMemberIsRemovedAfterConfirming() {
		Trust trust = aTrust();
		Member overview = trust.member("org-overview", trust.root);
		Pages pages = pagesAs(trust.adminEmail, PASSWORD);
		String path = "/organisations/" + trust.id + "/members/" + overview.id();
		var page = pages.get(path + "/remove");
		assertThat(page.body()).contains("Yes, remove this member");
		page = pages.post(path + "/remove", Map.of());
		assertThat(page.body()).contains("is no longer a member");
		assertThat(pages.get(path).status()).isEqualTo(404);
	}

	@Test
	void aMemberSeesTheirOwnPageWithoutAWayToChangeTheirRoles() {
		Trust trust = aTrust();
		Pages pages = pagesAs(trust.adminEmail, PASSWORD);
		var page = pages.get("/organisations/" + trust.id + "/members/" + trust.adminId);
		assertThat(page.body()).contains("This is you").doesNotContain("Save changes").doesNotContain("+ Add role");
	}

}
