package org.staffroom.pages;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.ApiTestCase;
import org.staffroom.testing.Pages;

import static org.assertj.core.api.Assertions.assertThat;

/** The administration pages as a browser without JavaScript uses them: plain form posts. */
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
		page = pages.post("/organisations/" + trust.id + "/units", Map.of("type", "school", "name", "",
				"parentId", trust.root));
		assertThat(page.body()).contains("Enter a name", "href=\"#name\"");
		page = pages.post("/organisations/" + trust.id + "/units", Map.of("type", "school", "name", "Oak",
				"parentId", trust.root));
		assertThat(page.body()).contains("School Oak was added");
		String oak = unitId(trust, "Oak");
		page = pages.post("/organisations/" + trust.id + "/units", Map.of("type", "class", "name", "7A",
				"parentId", trust.root));
		assertThat(page.body()).contains("A class cannot go under an organisation").contains("value=\"7A\"");
		page = pages.post("/organisations/" + trust.id + "/units", Map.of("type", "class", "name", "7A", "parentId", oak));
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
