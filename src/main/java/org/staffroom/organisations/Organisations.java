package org.staffroom.organisations;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.system.jdbc.DatabaseProduct;
import org.staffroom.system.jdbc.Times;

/** The organisations table. */
@Repository
public class Organisations {

	private static final String COLUMNS = "id, name, templates, invitation_days, small_group_k, version, mfa_required";

	private final JdbcClient jdbc;

	// PostgreSQL's FOR NO KEY UPDATE: it excludes every other change of the organisation
	// as FOR UPDATE does, but not the key-share lock that inserting a row referring to
	// the organisation takes, so that an import writing its pupils before it locks the
	// organisation does not hold up changes by hand. (H2 has only FOR UPDATE, and its
	// foreign keys lock nothing.)
	private final String lock;

	Organisations(JdbcClient jdbc, DatabaseProduct database) {
		this.jdbc = jdbc;
		this.lock = database.postgres() ? "FOR NO KEY UPDATE" : "FOR UPDATE";
	}

	public Optional<Organisation> find(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM organisations WHERE id = ?")
			.param(id)
			.query((rs, i) -> map(rs))
			.optional();
	}

	public List<Organisation> findAll(Collection<String> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM organisations WHERE id IN (:ids) ORDER BY name")
			.param("ids", ids)
			.query((rs, i) -> map(rs))
			.list();
	}

	public List<Organisation> all() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM organisations ORDER BY name")
			.query((rs, i) -> map(rs))
			.list();
	}

	void create(String id, String name, List<String> templates, String createdBy, Instant now) {
		this.jdbc.sql("INSERT INTO organisations (id, name, templates, created_by, created_at) VALUES (?, ?, ?, ?, ?)")
			.params(id, name, String.join(",", templates), createdBy, Times.sql(now))
			.update();
	}

	public void updateSettings(String id, String name, int invitationDays, int smallGroupK, String mfaRequired) {
		this.jdbc
			.sql("UPDATE organisations SET name = ?, invitation_days = ?, small_group_k = ?, mfa_required = ? "
					+ "WHERE id = ?")
			.params(name, invitationDays, smallGroupK, mfaRequired, id)
			.update();
	}

	/**
	 * Locks the organisation for a change to anything an access decision depends on, so
	 * that changes to one organisation happen one at a time (rule 7 cannot be raced), and
	 * returns its version. Empty when there is no such organisation.
	 */
	public Optional<Long> lockForChange(String id) {
		return this.jdbc.sql("SELECT version FROM organisations WHERE id = ? " + this.lock)
			.param(id)
			.query(Long.class)
			.optional();
	}

	/** Moves the version on; caches on every node compare it. Returns the new version. */
	public long bumpVersion(String id) {
		this.jdbc.sql("UPDATE organisations SET version = version + 1 WHERE id = ?").param(id).update();
		return this.jdbc.sql("SELECT version FROM organisations WHERE id = ?").param(id).query(Long.class).single();
	}

	/**
	 * Current versions of the given organisations, for caches checking they are fresh.
	 */
	public java.util.Map<String, Long> versions(Collection<String> ids) {
		java.util.Map<String, Long> versions = new java.util.HashMap<>();
		if (!ids.isEmpty()) {
			this.jdbc.sql("SELECT id, version FROM organisations WHERE id IN (:ids)").param("ids", ids).query((rs) -> {
				versions.put(rs.getString(1), rs.getLong(2));
			});
		}
		return versions;
	}

	private static Organisation map(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Organisation(rs.getString("id"), rs.getString("name"),
				Arrays.stream(rs.getString("templates").split(",")).filter((t) -> !t.isBlank()).toList(),
				rs.getInt("invitation_days"), rs.getInt("small_group_k"), rs.getLong("version"),
				rs.getString("mfa_required"));
	}

}
