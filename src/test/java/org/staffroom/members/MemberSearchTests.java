package org.staffroom.members;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The member directory as seen by someone who may see only one school: access-model.md
 * section 3, {@code accounts.view} lets its holder list and read members within the
 * anchored scope, and no further (a school's user-admin holds it anchored at their
 * school).
 */
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

		// Pages follow the same order as the whole list, and the total counts every
		// visible match.
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

	/**
	 * The scoped search reads each member's sort key and search text from copies kept on
	 * their role assignments (V10): a new name (by an administrator or by the member), a
	 * confirmed new email and a role given later are all seen at once, and a member with
	 * several roles is one member.
	 */
	@Test
	void schoolUserAdminSeesNewNamesNewEmailsAndEachMemberOnce() {
		Trust trust = aTrust();
		String oak = trust.school("Oak Primary");
		String oak7 = trust.year(oak, "Year 7");
		String oak7a = trust.classIn(oak7, "7A");
		Member twoRoles = trust.member("teacher", oak7a, "teacher", oak7);
		Member other = trust.member("teacher", oak7a);
		Member admin = trust.member("user-admin", oak);
		String base = trust.path("/members");

		assertThat(admin.api().get(base + "?size=50").json().get("total").asInt()).isEqualTo(3);
		assertThat(ids(admin.api().get(base + "?q=first").json())).containsExactlyInAnyOrder(twoRoles.id(), other.id(),
				admin.id());

		var renamed = trust.amend(trust.admin, twoRoles.id(), Map.of("firstName", "Zoë", "lastName", "Aardvark"));
		assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
		var byNewName = admin.api().get(base + "?q=zoe%20aard").json();
		assertThat(ids(byNewName)).containsExactly(twoRoles.id());
		assertThat(byNewName.get("total").asInt()).isEqualTo(1);
		assertThat(ids(admin.api().get(base + "?size=50").json()).get(0)).as("sorted by the new last name")
			.isEqualTo(twoRoles.id());
		assertThat(ids(admin.api().get(base + "?q=first").json())).containsExactlyInAnyOrder(other.id(), admin.id());

		var own = other.api().patch("/api/v1/me", Map.of("firstName", "Ada", "lastName", "Zzyzx"));
		assertThat(own.status()).as(own.toString()).isEqualTo(200);
		List<String> order = ids(admin.api().get(base + "?size=50").json());
		assertThat(order.get(order.size() - 1)).as("sorted by the name the member gave").isEqualTo(other.id());
		assertThat(ids(admin.api().get(base + "?q=zzyzx").json())).containsExactly(other.id());

		String newEmail = email("renamed-for-search");
		assertThat(trust.amend(trust.admin, other.id(), Map.of("email", newEmail)).status()).isEqualTo(200);
		this.api.post("/api/v1/email-changes/" + latestLink(newEmail, "email-changes"), Map.of());
		String localPart = newEmail.substring(0, newEmail.indexOf('@'));
		assertThat(ids(admin.api().get(base + "?q=" + localPart).json())).containsExactly(other.id());

		String elm = trust.school("Elm Primary");
		Member elmTeacher = trust.member("teacher", trust.classIn(trust.year(elm, "Year 7"), "7A"));
		assertThat(ids(admin.api().get(base + "?size=50").json())).doesNotContain(elmTeacher.id());
		var given = trust.amend(trust.admin, elmTeacher.id(),
				Map.of("roles", List.of(Map.of("role", "teacher", "unitId", oak7a))));
		assertThat(given.status()).as(given.toString()).isEqualTo(200);
		assertThat(ids(admin.api().get(base + "?size=50").json())).contains(elmTeacher.id());
	}

	private static List<String> ids(tools.jackson.databind.JsonNode list) {
		List<String> ids = new ArrayList<>();
		list.get("items").forEach((item) -> ids.add(item.get("id").asString()));
		return ids;
	}

}
