package org.staffroom.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.mail.Email;
import org.staffroom.mail.Outbox;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.security.SecretTokens;
import org.staffroom.system.jdbc.Times;

/**
 * Changing an email address, which is the username: the new address must be confirmed by
 * a link sent to it before it takes effect. The old address is told twice: when the
 * change is asked for, with a link that stops it (so a person whose account was taken
 * over learns in time), and when it is confirmed. Nobody can take an address another
 * account uses.
 */
@Component
public class ChangingEmail {

	private final JdbcClient jdbc;

	private final Accounts accounts;

	private final Outbox outbox;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final String baseUrl;

	private final Duration ttl;

	ChangingEmail(JdbcClient jdbc, Accounts accounts, Outbox outbox, Clock clock, ApplicationEventPublisher events,
			@Value("${staffroom.public-base-url}") String baseUrl,
			@Value("${staffroom.email-change.ttl:P2D}") Duration ttl) {
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.outbox = outbox;
		this.clock = clock;
		this.events = events;
		this.baseUrl = baseUrl;
		this.ttl = ttl;
	}

	/**
	 * Starts a change: a link goes to the new address. Throws {@code email_taken} (409)
	 * when another account has it. Call inside the transaction of the edit that asks for
	 * it.
	 */
	public void request(Account account, EmailAddress newEmail, Acting actor, String organisationId) {
		if (newEmail.key().equals(account.emailKey())) {
			if (!newEmail.display().equals(account.email())) {
				// Same username, different capitals: no confirmation needed.
				this.accounts.changeEmail(account.id(), newEmail);
			}
			return;
		}
		if (this.accounts.emailTaken(newEmail.key(), account.id())) {
			throw Failure.conflict("email_taken", "Another account already uses that email address");
		}
		String token = SecretTokens.newToken();
		String stopToken = SecretTokens.newToken();
		Instant now = this.clock.instant();
		this.jdbc.sql("UPDATE email_changes SET used_at = ? WHERE account_id = ? AND used_at IS NULL")
			.params(Times.sql(now), account.id())
			.update();
		this.jdbc.sql("""
				INSERT INTO email_changes (token_hash, account_id, new_email, new_email_key, requested_by, created_at,
				                           expires_at, stop_token_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(SecretTokens.hash(token), account.id(), newEmail.display(), newEmail.key(), actor.accountId(),
					Times.sql(now), Times.sql(now.plus(this.ttl)), SecretTokens.hash(stopToken))
			.update();
		this.accounts.touch(account.id());
		this.outbox.enqueue(new Email(organisationId, newEmail.display(), "Confirm your new Staffroom email address",
				"Hello " + account.firstName() + ",\n\n" + actor.label() + " asked to change the email address of your "
						+ "Staffroom account to this one. It becomes your username once you confirm it here:\n\n"
						+ this.baseUrl + "/email-changes/" + token + "\n\nUntil then you keep signing in as "
						+ account.email() + ".\n",
				null));
		this.outbox.enqueue(new Email(organisationId, account.email(),
				"Someone asked to change your Staffroom email address",
				"Hello " + account.firstName() + ",\n\n" + actor.label() + " asked to change the email address of your "
						+ "Staffroom account from this one to " + newEmail.display()
						+ ". Nothing changes until the new "
						+ "address confirms it.\n\nIf you did not expect this, stop the change here before it is confirmed:\n\n"
						+ this.baseUrl + "/email-changes/stop/" + stopToken + "\n\nThen tell your organisation's main "
						+ "account holder, and change your password.\n",
				null));
		this.events.publishEvent(
				new EmailChangeRequested(organisationId, account.id(), account.email(), newEmail.display(), actor));
	}

	/**
	 * The address a stop link would keep from becoming the username, without stopping
	 * anything (a page asks first: mail scanners open links). not_found (404) for an
	 * unknown link; token_used or token_expired (410) when the change was confirmed,
	 * stopped, replaced or has expired.
	 */
	public String lookAtStop(String stopToken) {
		return (String) liveByStop(stopToken)[1];
	}

	/** Stops a change that is not confirmed yet, by the link sent to the old address. */
	@Transactional
	public void stop(String stopToken) {
		Object[] row = liveByStop(stopToken);
		String accountId = (String) row[0];
		Instant now = this.clock.instant();
		this.jdbc
			.sql("UPDATE email_changes SET used_at = ?, stopped_at = ? WHERE stop_token_hash = ? AND used_at IS NULL")
			.params(Times.sql(now), Times.sql(now), SecretTokens.hash(stopToken))
			.update();
		this.accounts.touch(accountId);
		Account account = this.accounts.find(accountId).orElseThrow();
		this.events.publishEvent(new EmailChangeStopped(accountId, account.email(), (String) row[1],
				new Acting(accountId, account.email(), false, org.staffroom.system.security.Via.API)));
	}

	private Object[] liveByStop(String stopToken) {
		var row = this.jdbc.sql("""
				SELECT account_id, new_email, expires_at, used_at, stopped_at FROM email_changes
				WHERE stop_token_hash = ?""")
			.param(SecretTokens.hash(stopToken == null ? "" : stopToken))
			.query((rs,
					i) -> new Object[] { rs.getString(1), rs.getString(2),
							rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getObject(4, OffsetDateTime.class),
							rs.getObject(5, OffsetDateTime.class) })
			.optional()
			.orElseThrow(() -> Failure.notFound("That link"));
		if (row[4] != null) {
			throw new Failure(Failure.Kind.GONE, "token_used", "That change of email address was stopped already");
		}
		if (row[3] != null) {
			throw new Failure(Failure.Kind.GONE, "token_used",
					"That change of email address was confirmed or replaced already; if you did not expect it, "
							+ "contact your organisation's main account holder");
		}
		if (!((Instant) row[2]).isAfter(this.clock.instant())) {
			throw new Failure(Failure.Kind.GONE, "token_expired", "That change of email address expired unconfirmed");
		}
		return row;
	}

	/** The address waiting for confirmation, if any. */
	public java.util.Optional<String> pending(String accountId) {
		return this.jdbc.sql("""
				SELECT new_email FROM email_changes WHERE account_id = ? AND used_at IS NULL AND expires_at > ?
				ORDER BY created_at DESC""")
			.params(accountId, Times.sql(this.clock.instant()))
			.query(String.class)
			.list()
			.stream()
			.findFirst();
	}

	/**
	 * The new address a confirmation link would make the username, without confirming it
	 * (a page asks first: mail scanners open links). not_found (404) or token_used /
	 * token_expired (410).
	 */
	public String look(String token) {
		return (String) live(token)[1];
	}

	private Object[] live(String token) {
		var row = this.jdbc
			.sql("""
					SELECT account_id, new_email, expires_at, used_at, stopped_at FROM email_changes WHERE token_hash = ?""")
			.param(SecretTokens.hash(token == null ? "" : token))
			.query((rs,
					i) -> new Object[] { rs.getString(1), rs.getString(2),
							rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getObject(4, OffsetDateTime.class),
							rs.getObject(5, OffsetDateTime.class) })
			.optional()
			.orElseThrow(() -> Failure.notFound("That confirmation link"));
		if (row[4] != null) {
			throw new Failure(Failure.Kind.GONE, "change_stopped",
					"That change of email address was stopped from the old address");
		}
		if (row[3] != null) {
			throw new Failure(Failure.Kind.GONE, "token_used", "That confirmation link has been used already");
		}
		if (!((Instant) row[2]).isAfter(this.clock.instant())) {
			throw new Failure(Failure.Kind.GONE, "token_expired", "That confirmation link has expired");
		}
		return row;
	}

	/** Confirms the change by its link; only now the new address becomes the username. */
	@Transactional
	public Account confirm(String token) {
		Object[] row = live(token);
		String accountId = (String) row[0];
		EmailAddress newEmail = EmailAddress.parse((String) row[1]).orElseThrow();
		if (this.accounts.emailTaken(newEmail.key(), accountId)) {
			throw Failure.conflict("email_taken", "Another account took that email address in the meantime");
		}
		Account before = this.accounts.find(accountId).orElseThrow();
		this.jdbc.sql("UPDATE email_changes SET used_at = ? WHERE account_id = ? AND used_at IS NULL")
			.params(Times.sql(this.clock.instant()), accountId)
			.update();
		this.accounts.changeEmail(accountId, newEmail);
		// Snapshots answer "by email" questions: the organisations of this account must
		// reload it.
		this.events.publishEvent(new EmailChanged(accountId, before.email(), newEmail.display(),
				new Acting(accountId, newEmail.display(), false, org.staffroom.system.security.Via.API)));
		this.outbox.enqueue(new Email(null, before.email(), "Your Staffroom email address has changed",
				"Hello " + before.firstName() + ",\n\nThe email address of your Staffroom account is now "
						+ newEmail.display() + ", and it is your username from now on. If you did not expect this, "
						+ "contact your organisation's main account holder at once.\n",
				null));
		return this.accounts.find(accountId).orElseThrow();
	}

}
