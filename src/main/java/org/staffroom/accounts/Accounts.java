package org.staffroom.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.system.jdbc.BulkInsert;
import org.staffroom.system.security.SecretTokens;
import org.staffroom.system.jdbc.Times;

/** The accounts table. */
@Repository
public class Accounts {

	private static final String COLUMNS = "id, email, email_key, first_name, last_name, job_title, phone, operator, "
			+ "notifications, version, password_hash IS NOT NULL AS has_password";

	private final JdbcClient jdbc;

	private final org.springframework.jdbc.core.JdbcTemplate batches;

	private final ApplicationEventPublisher events;

	private final BulkInsert bulk;

	// A nested transaction (a savepoint in the caller's), so that a lost race on the
	// email key is undone alone.
	private final TransactionTemplate savepoint;

	Accounts(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate batches, ApplicationEventPublisher events,
			BulkInsert bulk, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.batches = batches;
		this.events = events;
		this.bulk = bulk;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	public Optional<Account> find(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE id = ?")
			.param(id)
			.query(Accounts::map)
			.optional();
	}

	public Optional<Account> findByEmail(String email) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE email_key = ?")
			.param(EmailAddress.keyOf(email))
			.query(Accounts::map)
			.optional();
	}

	/**
	 * The accounts with these email keys (see {@link EmailAddress#key()}), in batches of
	 * 1,000.
	 */
	public java.util.Map<String, Account> findByEmailKeys(Collection<String> emailKeys) {
		java.util.Map<String, Account> found = new java.util.HashMap<>();
		List<String> keys = List.copyOf(emailKeys);
		for (int from = 0; from < keys.size(); from += 1000) {
			this.jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE email_key IN (:keys)")
				.param("keys", keys.subList(from, Math.min(keys.size(), from + 1000)))
				.query(Accounts::map)
				.list()
				.forEach((account) -> found.put(account.emailKey(), account));
		}
		return found;
	}

	public List<Account> findAll(Collection<String> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE id IN (:ids)")
			.param("ids", ids)
			.query(Accounts::map)
			.list();
	}

