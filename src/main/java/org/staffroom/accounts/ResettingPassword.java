package org.staffroom.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.mail.Email;
import org.staffroom.mail.Outbox;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.security.SecretTokens;
import org.staffroom.system.jdbc.Times;
import org.staffroom.system.security.Via;

/**
 * A forgotten password: asked for by email, answered the same way and after the same time
 * whether or not the address exists ({@code staffroom.password-reset.answer-after}, so
 * that timing does not tell which addresses have accounts); at most
 * {@code staffroom.password-reset.max-per-hour} links are sent to an address in an hour.
 * A link is single-use, lives {@code staffroom.password-reset.ttl} (30 minutes), and dies
 * when a newer one is sent. A reset ends every API token and page session of the account.
 */
@Component
public class ResettingPassword {

	private final JdbcClient jdbc;

	private final Accounts accounts;

	private final ApiTokens tokens;

	private final PasswordEncoder encoder;

	private final Outbox outbox;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final String baseUrl;

	private final Duration ttl;

	private final PageSessions sessions;

	private final TransactionTemplate transactions;

	private final int maxPerHour;

	private final Duration answerAfter;

	ResettingPassword(JdbcClient jdbc, Accounts accounts, ApiTokens tokens, PasswordEncoder encoder, Outbox outbox,
			Clock clock, ApplicationEventPublisher events, PageSessions sessions,
			PlatformTransactionManager transactionManager, @Value("${staffroom.public-base-url}") String baseUrl,
			@Value("${staffroom.password-reset.ttl:PT30M}") Duration ttl,
			@Value("${staffroom.password-reset.max-per-hour:3}") int maxPerHour,
			@Value("${staffroom.password-reset.answer-after:PT0.05S}") Duration answerAfter) {
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.tokens = tokens;
		this.encoder = encoder;
		this.outbox = outbox;
		this.clock = clock;
		this.events = events;
		this.sessions = sessions;
		this.baseUrl = baseUrl;
		this.ttl = ttl;
		this.transactions = new TransactionTemplate(transactionManager);
		this.maxPerHour = maxPerHour;
		this.answerAfter = answerAfter;
	}

	/**
	 * Sends a reset link if the address belongs to an account and has not had too many
	 * this hour; does nothing visible otherwise. Returns no earlier than
	 * {@code answer-after} from its start, whichever path it took.
	 */
	public void request(String email) {
		long deadline = System.nanoTime() + this.answerAfter.toNanos();
		try {
			this.transactions.executeWithoutResult((status) -> send(email));
		}
		finally {
			waitUntil(deadline);
		}
	}

	private void send(String email) {
		var account = EmailAddress.parse(email).flatMap((address) -> this.accounts.findByEmail(address.key()));
		if (account.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		int lastHour = this.jdbc.sql("SELECT COUNT(*) FROM password_resets WHERE account_id = ? AND created_at > ?")
			.params(account.get().id(), Times.sql(now.minus(Duration.ofHours(1))))
			.query(Integer.class)
			.single();
		if (lastHour >= this.maxPerHour) {
			// Enough links for now: the answer is the same, and the latest link still
			// works.
			return;
		}
		// A newer link kills the older ones: only the latest email can reset the
		// password.
		this.jdbc.sql("UPDATE password_resets SET used_at = ? WHERE account_id = ? AND used_at IS NULL")
			.params(Times.sql(now), account.get().id())
			.update();
		String token = SecretTokens.newToken();
		this.jdbc
			.sql("INSERT INTO password_resets (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
			.params(SecretTokens.hash(token), account.get().id(), Times.sql(now), Times.sql(now.plus(this.ttl)))
			.update();
		String link = this.baseUrl + "/password-resets/" + token;
		this.outbox.enqueue(new Email(null, account.get().email(), "Reset your Staffroom password",
				"Hello " + account.get().firstName()
						+ ",\n\nSomeone asked to reset the password of your Staffroom account. "
						+ "If it was you, set a new password here within " + this.ttl.toMinutes() + " minutes:\n\n"
						+ link + "\n\nIf it was not you, ignore this email: your password stays as it is.\n",
				null));
	}

	private static void waitUntil(long deadline) {
		long left = deadline - System.nanoTime();
		while (left > 0) {
			try {
				java.util.concurrent.TimeUnit.NANOSECONDS.sleep(left);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			left = deadline - System.nanoTime();
		}
	}

	/**
	 * Checks a reset link before the person types a new password: not_found (404) for an
	 * unknown link, token_used or token_expired (410) for a dead one.
	 */
	public void look(String token) {
		live(token);
	}

	private Object[] live(String token) {
		var row = this.jdbc.sql("SELECT account_id, expires_at, used_at FROM password_resets WHERE token_hash = ?")
			.param(SecretTokens.hash(token == null ? "" : token))
			.query((rs,
					i) -> new Object[] { rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
							rs.getObject(3, OffsetDateTime.class) })
			.optional()
			.orElseThrow(() -> Failure.notFound("That reset link"));
		if (row[2] != null) {
			throw new Failure(Failure.Kind.GONE, "token_used",
					"That reset link has been used already, or a newer one was sent; use the newest email");
		}
		if (!((Instant) row[1]).isAfter(this.clock.instant())) {
			throw new Failure(Failure.Kind.GONE, "token_expired", "That reset link has expired; ask for a new one");
		}
		return row;
	}

	/** Sets the new password and ends every session and token of the account. */
	@Transactional
	public void complete(String token, String password) {
		Object[] row = live(token);
		PasswordPolicy.problem(password).ifPresent((problem) -> {
			throw Failure.invalid("password", "weak_password", problem);
		});
		String accountId = (String) row[0];
		this.jdbc.sql("UPDATE password_resets SET used_at = ? WHERE account_id = ? AND used_at IS NULL")
			.params(Times.sql(this.clock.instant()), accountId)
			.update();
		this.accounts.setPasswordHash(accountId, this.encoder.encode(password));
		this.tokens.revokeAllBut(accountId, null);
		this.sessions.endAll(this.accounts.find(accountId).orElseThrow().emailKey());
		var account = this.accounts.find(accountId).orElseThrow();
		this.events.publishEvent(
				new PasswordReset(accountId, account.email(), new Acting(accountId, account.email(), false, Via.API)));
	}

}
