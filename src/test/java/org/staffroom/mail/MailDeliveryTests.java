package org.staffroom.mail;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSender;
import org.staffroom.testing.MailTestCase;

import static org.assertj.core.api.Assertions.assertThat;

/** Email that really arrives: through the outbox, over SMTP, once. */
class MailDeliveryTests extends MailTestCase {

	@Autowired
	Outbox outbox;

	@Autowired
	ObjectProvider<JavaMailSender> mailSender;

	@Autowired
	Clock clock;

	@Test
	void invitationArrivesWithAWorkingLinkAndTextAndHtml() throws Exception {
		Trust trust = aTrust();
		String school = trust.school("Ash Academy");
		String email = email("teacher");
		assertThat(trust.invite(trust.admin, email, "user-admin", school).status()).isEqualTo(201);

		MimeMessage message = awaitMessage(email, 1);
		assertThat(message.getSubject()).contains(trust.admin.get(trust.path("")).json().get("name").asString());
		assertThat(message.getContent()).isInstanceOf(MimeMultipart.class);
		String raw = new String(message.getInputStream().readAllBytes());
		assertThat(message.getContentType()).containsIgnoringCase("multipart");
		String token = linkIn(message, "invitations");
		var offer = this.api.anonymous().get("/api/v1/invitations/" + token);
		assertThat(offer.status()).isEqualTo(200);
		assertThat(offer.json().get("email").asString()).isEqualTo(email);
		var accepted = this.api.anonymous()
			.post("/api/v1/invitations/" + token + "/accept", Map.of("password", PASSWORD));
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
		signIn(email, PASSWORD);
		assertThat(raw).contains("text/plain").contains("text/html").contains("Ash Academy");
	}

	@Test
	void inviterIsToldWhenTheirInvitationIsAccepted() {
		Trust trust = aTrust();
		String email = email("colleague");
		trust.invite(trust.admin, email, "org-overview", null);
		String token = linkIn(awaitMessage(email, 1), "invitations");
		this.api.anonymous().post("/api/v1/invitations/" + token + "/accept", Map.of("password", PASSWORD));
		MimeMessage note = awaitMessageContaining(trust.adminEmail, "accepted your invitation");
		assertThat(GreenMailBody.of(note)).contains(email);
	}

	@Test
	void forgottenPasswordLinkResetsThePasswordAndEndsOtherTokens() {
		Trust trust = aTrust();
		var other = signIn(trust.adminEmail, PASSWORD);
		assertThat(this.api.anonymous()
			.post("/api/v1/auth/password-resets", Map.of("email", trust.adminEmail.toUpperCase()))
			.status()).isEqualTo(202);
		String token = linkIn(awaitMessageContaining(trust.adminEmail, "/password-resets/"), "password-resets");
		var reset = this.api.anonymous()
			.post("/api/v1/auth/password-resets/" + token, Map.of("password", "another-long-passphrase"));
		assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
		assertThat(other.get("/api/v1/me").status()).isEqualTo(401);
		assertThat(trust.admin.get("/api/v1/me").status()).isEqualTo(401);
		signIn(trust.adminEmail, "another-long-passphrase");
		assertThat(this.api.anonymous()
			.post("/api/v1/auth/password-resets/" + token, Map.of("password", "yet-another-passphrase"))
			.code()).isEqualTo("token_used");
	}

