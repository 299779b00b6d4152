package org.staffroom.grants;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.access.Assignment;
import org.staffroom.system.jdbc.BulkInsert;
import org.staffroom.system.security.SecretTokens;
import org.staffroom.system.jdbc.Times;

/**
 * The role_assignments table: (member, role, unit), who granted it and when. Only
 * {@link AssigningRoles} writes it (ModularityTests checks that no SQL outside
 * {@code grants} does); others read it.
 */
@Repository
public class RoleAssignments {

	private final JdbcClient jdbc;

	private final org.springframework.jdbc.core.JdbcTemplate batches;

	private final BulkInsert bulk;

	RoleAssignments(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate batches, BulkInsert bulk) {
		this.jdbc = jdbc;
		this.batches = batches;
		this.bulk = bulk;
	}

	public List<Assignment> ofOrganisation(String organisationId) {
		return this.jdbc.sql("""
				SELECT id, account_id, role_key, unit_id FROM role_assignments WHERE organisation_id = ?
				ORDER BY created_at, id""")
			.param(organisationId)
			.query((rs, i) -> new Assignment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
			.list();
	}

	/**
	 * The assignments of several members at once (one statement per page of a directory).
	 */
	public Map<String, List<Assignment>> ofMembers(String organisationId, Collection<String> accountIds) {
		if (accountIds.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql("""
				SELECT id, account_id, role_key, unit_id FROM role_assignments
				WHERE organisation_id = :org AND account_id IN (:ids) ORDER BY created_at, id""")
			.param("org", organisationId)
			.param("ids", accountIds)
			.query((rs, i) -> new Assignment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
			.list()
			.stream()
			.collect(Collectors.groupingBy(Assignment::memberId));
	}

	public List<Assignment> ofMember(String organisationId, String accountId) {
		return this.jdbc.sql("""
				SELECT id, account_id, role_key, unit_id FROM role_assignments
				WHERE organisation_id = ? AND account_id = ? ORDER BY created_at, id""")
			.params(organisationId, accountId)
			.query((rs, i) -> new Assignment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
			.list();
	}

	String add(String organisationId, String accountId, String roleKey, String unitId, String grantedBy, Instant now) {
		String id = SecretTokens.newId();
		int added = this.jdbc
			.sql("""
					INSERT INTO role_assignments (id, organisation_id, account_id, role_key, unit_id, granted_by, created_at,
					                              sort_key, search_text)
					SELECT ?, ?, a.id, ?, ?, ?, ?, a.sort_key, a.search_text FROM accounts a WHERE a.id = ?""")
			.params(id, organisationId, roleKey, unitId, grantedBy, Times.sql(now), accountId)
			.update();
		if (added != 1) {
			throw noAccount(accountId);
		}
		return id;
	}

	// The account's sort key and search text are copied with each assignment (V10: the
	// scoped member search reads them from one index). Taken from the account, an
	// assignment of an account that does not exist finds nothing to copy, which must fail
	// as loudly as the foreign key did.
	private static RuntimeException noAccount(String accountId) {
		return new org.springframework.dao.DataIntegrityViolationException("No account " + accountId);
	}

	/**
	 * Keeps the copies of accounts' sort keys and search texts in step, in the changing
	 * transaction.
	 */
	@org.springframework.context.event.EventListener
	void on(org.staffroom.accounts.AccountSearchKeysChanged changed) {
		this.batches.batchUpdate("UPDATE role_assignments SET sort_key = ?, search_text = ? WHERE account_id = ?",
				changed.accounts()
					.stream()
					.map((k) -> new Object[] { k.sortKey(), k.searchText(), k.accountId() })
					.toList(),
				new int[] { java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR });
	}

	/**
	 * A new assignment for {@link #insertAll}, with the roster sourcedId that gave it (or
	 * null).
	 */
	record NewAssignment(String id, String accountId, String roleKey, String unitId, String sourceId) {
	}

	private static final List<String> NEW_COLUMNS = List.of("id", "organisation_id", "account_id", "role_key",
			"unit_id", "granted_by", "created_at", "source_id", "sort_key", "search_text");

	private static final int[] NEW_TYPES = { java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
			java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
			java.sql.Types.TIMESTAMP_WITH_TIMEZONE, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
			java.sql.Types.VARCHAR };

	/**
	 * Adds many assignments at once (COPY on PostgreSQL), all granted by one person at
	 * one time. Each carries its account's sort key and search text (V10), read first for
	 * all of them.
	 */
	void insertAll(String organisationId, List<NewAssignment> assignments, String grantedBy, Instant now) {
		Map<String, String[]> keys = searchKeys(assignments.stream().map(NewAssignment::accountId).distinct().toList());
		var at = Times.sql(now);
		List<Object[]> rows = new java.util.ArrayList<>(assignments.size());
		for (NewAssignment a : assignments) {
			String[] k = keys.get(a.accountId());
			if (k == null) {
				throw noAccount(a.accountId());
			}
			rows.add(new Object[] { a.id(), organisationId, a.accountId(), a.roleKey(), a.unitId(), grantedBy, at,
					a.sourceId(), k[0], k[1] });
		}
		this.bulk.into("role_assignments", NEW_COLUMNS, NEW_TYPES, rows);
	}

	/**
	 * Accounts' sort keys and search texts (account id to both), 1,000 ids a statement.
	 */
	private Map<String, String[]> searchKeys(List<String> accountIds) {
		Map<String, String[]> keys = new java.util.HashMap<>();
		for (int from = 0; from < accountIds.size(); from += 1000) {
			this.jdbc.sql("SELECT id, sort_key, search_text FROM accounts WHERE id IN (:ids)")
				.param("ids", accountIds.subList(from, Math.min(accountIds.size(), from + 1000)))
				.query((rs) -> {
					keys.put(rs.getString(1), new String[] { rs.getString(2), rs.getString(3) });
				});
		}
		return keys;
	}

	/** Removes many assignments in one batch. */
	void deleteAll(Collection<String> assignmentIds) {
		this.batches.batchUpdate("DELETE FROM role_assignments WHERE id = ?",
				assignmentIds.stream().map((id) -> new Object[] { id }).toList());
	}

	/**
	 * Assignments that came from a roster: the enrolment (or role) sourcedId to the
	 * assignment id.
	 */
	public Map<String, String> bySourceId(String organisationId) {
		Map<String, String> found = new java.util.HashMap<>();
		this.jdbc.sql("SELECT source_id, id FROM role_assignments WHERE organisation_id = ? AND source_id IS NOT NULL")
			.param(organisationId)
			.query((rs) -> {
				found.put(rs.getString(1), rs.getString(2));
			});
		return found;
	}

	void remove(String assignmentId) {
		this.jdbc.sql("DELETE FROM role_assignments WHERE id = ?").param(assignmentId).update();
	}

}
