package org.staffroom.mail;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.MailTestCase;

import static org.assertj.core.api.Assertions.assertThat;

/** Notification preferences decide which events email an account. */
class NotificationTests extends MailTestCase {

	@Test
	void aRequestForAccessEmailsThoseWhoMayApproveItAndApprovalAssignsTheRole() {
		Trust trust = aTrust();
		String school = trust.school("Elm School");
		Member teacher = trust.member("org-overview", school);

		var asked = teacher.api()
			.post(trust.path("/access-requests"),
					Map.of("role", "headteacher", "unitId", school, "note", "I am the new head"));
		assertThat(asked.status()).as(asked.toString()).isEqualTo(201);
		// Other notices (such as "accepted your invitation") may arrive in any order
		// around it.
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(20))
			.until(() -> received(trust.adminEmail).stream()
				.anyMatch((m) -> MailDeliveryTests.GreenMailBody.of(m).contains("asks for the role headteacher")));

		String id = asked.json().get("id").asString();
		assertThat(teacher.api().post(trust.path("/access-requests/" + id + "/approve"), Map.of()).code())
			.isEqualTo("self_grant_denied");
		var approved = trust.admin.post(trust.path("/access-requests/" + id + "/approve"), Map.of());
		assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
		assertThat(approved.json().get("status").asString()).isEqualTo("approved");
		var roles = trust.admin.get(trust.path("/members/" + teacher.id())).json().get("roles");
		assertThat(roles.findValuesAsString("role")).contains("headteacher", "org-overview");
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(20))
			.until(() -> received(teacher.email()).stream()
				.anyMatch((m) -> MailDeliveryTests.GreenMailBody.of(m).contains("approved your request")));
	}

	@Test
	void anAccountThatTurnedANotificationOffIsNotEmailed() {
		Trust trust = aTrust();
		var off = trust.admin.patch("/api/v1/me", Map.of("notifications", List.of("access-changed")));
		assertThat(off.status()).as(off.toString()).isEqualTo(200);
		String email = email("quiet");
		trust.invite(trust.admin, email, "org-overview", null);
		String token = linkIn(awaitMessage(email, 1), "invitations");
		int before = received(trust.adminEmail).size();
		this.api.anonymous().post("/api/v1/invitations/" + token + "/accept", Map.of("password", PASSWORD));
		// The acceptance commits before the answer; give the sender time to prove it
		// sends nothing.
		org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofSeconds(2)).until(() -> true);
		assertThat(received(trust.adminEmail)).hasSize(before);
		assertThat(this.jdbc
			.sql("SELECT COUNT(*) FROM outbox_emails WHERE LOWER(recipient) = LOWER(?) AND subject LIKE '%accepted%'")
			.param(trust.adminEmail)
			.query(Long.class)
			.single()).isZero();
	}

}
