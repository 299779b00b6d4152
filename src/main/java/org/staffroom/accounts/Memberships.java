package org.staffroom.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.access.MemberStatus;
import org.staffroom.system.jdbc.BulkInsert;
import org.staffroom.system.jdbc.Times;

/** The memberships table: who belongs to which organisation, with what status. */
@Repository
public class Memberships {

	private final JdbcClient jdbc;

	private final org.springframework.jdbc.core.JdbcTemplate batches;

	private final BulkInsert bulk;

	Memberships(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate batches, BulkInsert bulk) {
		this.jdbc = jdbc;
		this.batches = batches;
		this.bulk = bulk;
	}

	public Optional<Membership> find(String organisationId, String accountId) {
		return this.jdbc.sql("""
				SELECT organisation_id, account_id, status, main_account_holder, version
				FROM memberships WHERE organisation_id = ? AND account_id = ?""")
			.params(organisationId, accountId)
			.query((rs, i) -> new Membership(rs.getString(1), rs.getString(2),
					MemberStatus.fromKey(rs.getString(3)).orElseThrow(), rs.getBoolean(4), rs.getInt(5)))
			.optional();
	}

	public void create(String organisationId, String accountId, MemberStatus status, boolean mainAccountHolder,
			Instant now) {
		this.jdbc.sql("""
				INSERT INTO memberships (organisation_id, account_id, status, main_account_holder, created_at)
				VALUES (?, ?, ?, ?, ?)""")
			.params(organisationId, accountId, status.key(), mainAccountHolder, Times.sql(now))
			.update();
	}

	private static final List<String> NEW_COLUMNS = List.of("organisation_id", "account_id", "status",
			"main_account_holder", "created_at", "source_id");

	private static final int[] NEW_TYPES = { java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
			java.sql.Types.BOOLEAN, java.sql.Types.TIMESTAMP_WITH_TIMEZONE, java.sql.Types.VARCHAR };

	/**
	 * Creates memberships at once (COPY on PostgreSQL), each with its roster sourcedId
	 * (or null).
	 */
	public void createAll(String organisationId, List<String> accountIds, List<String> sourceIds, MemberStatus status,
			Instant now) {
		List<Object[]> rows = new java.util.ArrayList<>(accountIds.size());
		var at = Times.sql(now);
		for (int i = 0; i < accountIds.size(); i++) {
			rows.add(new Object[] { organisationId, accountIds.get(i), status.key(), Boolean.FALSE, at,
					sourceIds.get(i) });
		}
		this.bulk.into("memberships", NEW_COLUMNS, NEW_TYPES, rows);
	}

	/**
	 * Records which roster person each member is (account id to sourcedId), and moves
	 * their ETags on.
	 */
	public void setSourceIds(String organisationId, java.util.Map<String, String> sourceIdByAccount) {
		List<Object[]> rows = new java.util.ArrayList<>();
		sourceIdByAccount.forEach((account, source) -> rows.add(new Object[] { source, organisationId, account }));
		this.batches.batchUpdate("""
				UPDATE memberships SET source_id = ?, version = version + 1
				WHERE organisation_id = ? AND account_id = ?""", rows,
				new int[] { java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR });
	}

	/** Moves several members' ETags on (their roles changed). */
	public void touchAll(String organisationId, java.util.Collection<String> accountIds) {
		List<Object[]> rows = accountIds.stream().map((id) -> new Object[] { organisationId, id }).toList();
		this.batches.batchUpdate(
				"UPDATE memberships SET version = version + 1 WHERE organisation_id = ? AND account_id = ?", rows);
	}

	/**
	 * Ends several memberships at once; their role assignments go with them, as in
	 * {@link #delete}.
	 */
	public void deleteAll(String organisationId, java.util.Collection<String> accountIds) {
		List<Object[]> rows = accountIds.stream().map((id) -> new Object[] { organisationId, id }).toList();
		this.batches.batchUpdate("DELETE FROM memberships WHERE organisation_id = ? AND account_id = ?", rows);
	}

