package org.staffroom.factors;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.accounts.EmailAddress;
import org.staffroom.accounts.EmailChanged;

/**
 * An account's passkeys, read from the tables Spring Security's WebAuthn support keeps
 * (see V21__passkeys.sql): listed and removed here, registered and used through Spring
 * Security's own endpoints. A user entity's name is the account's email key.
 */
@Repository
public class Passkeys {

	private final JdbcClient jdbc;

	Passkeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A passkey as the account's owner sees it; {@code id} is its credential id. Spring
	 * Security sets a new passkey's last use to its creation, which here reads as never
	 * used.
	 */
	public record Passkey(String id, String name, @Nullable Instant createdAt, @Nullable Instant lastUsedAt) {
	}

	public List<Passkey> of(String accountId) {
		return this.jdbc.sql("""
				SELECT c.credential_id, c.label, c.created,
				  CASE WHEN c.last_used = c.created THEN NULL ELSE c.last_used END
				FROM user_credentials c
				JOIN user_entities u ON u.id = c.user_entity_user_id
				JOIN accounts a ON a.email_key = u.name
				WHERE a.id = ?
				ORDER BY c.created, c.credential_id""")
			.param(accountId)
			.query((rs, i) -> new Passkey(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)),
					instant(rs.getTimestamp(4))))
			.list();
	}

	public boolean any(String accountId) {
		return this.jdbc.sql("""
				SELECT COUNT(*) FROM user_credentials c
				JOIN user_entities u ON u.id = c.user_entity_user_id
				JOIN accounts a ON a.email_key = u.name
				WHERE a.id = ?""").param(accountId).query(Long.class).single() > 0;
	}

	/** Removes one of the account's passkeys; false when it has no passkey of that id. */
	boolean remove(String accountId, String credentialId) {
		return this.jdbc.sql("""
				DELETE FROM user_credentials WHERE credential_id = ? AND user_entity_user_id IN (
				  SELECT u.id FROM user_entities u JOIN accounts a ON a.email_key = u.name WHERE a.id = ?)""")
			.params(credentialId, accountId)
			.update() == 1;
	}

	void removeAll(String accountId) {
		this.jdbc.sql("""
				DELETE FROM user_credentials WHERE user_entity_user_id IN (
				  SELECT u.id FROM user_entities u JOIN accounts a ON a.email_key = u.name WHERE a.id = ?)""")
			.param(accountId)
			.update();
	}

	/**
	 * A user entity's name is the account's email key, Spring Security's username: when
	 * the email changes, the passkeys must follow it, in the changing transaction.
	 */
	@EventListener
	void onEmailChanged(EmailChanged changed) {
		this.jdbc.sql("""
				UPDATE user_entities SET name = (SELECT email_key FROM accounts WHERE id = ?),
				  display_name = (SELECT email FROM accounts WHERE id = ?)
				WHERE name = ?""")
			.params(changed.accountId(), changed.accountId(), EmailAddress.keyOf(changed.before()))
			.update();
	}

	// Spring Security writes TIMESTAMP columns in the JVM's zone
	// (Timestamp.from(instant)).
	private static @Nullable Instant instant(java.sql.@Nullable Timestamp at) {
		return (at == null) ? null : at.toInstant();
	}

}
