package org.staffroom.members;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import org.staffroom.accounts.SearchText;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An org-admin's directory in an organisation larger than the search's limits, set tiny
 * here: the total is counted up to 4, and the page of a text starts from the accounts
 * matching it once the organisation has more than 8 members (docs/benchmarks.md, aim c;
 * docs/api-notes.md). Every page holds the same members in the same order as the plain
 * statement over every match, and the total says "more than 4" once more than 4 match.
 */
@TestPropertySource(properties = { "staffroom.members.count-limit=4", "staffroom.members.name-match-limit=8" })
class LargeOrganisationSearchTests extends ApiTestCase {

	@Test
	void orgAdminOfALargeOrganisationGetsTheSamePagesAndATotalCountedUpToTheLimit() {
		// Accounts of another organisation that match "smith" and sort before this
		// organisation's Smiths: the first matches by name are not all members here.
		Trust other = aTrust();
		String ash = other.classIn(other.year(other.school("Ash Academy"), "Year 7"), "7A");
		for (String first : List.of("Aaron", "Abby")) {
			rename(other, other.member("teacher", ash).id(), first, "Smith");
		}
		Trust trust = aTrust();
		String oak = trust.classIn(trust.year(trust.school("Oak Primary"), "Year 7"), "7A");
		List<String> smiths = new ArrayList<>();
		for (String first : List.of("Zoë", "Amy", "Bea", "Cal", "Dee")) {
			String id = trust.member("teacher", oak).id();
			rename(trust, id, first, "Smith");
			smiths.add(id);
		}
		for (int i = 0; i < 4; i++) {
			trust.member("teacher", oak);
		}
		var disabled = trust.amend(trust.admin, smiths.get(2), Map.of("status", "disabled"));
		assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);

		// "smith": 7 accounts match, 5 of them members here (the page starts from the
		// matches); "school.test" matches more accounts than the limit of 8 and no text
		// matches everyone (both walk the organisation in name order).
		for (String q : List.of("smith", "", "first", "school.test", "amy smith", "zzzz")) {
			for (String status : new String[] { null, "active", "disabled" }) {
				List<String> all = everyMatch(trust.id, q, status);
				for (int size = 1; size <= 3; size++) {
					for (int page = 1; page <= all.size() / size + 2; page++) {
						String query = "?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&page=" + page + "&size="
								+ size + ((status != null) ? "&status=" + status : "");
						var list = trust.admin.get(trust.path("/members" + query)).json();
						int from = Math.min(all.size(), (page - 1) * size);
						assertThat(ids(list)).as(query).isEqualTo(all.subList(from, Math.min(all.size(), from + size)));
						assertThat(list.get("total").asLong()).as(query).isEqualTo(Math.min(all.size(), 4));
						assertThat(list.get("totalAtLeast").asBoolean()).as(query).isEqualTo(all.size() > 4);
					}
				}
			}
		}
		assertThat(everyMatch(trust.id, "smith", null)).hasSize(5);

		var page = pagesAs(trust.adminEmail, PASSWORD).get("/organisations/" + trust.id + "/members?q=smith");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("More than 4 members");
		var few = pagesAs(trust.adminEmail, PASSWORD).get("/organisations/" + trust.id + "/members?q=amy+smith");
		assertThat(few.body()).contains("1 member").doesNotContain("More than");
	}

	private static void rename(Trust trust, String memberId, String firstName, String lastName) {
		var renamed = trust.amend(trust.admin, memberId, Map.of("firstName", firstName, "lastName", lastName));
		assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
	}

	/** Every member matching, in page order: the plain statement, with no limit. */
	private List<String> everyMatch(String organisationId, String q, String status) {
		Map<String, Object> params = new java.util.HashMap<>(
				Map.of("org", organisationId, "q", SearchText.containsPattern(q)));
		if (status != null) {
			params.put("status", status);
		}
		return this.jdbc
			.sql("SELECT a.id FROM memberships m JOIN accounts a ON a.id = m.account_id"
					+ " WHERE m.organisation_id = :org AND a.search_text LIKE :q ESCAPE '\\'"
					+ ((status != null) ? " AND m.status = :status" : "") + " ORDER BY a.sort_key, a.id")
			.params(params)
			.query(String.class)
			.list();
	}

	private static List<String> ids(tools.jackson.databind.JsonNode list) {
		List<String> ids = new ArrayList<>();
		list.get("items").forEach((item) -> ids.add(item.get("id").asString()));
		return ids;
	}

}