	/** The organisation's members that came from a roster: sourcedId to account id. */
	public java.util.Map<String, String> bySourceId(String organisationId) {
		java.util.Map<String, String> found = new java.util.HashMap<>();
		this.jdbc
			.sql("SELECT source_id, account_id FROM memberships WHERE organisation_id = ? AND source_id IS NOT NULL")
			.param(organisationId)
			.query((rs) -> {
				found.put(rs.getString(1), rs.getString(2));
			});
		return found;
	}

	public void setStatus(String organisationId, String accountId, MemberStatus status) {
		this.jdbc.sql("""
				UPDATE memberships SET status = ?, version = version + 1
				WHERE organisation_id = ? AND account_id = ?""")
			.params(status.key(), organisationId, accountId)
			.update();
	}

	/** Marks a change to the member (its roles, say) so that its ETag moves on. */
	public void touch(String organisationId, String accountId) {
		this.jdbc.sql("UPDATE memberships SET version = version + 1 WHERE organisation_id = ? AND account_id = ?")
			.params(organisationId, accountId)
			.update();
	}

	/**
	 * Ends a membership; its role assignments go with it. The database removes them
	 * (their foreign key to the membership is ON DELETE CASCADE, V1): ending a membership
	 * is not a change of roles that grants.AssigningRoles decides (the engine decided the
	 * removal or revocation itself), it is recorded as what it is (member.removed,
	 * invitation.revoked, with the roles held), and accounts cannot call grants, which
	 * depends on it. So no code but AssigningRoles writes role_assignments.
	 */
	public void delete(String organisationId, String accountId) {
		this.jdbc.sql("DELETE FROM memberships WHERE organisation_id = ? AND account_id = ?")
			.params(organisationId, accountId)
			.update();
	}

	/**
	 * The organisations an account belongs to (not disabled), for the organisation
	 * switcher.
	 */
	public List<String> organisationsOf(String accountId) {
		return this.jdbc.sql("""
				SELECT organisation_id FROM memberships WHERE account_id = ? AND status <> 'disabled'""")
			.param(accountId)
			.query(String.class)
			.list();
	}

	/**
	 * The organisations the account can work in now (active memberships), for the
	 * organisation switcher: an invitation not yet accepted, or a disabled membership,
	 * opens nothing there.
	 */
	public List<String> activeOrganisationsOf(String accountId) {
		return this.jdbc.sql("SELECT organisation_id FROM memberships WHERE account_id = ? AND status = 'active'")
			.param(accountId)
			.query(String.class)
			.list();
	}

	/** Every member of an organisation as a snapshot needs them. */
	public List<SnapshotMember> forSnapshot(String organisationId) {
		return this.jdbc.sql("""
				SELECT m.account_id, m.status, m.main_account_holder, a.email_key
				FROM memberships m JOIN accounts a ON a.id = m.account_id
				WHERE m.organisation_id = ?""")
			.param(organisationId)
			.query((rs, i) -> new SnapshotMember(rs.getString(1), MemberStatus.fromKey(rs.getString(2)).orElseThrow(),
					rs.getBoolean(3), rs.getString(4)))
			.list();
	}

	/**
	 * The given members of an organisation as a snapshot needs them; ids not found are
	 * not members.
	 */
	public List<SnapshotMember> forSnapshot(String organisationId, java.util.Collection<String> accountIds) {
		if (accountIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("""
				SELECT m.account_id, m.status, m.main_account_holder, a.email_key
				FROM memberships m JOIN accounts a ON a.id = m.account_id
				WHERE m.organisation_id = :org AND m.account_id IN (:ids)""")
			.param("org", organisationId)
			.param("ids", accountIds)
			.query((rs, i) -> new SnapshotMember(rs.getString(1), MemberStatus.fromKey(rs.getString(2)).orElseThrow(),
					rs.getBoolean(3), rs.getString(4)))
			.list();
	}

	/** The main account holders' names and emails, which every member may see. */
	public List<Account> mainAccountHolders(String organisationId, Accounts accounts) {
		List<String> ids = this.jdbc.sql("""
				SELECT account_id FROM memberships WHERE organisation_id = ? AND main_account_holder = TRUE""")
			.param(organisationId)
			.query(String.class)
			.list();
		return accounts.findAll(ids);
	}

	public record SnapshotMember(String accountId, MemberStatus status, boolean mainAccountHolder, String emailKey) {
	}

}
