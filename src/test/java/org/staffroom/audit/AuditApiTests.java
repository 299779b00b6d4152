package org.staffroom.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.Api;
import org.staffroom.testing.ApiTestCase;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.ProblemAssert.assertThatProblem;

/**
 * Every change is recorded: who, through which path, what, before and after; read newest
 * first.
 */
class AuditApiTests extends ApiTestCase {

	@Test
	void entriesCannotBeEditedOrDeletedThroughTheProduct() {
		// access-model.md section 6: the audit log is append-only; no path edits or
		// removes an entry.
		Trust trust = aTrust();
		var before = trust.admin.get(trust.path("/audit?size=200")).json();
		String id = before.get("items").get(0).get("id").asString();
		for (String path : List.of(trust.path("/audit"), trust.path("/audit/" + id))) {
			assertThat(trust.admin.delete(path).status()).as("DELETE " + path).isIn(404, 405);
			assertThat(trust.admin.patch(path, Map.of("action", "nothing.happened")).status()).as("PATCH " + path)
				.isIn(404, 405);
			assertThat(trust.admin.post(path, Map.of("action", "nothing.happened")).status()).as("POST " + path)
				.isIn(404, 405);
		}
		var after = trust.admin.get(trust.path("/audit?size=200")).json();
		assertThat(after.get("total").asInt()).isEqualTo(before.get("total").asInt());
		assertThat(after.get("items").toString()).isEqualTo(before.get("items").toString());
	}

	@Test
	void listsEntriesNewestFirstWithWhoWhatAndBeforeAndAfter() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);
		trust.amend(trust.admin, member.id(), Map.of("jobTitle", "Bursar"));

		var response = trust.admin.get(trust.path("/audit"));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode items = response.json().get("items");
		assertThat(response.json().get("total").asInt()).isGreaterThanOrEqualTo(items.size());
		List<Instant> times = new ArrayList<>();
		items.forEach((e) -> times.add(Instant.parse(e.get("at").asString())));
		assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
		JsonNode newest = items.get(0);
		assertThat(newest.get("action").asString()).isEqualTo("member.details_changed");
		assertThat(newest.get("actor").asString()).isEqualTo(trust.adminId);
		assertThat(newest.get("via").asString()).isEqualTo("api");
		assertThat(newest.get("target").asString()).isEqualTo(member.id());
		assertThat(newest.get("before").get("jobTitle").isNull()).isTrue();
		assertThat(newest.get("after").get("jobTitle").asString()).isEqualTo("Bursar");
		assertThat(actions(response)).containsSubsequence("member.details_changed", "invitation.accepted",
				"invitation.created", "organisation.created");
	}

	@Test
	void filtersByActorTargetAndAction() {
		Trust trust = aTrust();
		Member userAdmin = trust.member("user-admin", null);
		String invitedId = trust.invite(userAdmin.api(), email("by-deputy"), "org-overview", null)
			.json()
			.get("memberId")
			.asString();
		Member other = trust.member("org-overview", null);

		var byDeputy = trust.admin.get(trust.path("/audit?actorId=" + userAdmin.id()));
		var aboutInvitee = trust.admin.get(trust.path("/audit?targetId=" + invitedId));
		var acceptances = trust.admin.get(trust.path("/audit?action=invitation.accepted"));
		var combined = trust.admin
			.get(trust.path("/audit?action=invitation.created&actorId=" + trust.adminId + "&targetId=" + other.id()));

		assertThat(entries(byDeputy)).isNotEmpty().allMatch((e) -> e.get("actor").asString().equals(userAdmin.id()));
		assertThat(actions(byDeputy)).contains("invitation.created", "invitation.accepted");
		assertThat(entries(aboutInvitee)).hasSize(1).allMatch((e) -> e.get("target").asString().equals(invitedId));
		assertThat(entries(acceptances)).allMatch((e) -> e.get("action").asString().equals("invitation.accepted"))
			.extracting((e) -> e.get("target").asString())
			.containsExactly(other.id(), userAdmin.id(), trust.adminId);
		assertThat(entries(combined)).hasSize(1);
		assertThat(trust.admin.get(trust.path("/audit?actorId=nobody")).json().get("items")).isEmpty();
	}

	@Test
	void filtersByTimeAndPages() {
		Trust trust = aTrust();
		trust.member("org-overview", null);
		int total = trust.admin.get(trust.path("/audit")).json().get("total").asInt();

		var future = trust.admin.get(trust.path("/audit?from=2999-01-01T00:00:00Z"));
		var past = trust.admin.get(trust.path("/audit?to=2000-01-01T00:00:00Z"));
		var firstTwo = trust.admin.get(trust.path("/audit?page=1&size=2"));
		var nextTwo = trust.admin.get(trust.path("/audit?page=2&size=2"));

		assertThat(future.json().get("items")).isEmpty();
		assertThat(past.json().get("items")).isEmpty();
		assertThat(firstTwo.json().get("items")).hasSize(2);
		assertThat(firstTwo.json().get("total").asInt()).isEqualTo(total);
		assertThat(nextTwo.json().get("items").get(0).get("at").asString())
			.isLessThanOrEqualTo(firstTwo.json().get("items").get(1).get("at").asString());
		assertThatProblem(trust.admin.get(trust.path("/audit?from=yesterday&page=0&size=1000000"))).isInvalid("from",
				"page", "size");
	}

	@Test
	void readingTheLogNeedsAuditViewForTheWholeOrganisation() {
		Trust trust = aTrust();
		Member userAdmin = trust.member("user-admin", null);
		Member head = trust.member("headteacher", trust.school("Oak"));

		assertThatProblem(userAdmin.api().get(trust.path("/audit"))).is(403, "forbidden");
		assertThatProblem(head.api().get(trust.path("/audit"))).is(403, "forbidden");
		assertThat(operator().get(trust.path("/audit")).status()).isEqualTo(200);
	}

	@Test
	void aRefusedRequestLeavesNoEntry() {
		Trust trust = aTrust();
		Member userAdmin = trust.member("user-admin", null);
		int before = trust.admin.get(trust.path("/audit")).json().get("total").asInt();

		assertThatProblem(trust.invite(userAdmin.api(), email("x"), "examiner", null)).is(403, "escalation_denied");
		assertThatProblem(trust.amend(userAdmin.api(), trust.adminId, Map.of("jobTitle", "Nope"))).is(403,
				"escalation_denied");

		assertThat(trust.admin.get(trust.path("/audit")).json().get("total").asInt()).isEqualTo(before);
	}

	private static List<JsonNode> entries(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<JsonNode> entries = new ArrayList<>();
		response.json().get("items").forEach(entries::add);
		return entries;
	}

	private static List<String> actions(Api.Response response) {
		return entries(response).stream().map((e) -> e.get("action").asString()).toList();
	}

}