	@Test
	void emailChangeIsConfirmedByTheNewAddressAndTheOldOneIsTold() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);
		String newEmail = email("renamed");
		var etag = trust.admin.get(trust.path("/members/" + member.id())).header("ETag");
		var patched = trust.admin.header("If-Match", etag)
			.patch(trust.path("/members/" + member.id()), Map.of("email", newEmail));
		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertThat(patched.json().get("email").asString()).isEqualTo(member.email());
		assertThat(patched.json().get("pendingEmail").asString()).isEqualTo(newEmail);

		String token = linkIn(awaitMessage(newEmail, 1), "email-changes");
		assertThat(this.api.anonymous().post("/api/v1/email-changes/" + token, Map.of()).status()).isEqualTo(200);
		signIn(newEmail, PASSWORD);
		assertThat(this.api.anonymous()
			.post("/api/v1/auth/tokens", Map.of("email", member.email(), "password", PASSWORD))
			.status()).isEqualTo(401);
		Awaitility.await()
			.until(() -> received(member.email()).stream().anyMatch((m) -> GreenMailBody.of(m).contains(newEmail)));
	}

	@Test
	void mailQueuedWhileSmtpIsDownIsDeliveredExactlyOnceWhenItReturns() throws Exception {
		Trust trust = aTrust();
		SMTP.stop();
		List<String> addresses = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				String email = email("queued");
				addresses.add(email);
				assertThat(trust.invite(trust.admin, email, "org-overview", null).status()).isEqualTo(201);
			}
			Awaitility.await()
				.until(() -> this.jdbc
					.sql("SELECT COUNT(*) FROM outbox_emails WHERE attempts > 0 "
							+ "AND status = 'waiting' AND recipient IN (:r)")
					.param("r", addresses)
					.query(Long.class)
					.single() == 3);
		}
		finally {
			SMTP.start();
		}
		// Make the backed-off retries due now rather than in seconds.
		this.jdbc.sql("UPDATE outbox_emails SET next_attempt_at = created_at WHERE recipient IN (:r)")
			.param("r", addresses)
			.update();
		for (String email : addresses) {
			awaitMessage(email, 1);
		}
		Thread.sleep(1500);
		for (String email : addresses) {
			assertThat(received(email)).hasSize(1);
		}
	}

	@Test
	void twoSendersOnOneDatabaseDeliverEachEmailOnce() throws Exception {
		List<String> addresses = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			String email = email("bulk");
			addresses.add(email);
			this.outbox.enqueue(new Email(null, email, "Bulk " + i, "Hello " + i, null));
		}
		// Two more nodes' senders, besides this context's own scheduled one, race for the
		// same rows.
		OutboxSender nodeA = new OutboxSender(this.jdbc, this.mailSender, this.clock, new Outbox(this.jdbc, this.clock),
				Runnable::run, "Staffroom <no-reply@staffroom.local>", java.time.Duration.ofMinutes(2), 10);
		OutboxSender nodeB = new OutboxSender(this.jdbc, this.mailSender, this.clock, new Outbox(this.jdbc, this.clock),
				Runnable::run, "Staffroom <no-reply@staffroom.local>", java.time.Duration.ofMinutes(2), 10);
		var pool = Executors.newFixedThreadPool(2);
		List<Callable<Integer>> jobs = new ArrayList<>();
		for (int round = 0; round < 5; round++) {
			jobs.add(nodeA::sendDue);
			jobs.add(nodeB::sendDue);
		}
		pool.invokeAll(jobs);
		pool.shutdown();
		Awaitility.await().until(() -> addresses.stream().allMatch((a) -> !received(a).isEmpty()));
		Thread.sleep(1000);
		Set<String> seen = new HashSet<>();
		for (String address : addresses) {
			assertThat(received(address)).as(address).hasSize(1);
			seen.add(received(address).get(0).getMessageID());
		}
		assertThat(seen).hasSize(addresses.size());
	}

	@Test
	void aPasswordResetForAnUnknownAddressLooksTheSame() {
		Trust trust = aTrust();
		var known = this.api.anonymous().post("/api/v1/auth/password-resets", Map.of("email", trust.adminEmail));
		var unknown = this.api.anonymous().post("/api/v1/auth/password-resets", Map.of("email", email("nobody")));
		assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(202);
		assertThat(unknown.text()).isEqualTo(known.text());
		assertThat(unknown.contentType()).isEqualTo(known.contentType());
	}

	/** The plain-text part of a message. */
	static final class GreenMailBody {

		static String of(MimeMessage message) {
			return com.icegreen.greenmail.util.GreenMailUtil.getBody(message).replace("=\r\n", "");
		}

	}

}
