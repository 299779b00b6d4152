package org.staffroom.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.system.jdbc.ChangeSignals;
import org.staffroom.system.security.SecretTokens;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.jdbc.Times;
import org.staffroom.system.security.TokenResolver;

/**
 * API tokens: 256 random bits handed out once, stored only as SHA-256, expiring after
 * {@code staffroom.tokens.ttl}. Every node reads the same table, so a revoked token is
 * dead at once on all of them.
 */
@Repository
public class ApiTokens implements TokenResolver {

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Duration ttl;

	private final ChangeSignals signals;

	// Live tokens seen recently, so that a busy API client costs no query per call. A
	// revocation signal drops an entry on every node; entries also age out after
	// CACHE_FOR.
	private final Map<String, Cached> cache = new ConcurrentHashMap<>();

	private static final Duration CACHE_FOR = Duration.ofSeconds(30);

	private static final int CACHE_LIMIT = 100_000;

	// Revocations heard in the last CACHE_FOR: a lookup that raced with one is not
	// cached.
	private final Map<String, Instant> recentlyRevoked = new ConcurrentHashMap<>();

	private record Cached(SignedIn signedIn, Instant expiresAt, Instant staleAt, String accountId) {
	}

	ApiTokens(JdbcClient jdbc, Clock clock, @Value("${staffroom.tokens.ttl:PT12H}") Duration ttl,
			ChangeSignals signals) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.ttl = ttl;
		this.signals = signals;
		signals.subscribe(this::onSignal);
	}

	private void onSignal(String signal) {
		if (signal.startsWith("token:") || signal.startsWith("tokens-of:")) {
			Instant now = this.clock.instant();
			this.recentlyRevoked.values().removeIf((at) -> at.plus(CACHE_FOR).isBefore(now));
			this.recentlyRevoked.put(signal, now);
		}
		if (signal.startsWith("token:")) {
			this.cache.remove(signal.substring(6));
		}
		else if (signal.startsWith("tokens-of:")) {
			String accountId = signal.substring(10);
			this.cache.values().removeIf((c) -> c.accountId().equals(accountId));
		}
		else if (signal.equals("*")) {
			this.cache.clear();
		}
	}

	public record IssuedToken(String token, Instant expiresAt) {
	}

	public IssuedToken issue(String accountId) {
		return issue(accountId, false);
	}

	/**
	 * A new token; {@code withSecondFactor} when the sign-in proved one, which counts as
	 * a recent second factor for step-up.
	 */
	public IssuedToken issue(String accountId, boolean withSecondFactor) {
		String token = SecretTokens.newToken();
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(this.ttl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		this.jdbc
			.sql("INSERT INTO api_tokens (token_hash, account_id, created_at, expires_at, second_factor_at) "
					+ "VALUES (?, ?, ?, ?, ?)")
			.params(SecretTokens.hash(token), accountId, Times.sql(now), Times.sql(expiresAt),
					Times.sql(withSecondFactor ? now : null))
			.update();
		return new IssuedToken(token, expiresAt);
	}

	/**
	 * Remembers that the token's holder proved a second factor at that time; every node
	 * reads it afresh.
	 */
	public void provedSecondFactor(String tokenHash, Instant at) {
		this.jdbc.sql("UPDATE api_tokens SET second_factor_at = ? WHERE token_hash = ?")
			.params(Times.sql(at), tokenHash)
			.update();
		this.signals.publish("token:" + tokenHash);
	}

	@Override
	public Optional<SignedIn> resolve(String token) {
		if (token == null || token.isEmpty() || token.length() > 200) {
			return Optional.empty();
		}
		String hash = SecretTokens.hash(token);
		Instant now = this.clock.instant();
		Cached cached = this.cache.get(hash);
		if (cached != null && now.isBefore(cached.staleAt()) && now.isBefore(cached.expiresAt())) {
			return Optional.of(cached.signedIn());
		}
		var found = this.jdbc.sql("""
				SELECT a.id, a.email, a.operator, t.expires_at, t.second_factor_at
				FROM api_tokens t JOIN accounts a ON a.id = t.account_id
				WHERE t.token_hash = ?""")
			.param(hash)
			.query((rs, i) -> new Cached(
					new SignedIn(rs.getString(1), rs.getString(2), rs.getBoolean(3), hash,
							Times.instant(rs.getObject(5, OffsetDateTime.class))),
					rs.getObject(4, OffsetDateTime.class).toInstant(), now.plus(CACHE_FOR), rs.getString(1)))
			.optional()
			.filter((c) -> now.isBefore(c.expiresAt()));
		if (found.isEmpty()) {
			this.cache.remove(hash);
			return Optional.empty();
		}
		if (this.cache.size() >= CACHE_LIMIT) {
			this.cache.clear();
		}
		if (!this.recentlyRevoked.containsKey("token:" + hash)
				&& !this.recentlyRevoked.containsKey("tokens-of:" + found.get().accountId())) {
			this.cache.put(hash, found.get());
		}
		return Optional.of(found.get().signedIn());
	}

	public void revoke(String tokenHash) {
		this.jdbc.sql("DELETE FROM api_tokens WHERE token_hash = ?").param(tokenHash).update();
		this.signals.publish("token:" + tokenHash);
	}

	/** Ends every token of the account but the one given (which may be null). */
	public void revokeAllBut(String accountId, String keepTokenHash) {
		this.jdbc.sql("DELETE FROM api_tokens WHERE account_id = ? AND token_hash <> ?")
			.params(accountId, keepTokenHash == null ? "" : keepTokenHash)
			.update();
		this.signals.publish("tokens-of:" + accountId);
	}

}