	/**
	 * Creates an account without a password; the holder sets one by accepting an
	 * invitation. When another transaction has just created one with the same address
	 * (two organisations inviting the same new person at once), that account is the one:
	 * the insert is undone to a savepoint, so the caller's transaction goes on, and the
	 * account that won is returned.
	 */
	public Account create(EmailAddress email, String firstName, String lastName, String jobTitle, Instant now) {
		String id = SecretTokens.newId();
		try {
			this.savepoint.executeWithoutResult((status) -> this.jdbc.sql("""
					INSERT INTO accounts (id, email, email_key, first_name, last_name, job_title, notifications,
					                      search_text, sort_key, created_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(id, email.display(), email.key(), firstName, lastName, jobTitle,
						Notification.encode(Notification.DEFAULTS), SearchText.of(firstName, lastName, email.display()),
						SearchText.sortKey(firstName, lastName), Times.sql(now))
				.update());
		}
		catch (DuplicateKeyException ex) {
			return findByEmail(email.key()).orElseThrow(() -> ex);
		}
		return find(id).orElseThrow();
	}

	/** A new account for {@link #createAll}: the id is chosen by the caller. */
	public record NewAccount(String id, EmailAddress email, String firstName, String lastName, String jobTitle) {
	}

	private static final List<String> NEW_COLUMNS = List.of("id", "email", "email_key", "first_name", "last_name",
			"job_title", "notifications", "search_text", "sort_key", "created_at");

	private static final int[] NEW_TYPES = { java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
			java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
			java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.TIMESTAMP_WITH_TIMEZONE };

	/**
	 * Creates accounts without passwords at once (an import; COPY on PostgreSQL); nothing
	 * is hashed.
	 */
	public void createAll(List<NewAccount> accounts, Instant now) {
		List<Object[]> rows = new java.util.ArrayList<>(accounts.size());
		var at = Times.sql(now);
		String notifications = Notification.encode(Notification.DEFAULTS);
		for (NewAccount a : accounts) {
			rows.add(new Object[] { a.id(), a.email().display(), a.email().key(), a.firstName(), a.lastName(),
					a.jobTitle(), notifications, SearchText.of(a.firstName(), a.lastName(), a.email().display()),
					SearchText.sortKey(a.firstName(), a.lastName()), at });
		}
		this.bulk.into("accounts", NEW_COLUMNS, NEW_TYPES, rows);
	}

	/**
	 * New names and job titles for several accounts at once (a roster that changed them).
	 */
	public void renameAll(List<NewAccount> accounts) {
		List<Object[]> rows = new java.util.ArrayList<>(accounts.size());
		List<AccountSearchKeysChanged.Keys> keys = new java.util.ArrayList<>(accounts.size());
		for (NewAccount a : accounts) {
			String searchText = SearchText.of(a.firstName(), a.lastName(), a.email().display());
			String sortKey = SearchText.sortKey(a.firstName(), a.lastName());
			rows.add(new Object[] { a.firstName(), a.lastName(), a.jobTitle(), searchText, sortKey, a.id() });
			keys.add(new AccountSearchKeysChanged.Keys(a.id(), sortKey, searchText));
		}
		this.batches.batchUpdate("""
				UPDATE accounts SET first_name = ?, last_name = ?, job_title = ?, search_text = ?, sort_key = ?,
				       version = version + 1 WHERE id = ?""", rows,
				new int[] { java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
						java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR });
		searchKeysChanged(keys);
	}

	// Copies of the keys kept elsewhere for searching (role assignments) follow in this
	// transaction.
	private void searchKeysChanged(List<AccountSearchKeysChanged.Keys> keys) {
		if (!keys.isEmpty()) {
			this.events.publishEvent(new AccountSearchKeysChanged(keys));
		}
	}

	public void createOperator(EmailAddress email, String passwordHash, Instant now) {
		this.jdbc.sql("""
				INSERT INTO accounts (id, email, email_key, first_name, last_name, password_hash, operator,
				                      notifications, search_text, sort_key, created_at)
				VALUES (?, ?, ?, 'Staffroom', 'Operator', ?, TRUE, ?, ?, ?, ?)""")
			.params(SecretTokens.newId(), email.display(), email.key(), passwordHash,
					Notification.encode(Notification.DEFAULTS), SearchText.of("Staffroom", "Operator", email.display()),
					SearchText.sortKey("Staffroom", "Operator"), Times.sql(now))
			.update();
	}

	/**
	 * Contact details and preferences; the email changes only through
	 * {@link #changeEmail}.
	 */
	public void updateDetails(String id, String firstName, String lastName, String jobTitle, String phone,
			Set<Notification> notifications) {
		Account current = find(id).orElseThrow();
		String searchText = SearchText.of(firstName, lastName, current.email());
		String sortKey = SearchText.sortKey(firstName, lastName);
		this.jdbc.sql("""
				UPDATE accounts SET first_name = ?, last_name = ?, job_title = ?, phone = ?, notifications = ?,
				       search_text = ?, sort_key = ?, version = version + 1
				WHERE id = ?""")
			.params(firstName, lastName, jobTitle, phone, Notification.encode(notifications), searchText, sortKey, id)
			.update();
		searchKeysChanged(List.of(new AccountSearchKeysChanged.Keys(id, sortKey, searchText)));
	}

	public void changeEmail(String id, EmailAddress email) {
		Account current = find(id).orElseThrow();
		String searchText = SearchText.of(current.firstName(), current.lastName(), email.display());
		this.jdbc.sql("""
				UPDATE accounts SET email = ?, email_key = ?, search_text = ?, version = version + 1 WHERE id = ?""")
			.params(email.display(), email.key(), searchText, id)
			.update();
		searchKeysChanged(List.of(new AccountSearchKeysChanged.Keys(id,
				SearchText.sortKey(current.firstName(), current.lastName()), searchText)));
	}

	/**
	 * Marks a change shown with the account (a pending email, say), so that its ETag
	 * moves on.
	 */
	public void touch(String id) {
		this.jdbc.sql("UPDATE accounts SET version = version + 1 WHERE id = ?").param(id).update();
	}

	public Optional<String> passwordHash(String id) {
		return this.jdbc.sql("SELECT password_hash FROM accounts WHERE id = ?")
			.param(id)
			.query(String.class)
			.optional();
	}

	public void setPasswordHash(String id, String hash) {
		this.jdbc.sql("UPDATE accounts SET password_hash = ?, version = version + 1 WHERE id = ?")
			.params(hash, id)
			.update();
	}

	public boolean anyOperator() {
		return this.jdbc.sql("SELECT COUNT(*) FROM accounts WHERE operator = TRUE").query(Long.class).single() > 0;
	}

	public boolean emailTaken(String emailKey, String exceptAccountId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM accounts WHERE email_key = ? AND id <> ?")
			.params(emailKey, exceptAccountId == null ? "" : exceptAccountId)
			.query(Long.class)
			.single() > 0;
	}

	private static Account map(ResultSet rs, int row) throws SQLException {
		return new Account(rs.getString("id"), rs.getString("email"), rs.getString("email_key"),
				rs.getString("first_name"), rs.getString("last_name"), rs.getString("job_title"), rs.getString("phone"),
				rs.getBoolean("operator"), Notification.decode(rs.getString("notifications")), rs.getInt("version"),
				rs.getBoolean("has_password"));
	}

}
