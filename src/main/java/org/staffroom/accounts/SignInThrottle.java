package org.staffroom.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.system.jdbc.Times;

/**
 * Slows down password guessing, per email address, across all nodes (the counts are in
 * the database). After {@code max-failures} failures within the window, each further
 * failure locks the address for twice as long as the last, from 30 seconds up to 15
 * minutes. A success clears it.
 */
@Repository
public class SignInThrottle {

	private static final Duration FIRST_LOCK = Duration.ofSeconds(30);

	private static final Duration LONGEST_LOCK = Duration.ofMinutes(15);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final int maxFailures;

	private final Duration window;

	SignInThrottle(JdbcClient jdbc, Clock clock, @Value("${staffroom.sign-in.max-failures:5}") int maxFailures,
			@Value("${staffroom.sign-in.window:PT15M}") Duration window) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.maxFailures = maxFailures;
		this.window = window;
	}

	/**
	 * The key of an email address; the API and the sign-in page count failures together.
	 */
	public static String keyOf(String email) {
		return "email:" + EmailAddress.keyOf(email == null ? "" : email);
	}

	/** How long until the key may try again, if it is locked now. */
	public Optional<Duration> lockedFor(String key) {

		Instant now = this.clock.instant();
		return this.jdbc.sql("SELECT locked_until FROM sign_in_failures WHERE throttle_key = ?")
			.param(key)
			.query((rs, i) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)))
			.optional()
			.flatMap((until) -> until)
			.map(OffsetDateTime::toInstant)
			.filter(now::isBefore)
			.map((until) -> Duration.between(now, until));
	}

	/**
	 * Refuses with 429 {@code rate_limited} (and Retry-After) while the key is locked.
	 */
	public void throwIfLocked(String key) {
		lockedFor(key).ifPresent((wait) -> {
			long seconds = Math.max(1, wait.toSeconds() + 1);
			throw new org.staffroom.system.problems.Failure(org.staffroom.system.problems.Failure.Kind.THROTTLED,
					"rate_limited", "Too many failed attempts; try again in " + seconds + " seconds",
					java.util.List.of(), java.util.Map.of("Retry-After", Long.toString(seconds)));
		});
	}

	/**
	 * Records a failure in its own transaction, so that it counts even though the request
	 * fails.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void failed(String key) {

		Instant now = this.clock.instant();
		var row = this.jdbc.sql("SELECT failures, first_failure_at FROM sign_in_failures WHERE throttle_key = ?")
			.param(key)
			.query((rs, i) -> new Object[] { rs.getInt(1), rs.getObject(2, OffsetDateTime.class).toInstant() })
			.optional();
		if (row.isEmpty()) {
			int inserted = this.jdbc.sql("""
					INSERT INTO sign_in_failures (throttle_key, failures, first_failure_at)
					SELECT ?, 1, ? WHERE NOT EXISTS (SELECT 1 FROM sign_in_failures WHERE throttle_key = ?)""")
				.params(key, Times.sql(now), key)
				.update();
			if (inserted == 1) {
				return;
			}
		}
		int failures = row.map((r) -> (int) r[0]).orElse(1);
		Instant first = row.map((r) -> (Instant) r[1]).orElse(now);
		if (first.plus(this.window).isBefore(now)) {
			this.jdbc
				.sql("UPDATE sign_in_failures SET failures = 1, first_failure_at = ?, locked_until = NULL "
						+ "WHERE throttle_key = ?")
				.params(Times.sql(now), key)
				.update();
			return;
		}
		int next = failures + 1;
		Instant lockedUntil = null;
		if (next >= this.maxFailures) {
			long factor = 1L << Math.min(next - this.maxFailures, 10);
			Duration lock = FIRST_LOCK.multipliedBy(factor);
			lockedUntil = now.plus(lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock);
		}
		this.jdbc.sql("UPDATE sign_in_failures SET failures = ?, locked_until = ? WHERE throttle_key = ?")
			.params(next, Times.sql(lockedUntil), key)
			.update();
	}

	public void succeeded(String key) {

		this.jdbc.sql("DELETE FROM sign_in_failures WHERE throttle_key = ?").param(key).update();
	}

}
