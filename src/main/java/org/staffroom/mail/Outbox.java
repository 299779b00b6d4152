package org.staffroom.mail;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.staffroom.system.jdbc.BulkInsert;
import org.staffroom.system.jdbc.Times;

/**
 * The outbox_emails table. {@link #enqueue} must run inside the transaction of the
 * change, so an email exists exactly when its change does.
 */
@Repository
public class Outbox {

	private static final Logger log = LoggerFactory.getLogger(Outbox.class);

	private final JdbcClient jdbc;

	private final Clock clock;

	private Runnable afterCommit = () -> {
	};

	private final BulkInsert bulk;

	Outbox(JdbcClient jdbc, Clock clock) {
		this(jdbc, null, clock);
	}

	@org.springframework.beans.factory.annotation.Autowired
	Outbox(JdbcClient jdbc, BulkInsert bulk, Clock clock) {
		this.bulk = bulk;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** What to do when a transaction that queued mail commits (the sender wakes up). */
	void onCommit(Runnable action) {
		this.afterCommit = action;
	}

	public void enqueue(Email email) {
		var now = Times.sql(this.clock.instant());
		this.jdbc.sql("""
				INSERT INTO outbox_emails (organisation_id, recipient, subject, body_text, body_html, status,
				                           next_attempt_at, created_at)
				VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?)""")
			.params(email.organisationId(), email.to(), email.subject(), email.text(),
					email.html() != null ? email.html() : EmailBodies.html(email.text()), now, now)
			.update();
		log.info("Email to {} queued: {}\n{}", email.to(), email.subject(), email.text());
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			// Deliver as soon as the change commits, rather than at the next poll.
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					Outbox.this.afterCommit.run();
				}
			});
		}
	}

	private static final List<String> NEW_COLUMNS = List.of("organisation_id", "recipient", "subject", "body_text",
			"body_html", "status", "next_attempt_at", "created_at");

	private static final int[] NEW_TYPES = { java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
			java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
			java.sql.Types.TIMESTAMP_WITH_TIMEZONE, java.sql.Types.TIMESTAMP_WITH_TIMEZONE };

	/**
	 * Queues many emails at once (an import's invitations; COPY on PostgreSQL), in the
	 * caller's transaction. An email without its own HTML keeps none: the sender makes it
	 * from the text when it sends (the same words), rather than an import making
	 * thousands up front.
	 */
	public void enqueueAll(List<Email> emails) {
		if (emails.isEmpty()) {
			return;
		}
		var now = Times.sql(this.clock.instant());
		List<Object[]> rows = new java.util.ArrayList<>(emails.size());
		for (Email email : emails) {
			rows.add(new Object[] { email.organisationId(), email.to(), email.subject(), email.text(), email.html(),
					"waiting", now, now });
		}
		this.bulk.into("outbox_emails", NEW_COLUMNS, NEW_TYPES, rows);
		log.info("{} emails queued: {}", emails.size(), emails.get(0).subject());
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					Outbox.this.afterCommit.run();
				}
			});
		}
	}

	/**
	 * The newest emails, newest first: for the operator's "Sent and waiting email" page
	 * and tests.
	 */
	public List<QueuedEmail> latest(int limit) {
		return this.jdbc.sql("""
				SELECT id, organisation_id, recipient, subject, body_text, status, attempts, created_at, sent_at
				FROM outbox_emails ORDER BY id DESC""")
			.withMaxRows(limit)
			.query((rs, i) -> new QueuedEmail(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getString(6), rs.getInt(7),
					Times.instant(rs.getObject(8, java.time.OffsetDateTime.class)),
					Times.instant(rs.getObject(9, java.time.OffsetDateTime.class))))
			.list();
	}

	/** An email as the outbox holds it. */
	public record QueuedEmail(long id, String organisationId, String to, String subject, String text, String status,
			int attempts, java.time.Instant createdAt, java.time.Instant sentAt) {
	}

}
