package org.staffroom.factors;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.system.jdbc.Times;
import org.staffroom.system.secrets.SealedSecrets;

/**
 * Each account's TOTP secret (sealed at rest), pending until a first code confirms it.
 */
@Repository
class TotpFactors {

	private final JdbcClient jdbc;

	private final SealedSecrets sealed;

	TotpFactors(JdbcClient jdbc, SealedSecrets sealed) {
		this.jdbc = jdbc;
		this.sealed = sealed;
	}

	/** An account's TOTP factor; {@code confirmed} is false while it is pending. */
	record Factor(String secret, boolean confirmed, long lastUsedStep) {
	}

	Optional<Factor> find(String accountId) {
		return read("", accountId);
	}

	/**
	 * Locks the row for the rest of the transaction, so two requests with the same code
	 * cannot both be accepted.
	 */
	Optional<Factor> findForUpdate(String accountId) {
		return read(" FOR UPDATE", accountId);
	}

	private Optional<Factor> read(String lock, String accountId) {
		return this.jdbc
			.sql("SELECT secret_sealed, confirmed_at, last_used_step FROM totp_factors WHERE account_id = ?" + lock)
			.param(accountId)
			.query((rs, i) -> new Factor(this.sealed.open(rs.getString(1)), rs.getObject(2) != null, rs.getLong(3)))
			.optional();
	}

	boolean confirmed(String accountId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM totp_factors WHERE account_id = ? AND confirmed_at IS NOT NULL")
			.param(accountId)
			.query(Long.class)
			.single() > 0;
	}

	/** Starts enrolment again with a new secret, replacing a pending one. */
	void startPending(String accountId, String secret, Instant now) {
		this.jdbc.sql("DELETE FROM totp_factors WHERE account_id = ? AND confirmed_at IS NULL")
			.param(accountId)
			.update();
		this.jdbc
			.sql("INSERT INTO totp_factors (account_id, secret_sealed, confirmed_at, last_used_step, created_at) "
					+ "VALUES (?, ?, NULL, 0, ?)")
			.params(accountId, this.sealed.seal(secret), Times.sql(now))
			.update();
	}

	void confirm(String accountId, long step, Instant now) {
		this.jdbc.sql("UPDATE totp_factors SET confirmed_at = ?, last_used_step = ? WHERE account_id = ?")
			.params(Times.sql(now), step, accountId)
			.update();
	}

	/**
	 * Records the step of an accepted code; false when a concurrent request used it (or a
	 * later one) first.
	 */
	boolean used(String accountId, long step) {
		return this.jdbc.sql("UPDATE totp_factors SET last_used_step = ? WHERE account_id = ? AND last_used_step < ?")
			.params(step, accountId, step)
			.update() == 1;
	}

	void remove(String accountId) {
		this.jdbc.sql("DELETE FROM totp_factors WHERE account_id = ?").param(accountId).update();
	}

}
