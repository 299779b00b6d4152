package org.staffroom.members;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.system.security.SecretTokens;
import org.staffroom.system.jdbc.Times;

/** The access_requests table. */
@Repository
public class AccessRequests {

	private static final String COLUMNS = "id, organisation_id, account_id, role_key, unit_id, note, status, created_at, decided_by, decided_at";

	private final JdbcClient jdbc;

	AccessRequests(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** One request for one role at one unit. */
	public record RequestForAccess(String id, String organisationId, String memberId, String role, String unitId,
			String note, String status, Instant createdAt, String decidedBy, Instant decidedAt) {
	}

	String create(String org, String accountId, String role, String unitId, String note, Instant now) {
		String id = SecretTokens.newId();
		this.jdbc
			.sql("""
					INSERT INTO access_requests (id, organisation_id, account_id, role_key, unit_id, note, status, created_at)
					VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)""")
			.params(id, org, accountId, role, unitId, note, Times.sql(now))
			.update();
		return id;
	}

	public Optional<RequestForAccess> find(String org, String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM access_requests WHERE organisation_id = ? AND id = ?")
			.params(org, id)
			.query((rs, i) -> map(rs))
			.optional();
	}

	public List<RequestForAccess> ofOrganisation(String org, String status) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM access_requests WHERE organisation_id = ?"
					+ (status == null ? "" : " AND status = ?") + " ORDER BY created_at DESC, id")
			.params(status == null ? new Object[] { org } : new Object[] { org, status })
			.query((rs, i) -> map(rs))
			.list();
	}

	boolean pendingExists(String org, String accountId, String role, String unitId) {
		return this.jdbc.sql("""
				SELECT COUNT(*) FROM access_requests WHERE organisation_id = ? AND account_id = ? AND role_key = ?
				AND unit_id = ? AND status = 'pending'""")
			.params(org, accountId, role, unitId)
			.query(Long.class)
			.single() > 0;
	}

	/** Decides a pending request; false when it was decided already. */
	boolean decide(String id, String status, String decidedBy, Instant now) {
		return this.jdbc
			.sql("""
					UPDATE access_requests SET status = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'pending'""")
			.params(status, decidedBy, Times.sql(now), id)
			.update() == 1;
	}

	private static RequestForAccess map(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new RequestForAccess(rs.getString("id"), rs.getString("organisation_id"), rs.getString("account_id"),
				rs.getString("role_key"), rs.getString("unit_id"), rs.getString("note"), rs.getString("status"),
				Times.instant(rs.getObject("created_at", OffsetDateTime.class)), rs.getString("decided_by"),
				Times.instant(rs.getObject("decided_at", OffsetDateTime.class)));
	}

}
