package org.staffroom.mail;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.staffroom.system.jdbc.Times;

/**
 * Delivers the outbox over SMTP after the changes that wrote it have committed. Each node
 * claims an email with a conditional UPDATE before sending it, so two nodes never send
 * the same one; a claim lapses after {@code claim-for}, so an email claimed by a node
 * that died is sent by another. A failure backs off (5 s, 10 s, 20 s … up to an hour) and
 * is retried for ever: nothing is lost, and a restart simply carries on. With no SMTP
 * configured (spring.mail.host unset) mail waits.
 *
 * <p>
 * Exactly once, with one gap no outbox can close: a node that dies after the SMTP server
 * took an email but before it recorded that is followed by a second delivery. The
 * Message-ID stays the same on every attempt, so mail servers and clients can recognise
 * the repeat.
 */
@Component
public class OutboxSender {

	private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

	private static final Duration FIRST_RETRY = Duration.ofSeconds(5);

	private static final Duration LONGEST_RETRY = Duration.ofHours(1);

	private final JdbcClient jdbc;

	private final ObjectProvider<JavaMailSender> mailSender;

	private final Clock clock;

	private final String from;

	private final Duration claimFor;

	private final int batch;

	private final String node;

	OutboxSender(JdbcClient jdbc, ObjectProvider<JavaMailSender> mailSender, Clock clock, Outbox outbox,
			@org.springframework.beans.factory.annotation.Qualifier("applicationTaskExecutor") org.springframework.core.task.TaskExecutor executor,
			@Value("${staffroom.mail.from:Staffroom <no-reply@staffroom.local>}") String from,
			@Value("${staffroom.mail.claim-for:PT2M}") Duration claimFor,
			@Value("${staffroom.mail.batch:50}") int batch) {
		this.jdbc = jdbc;
		this.mailSender = mailSender;
		this.clock = clock;
		this.from = from;
		this.claimFor = claimFor;
		this.batch = batch;
		this.node = nodeName();
		outbox.onCommit(() -> {
			if (configured()) {
				executor.execute(this::sendQuietly);
			}
		});
	}

	private void sendQuietly() {
		try {
			sendDue();
		}
		catch (RuntimeException ex) {
			log.warn("Sending the outbox failed; the next poll retries", ex);
		}
	}

	/** Whether this node can send at all (SMTP is configured). */
	public boolean configured() {
		return this.mailSender.getIfAvailable() != null;
	}

	@Scheduled(fixedDelayString = "${staffroom.mail.poll:PT1S}")
	void poll() {
		if (configured()) {
			sendDue();
		}
	}

	/**
	 * Sends every email that is due and that this node manages to claim; returns how many
	 * it sent.
	 */
	public synchronized int sendDue() {
		JavaMailSender sender = this.mailSender.getIfAvailable();
		if (sender == null) {
			return 0;
		}
		Instant now = this.clock.instant();
		List<Long> due = this.jdbc.sql("""
				SELECT id FROM outbox_emails
				WHERE status = 'waiting' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
				ORDER BY id""").params(Times.sql(now), Times.sql(now)).withMaxRows(this.batch).query(Long.class).list();
		int sent = 0;
		for (long id : due) {
			if (claim(id, now)) {
				sent += deliver(sender, id) ? 1 : 0;
			}
		}
		return sent;
	}

	private boolean claim(long id, Instant now) {
		return this.jdbc
			.sql("""
					UPDATE outbox_emails SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1
					WHERE id = ? AND status = 'waiting' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)""")
			.params(this.node, Times.sql(now.plus(this.claimFor)), id, Times.sql(now), Times.sql(now))
			.update() == 1;
	}

	private boolean deliver(JavaMailSender sender, long id) {
		var email = this.jdbc.sql("""
				SELECT recipient, subject, body_text, body_html, attempts FROM outbox_emails WHERE id = ?""")
			.param(id)
			.query((rs,
					i) -> new Object[] { rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
							rs.getInt(5) })
			.single();
		try {
			MimeMessage message = sender.createMimeMessage();
			MimeMessageHelper helper = new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
			helper.setFrom(this.from);
			helper.setTo((String) email[0]);
			helper.setSubject((String) email[1]);
			String html = (email[3] != null) ? (String) email[3] : EmailBodies.html((String) email[2]);
			helper.setText((String) email[2], html);
			message.saveChanges();
			// The same Message-ID on every attempt: a repeat after a crash can be
			// recognised.
			message.setHeader("Message-ID", "<outbox-" + id + "@staffroom>");
			sender.send(message);
			this.jdbc.sql("""
					UPDATE outbox_emails SET status = 'sent', sent_at = ?, claimed_until = NULL, last_error = NULL
					WHERE id = ? AND claimed_by = ?""").params(Times.sql(this.clock.instant()), id, this.node).update();
			return true;
		}
		catch (Exception ex) {
			int attempts = (int) email[4];
			Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 20));
			if (wait.compareTo(LONGEST_RETRY) > 0) {
				wait = LONGEST_RETRY;
			}
			log.warn("Email {} to {} failed (attempt {}), retrying in {}: {}", id, email[0], attempts, wait,
					ex.getMessage());
			String error = String.valueOf(ex.getMessage());
			this.jdbc.sql("""
					UPDATE outbox_emails SET next_attempt_at = ?, claimed_until = NULL, last_error = ?
					WHERE id = ? AND claimed_by = ?""")
				.params(Times.sql(this.clock.instant().plus(wait)),
						error.length() > 2000 ? error.substring(0, 2000) : error, id, this.node)
				.update();
			return false;
		}
	}

	private static String nodeName() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (Exception ex) {
			host = "node";
		}
		String name = host + "-" + UUID.randomUUID().toString().substring(0, 8);
		return name.length() > 100 ? name.substring(0, 100) : name;
	}

}
