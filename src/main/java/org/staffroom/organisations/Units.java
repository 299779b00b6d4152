package org.staffroom.organisations;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.access.UnitType;
import org.staffroom.system.jdbc.BulkInsert;
import org.staffroom.system.security.SecretTokens;
import org.staffroom.system.jdbc.Times;

/** The units table: each organisation's tree. */
@Repository
public class Units {

	private static final String COLUMNS = "id, organisation_id, parent_id, type, name, source_id, archived";

	private final JdbcClient jdbc;

	private final org.springframework.jdbc.core.JdbcTemplate batches;

	private final BulkInsert bulk;

	Units(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate batches, BulkInsert bulk) {
		this.jdbc = jdbc;
		this.batches = batches;
		this.bulk = bulk;
	}

	public List<Unit> ofOrganisation(String organisationId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM units WHERE organisation_id = ? ORDER BY created_at, id")
			.param(organisationId)
			.query((rs, i) -> map(rs))
			.list();
	}

	/** The organisation's units as a tree, with the names people read. */
	public UnitTree tree(String organisationId) {
		return UnitTree.of(ofOrganisation(organisationId));
	}

	public Optional<Unit> find(String organisationId, String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM units WHERE organisation_id = ? AND id = ?")
			.params(organisationId, id)
			.query((rs, i) -> map(rs))
			.optional();
	}

	public Unit create(String organisationId, String parentId, UnitType type, String name, String sourceId,
			Instant now) {
		String id = SecretTokens.newId();
		this.jdbc.sql("""
				INSERT INTO units (id, organisation_id, parent_id, type, name, source_id, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)""")
			.params(id, organisationId, parentId, type.key(), name, sourceId, Times.sql(now))
			.update();
		return new Unit(id, organisationId, parentId, type, name, sourceId, false);
	}

	private static final List<String> NEW_COLUMNS = List.of("id", "organisation_id", "parent_id", "type", "name",
			"source_id", "created_at");

	private static final int[] NEW_TYPES = { java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
			java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
			java.sql.Types.TIMESTAMP_WITH_TIMEZONE };

	/**
	 * Creates many units at once (an import; COPY on PostgreSQL); the caller chose their
	 * ids, parents first.
	 */
	public void createAll(String organisationId, List<Unit> units, Instant now) {
		var at = Times.sql(now);
		List<Object[]> rows = new java.util.ArrayList<>(units.size());
		for (Unit u : units) {
			rows.add(new Object[] { u.id(), organisationId, u.parentId(), u.type().key(), u.name(), u.sourceId(), at });
		}
		this.bulk.into("units", NEW_COLUMNS, NEW_TYPES, rows);
	}

	/**
	 * Changes many units' names, parents and sourcedIds at once (a roster that moved or
	 * renamed them).
	 */
	public void updateAll(List<Unit> units) {
		List<Object[]> rows = units.stream()
			.map((u) -> new Object[] { u.name(), u.parentId(), u.sourceId(), u.archived(), u.id() })
			.toList();
		this.batches.batchUpdate("UPDATE units SET name = ?, parent_id = ?, source_id = ?, archived = ? WHERE id = ?",
				rows, new int[] { java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
						java.sql.Types.BOOLEAN, java.sql.Types.VARCHAR });
	}

	public boolean siblingNamed(String organisationId, String parentId, String name, String exceptId) {
		return this.jdbc
			.sql("""
					SELECT COUNT(*) FROM units
					WHERE organisation_id = ? AND parent_id = ? AND LOWER(name) = LOWER(?) AND id <> ? AND archived = FALSE""")
			.params(organisationId, parentId, name, exceptId == null ? "" : exceptId)
			.query(Long.class)
			.single() > 0;
	}

	public void rename(String id, String name) {
		this.jdbc.sql("UPDATE units SET name = ? WHERE id = ?").params(name, id).update();
	}

	public void move(String id, String parentId) {
		this.jdbc.sql("UPDATE units SET parent_id = ? WHERE id = ?").params(parentId, id).update();
	}

	public void archive(String id, boolean archived) {
		this.jdbc.sql("UPDATE units SET archived = ? WHERE id = ?").params(archived, id).update();
	}

	private static Unit map(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Unit(rs.getString("id"), rs.getString("organisation_id"), rs.getString("parent_id"),
				UnitType.fromKey(rs.getString("type")).orElseThrow(), rs.getString("name"), rs.getString("source_id"),
				rs.getBoolean("archived"));
	}

}
