package org.staffroom.members;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;

/** The member directory as seen by someone who may see only one school. */
class MemberSearchTests extends ApiTestCase {

	@Test
	void schoolUserAdminFindsOnlyMembersOfTheirSchoolWithTextRoleStatusAndPages() {
		Trust trust = aTrust();
		String oak = trust.school("Oak Primary");
		String elm = trust.school("Elm Primary");
		String oak7 = trust.year(oak, "Year 7");
		String oak7a = trust.classIn(oak7, "7A");
		String elm7a = trust.classIn(trust.year(elm, "Year 7"), "7A");
		Member first = trust.member("teacher", oak7a);
		Member second = trust.member("teacher", oak7);
		trust.member("teacher", elm7a);
		Member admin = trust.member("user-admin", oak);
		String base = trust.path("/members");

		var all = admin.api().get(base + "?size=50").json();
		assertThat(all.get("total").asInt()).isEqualTo(3);
		assertThat(ids(all)).containsExactlyInAnyOrder(first.id(), second.id(), admin.id());

		var byText = admin.api().get(base + "?q=" + first.email().substring(0, first.email().indexOf('@'))).json();
		assertThat(byText.get("total").asInt()).isEqualTo(1);
		assertThat(ids(byText)).containsExactly(first.id());
		assertThat(byText.get("items").get(0).get("status").asString()).isEqualTo("active");
		assertThat(byText.get("items").get(0).get("roles")).hasSize(1);

		assertThat(admin.api().get(base + "?role=teacher").json().get("total").asInt()).isEqualTo(2);
		assertThat(admin.api().get(base + "?status=active").json().get("total").asInt()).isEqualTo(3);
		assertThat(admin.api().get(base + "?status=disabled").json().get("total").asInt()).isZero();
		assertThat(admin.api().get(base + "?unitId=" + oak7a).json().get("total").asInt()).isEqualTo(1);

		// Pages follow the same order as the whole list, and the total counts every visible match.
		List<String> order = ids(all);
		var page2 = admin.api().get(base + "?size=2&page=2").json();
		assertThat(page2.get("total").asInt()).isEqualTo(3);
		assertThat(ids(page2)).containsExactly(order.get(2));
		assertThat(ids(admin.api().get(base + "?size=2&page=1").json())).containsExactly(order.get(0), order.get(1));
		var beyond = admin.api().get(base + "?size=2&page=5").json();
		assertThat(beyond.get("total").asInt()).isEqualTo(3);
		assertThat(beyond.get("items")).isEmpty();
		assertThat(admin.api().get(base + "?q=nobody-has-this").json().get("total").asInt()).isZero();
	}

	private static List<String> ids(tools.jackson.databind.JsonNode list) {
		List<String> ids = new ArrayList<>();
		list.get("items").forEach((item) -> ids.add(item.get("id").asString()));
		return ids;
	}

}
