package org.staffroom.invitations;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.system.jdbc.BulkInsert;
import org.staffroom.system.security.SecretTokens;
import org.staffroom.system.jdbc.Times;

/** The invitations table. Links are kept only as the SHA-256 of their token. */
@Repository
public class Invitations {

	private static final String COLUMNS = "id, organisation_id, account_id, status, invited_by, created_at, expires_at, ended_at";

	private final JdbcClient jdbc;

	private final BulkInsert bulk;

	Invitations(JdbcClient jdbc, BulkInsert bulk) {
		this.jdbc = jdbc;
		this.bulk = bulk;
	}

	public Optional<Invitation> find(String organisationId, String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM invitations WHERE organisation_id = ? AND id = ?")
			.params(organisationId, id)
			.query((rs, i) -> map(rs))
			.optional();
	}

	public Optional<Invitation> findByToken(String token) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM invitations WHERE token_hash = ?")
			.param(SecretTokens.hash(token == null ? "" : token))
			.query((rs, i) -> map(rs))
			.optional();
	}

	/** Whether the token is an old link of an invitation that was resent since. */
	public boolean isRetiredToken(String token) {
		return this.jdbc.sql("SELECT COUNT(*) FROM retired_invitation_tokens WHERE token_hash = ?")
			.param(SecretTokens.hash(token == null ? "" : token))
			.query(Long.class)
			.single() > 0;
	}

	/** The newest invitation of a member. */
	public Optional<Invitation> latestFor(String organisationId, String accountId) {
		return this.jdbc
			.sql("SELECT " + COLUMNS
					+ " FROM invitations WHERE organisation_id = ? AND account_id = ? ORDER BY created_at DESC, id")
			.params(organisationId, accountId)
			.query((rs, i) -> map(rs))
			.list()
			.stream()
			.findFirst();
	}

	public List<Invitation> ofOrganisation(String organisationId, String storedStatus) {
		String filter = (storedStatus == null) ? "" : " AND status = ?";
		var spec = this.jdbc
			.sql("SELECT " + COLUMNS + " FROM invitations WHERE organisation_id = ?" + filter
					+ " ORDER BY created_at DESC, id")
			.param(organisationId);
		if (storedStatus != null) {
			spec = spec.param(storedStatus);
		}
		return spec.query((rs, i) -> map(rs)).list();
	}

	public void create(String id, String organisationId, String accountId, String token, String invitedBy, Instant now,
			Instant expiresAt) {
		this.jdbc.sql("""
				INSERT INTO invitations (id, organisation_id, account_id, token_hash, status, invited_by, created_at,
				                         expires_at) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)""")
			.params(id, organisationId, accountId, SecretTokens.hash(token), invitedBy, Times.sql(now),
					Times.sql(expiresAt))
			.update();
	}

	/** A new invitation for {@link #createAll}. */
	record NewInvitation(String id, String accountId, String token) {
	}

	private static final List<String> NEW_COLUMNS = List.of("id", "organisation_id", "account_id", "token_hash",
			"status", "invited_by", "created_at", "expires_at");

	private static final int[] NEW_TYPES = { java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
			java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
			java.sql.Types.TIMESTAMP_WITH_TIMEZONE, java.sql.Types.TIMESTAMP_WITH_TIMEZONE };

	/** Creates pending invitations at once (COPY on PostgreSQL). */
	void createAll(String organisationId, List<NewInvitation> invitations, String invitedBy, Instant now,
			Instant expiresAt) {
		List<Object[]> rows = new java.util.ArrayList<>(invitations.size());
		var created = Times.sql(now);
		var expires = Times.sql(expiresAt);
		for (NewInvitation i : invitations) {
			rows.add(new Object[] { i.id(), organisationId, i.accountId(), SecretTokens.hash(i.token()), "pending",
					invitedBy, created, expires });
		}
		this.bulk.into("invitations", NEW_COLUMNS, NEW_TYPES, rows);
	}

	/**
	 * A new link: the old token stops working at once, and answers "used" from now on.
	 */
	public void renew(String id, String token, Instant now, Instant expiresAt) {
		this.jdbc.sql("""
				INSERT INTO retired_invitation_tokens (token_hash, invitation_id, retired_at)
				SELECT token_hash, id, ? FROM invitations WHERE id = ?""").params(Times.sql(now), id).update();
		this.jdbc.sql(
				"UPDATE invitations SET token_hash = ?, status = 'pending', created_at = ?, expires_at = ? WHERE id = ?")
			.params(SecretTokens.hash(token), Times.sql(now), Times.sql(expiresAt), id)
			.update();
	}

	/**
	 * Ends a pending invitation; false when it was no longer pending (someone else got
	 * there first).
	 */
	public boolean end(String id, String status, Instant now) {
		return this.jdbc.sql("""
				UPDATE invitations SET status = ?, ended_at = ? WHERE id = ? AND status = 'pending'""")
			.params(status, Times.sql(now), id)
			.update() == 1;
	}

	private static Invitation map(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Invitation(rs.getString("id"), rs.getString("organisation_id"), rs.getString("account_id"),
				rs.getString("status"), rs.getString("invited_by"), instant(rs, "created_at"),
				instant(rs, "expires_at"), instant(rs, "ended_at"));
	}

	private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
		return Times.instant(rs.getObject(column, OffsetDateTime.class));
	}

}
