package org.staffroom.journeys;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;

/** The guides' main journey, end to end over the API. */
class OnboardingTests extends ApiTestCase {

	@Test
	void operatorCreatesTrustAndMainAccountHolderInvitesATeacherForTwoClasses() {
		Trust trust = aTrust();
		String oak = trust.school("Oak Primary");
		String year7 = trust.year(oak, "Year 7");
		String c7a = trust.classIn(year7, "7A");
		String c7b = trust.classIn(year7, "7B");

		Member teacher = trust.member("teacher", c7a, "teacher", c7b);

		var me = teacher.api().get("/api/v1/me").json();
		assertThat(me.get("email").asString()).isEqualTo(teacher.email());
		var member = trust.admin.get(trust.path("/members/" + teacher.id()));
		assertThat(member.status()).isEqualTo(200);
		assertThat(member.header("ETag")).isNotBlank();
		assertThat(member.json().get("roles")).hasSize(2);
		assertThat(member.json().get("status").asString()).isEqualTo("active");

		var check = teacher.api()
			.post("/api/v1/access/check", Map.of("organisationId", trust.id, "userId", teacher.id(), "permission",
					"results.pupils", "unitId", c7b));
		assertThat(check.json().get("allowed").asBoolean()).as(check.toString()).isTrue();
		var orgs = teacher.api().get("/api/v1/organisations").json();
		assertThat(orgs).hasSize(1);
		var details = teacher.api().get(trust.path("")).json();
		assertThat(details.get("mainAccountHolders").get(0).get("email").asString()).isEqualTo(trust.adminEmail);
		assertThat(trust.admin.get(trust.path("/audit")).json().get("items").size()).isGreaterThan(3);
		assertThat(trust.admin.get(trust.path("/members?q=first")).json().get("total").asInt())
			.isGreaterThanOrEqualTo(1);
		assertThat(List.of(1)).isNotEmpty();
	}

}
