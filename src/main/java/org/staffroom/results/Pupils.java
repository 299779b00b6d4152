package org.staffroom.results;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.accounts.SearchText;
import org.staffroom.system.jdbc.BulkInsert;
import org.staffroom.system.security.SecretTokens;
import org.staffroom.system.jdbc.Times;

/**
 * The pupils table. Pupils are only ever read for classes that the caller has been
 * allowed to see: the methods take the class ids (decided by the engine), never
 * "everything, then filter".
 */
@Repository
public class Pupils {

	private static final String COLUMNS = "id, organisation_id, class_id, external_id, first_name, last_name, source_id, version";

	private final JdbcClient jdbc;

	private final org.springframework.jdbc.core.JdbcTemplate batches;

	private final BulkInsert bulk;

	Pupils(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate batches, BulkInsert bulk) {
		this.jdbc = jdbc;
		this.batches = batches;
		this.bulk = bulk;
	}

	public Optional<Pupil> find(String organisationId, String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM pupils WHERE organisation_id = ? AND id = ?")
			.params(organisationId, id)
			.query((rs, i) -> map(rs))
			.optional();
	}

	public Optional<Pupil> findByExternalId(String organisationId, String externalId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM pupils WHERE organisation_id = ? AND external_id = ?")
			.params(organisationId, externalId)
			.query((rs, i) -> map(rs))
			.optional();
	}

	/**
	 * The pupils with these external ids, by external id (for checking a results file in
	 * one query per chunk).
	 */
	public Map<String, Pupil> byExternalIds(String organisationId, Collection<String> externalIds) {
		Map<String, Pupil> found = new HashMap<>();
		List<String> all = new ArrayList<>(externalIds);
		for (int from = 0; from < all.size(); from += 500) {
			List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
			this.jdbc.sql("SELECT " + COLUMNS + " FROM pupils WHERE organisation_id = :org AND external_id IN (:ids)")
				.param("org", organisationId)
				.param("ids", chunk)
				.query((rs, i) -> map(rs))
				.list()
				.forEach((p) -> found.put(p.externalId(), p));
		}
		return found;
	}

	/** The pupils with these OneRoster sourcedIds, by sourcedId. */
	public Map<String, Pupil> bySourceIds(String organisationId, Collection<String> sourceIds) {
		Map<String, Pupil> found = new HashMap<>();
		List<String> all = new ArrayList<>(sourceIds);
		for (int from = 0; from < all.size(); from += 500) {
			List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
			this.jdbc.sql("SELECT " + COLUMNS + " FROM pupils WHERE organisation_id = :org AND source_id IN (:ids)")
				.param("org", organisationId)
				.param("ids", chunk)
				.query((rs, i) -> map(rs))
				.list()
				.forEach((p) -> found.put(p.sourceId(), p));
		}
		return found;
	}

	public boolean externalIdTaken(String organisationId, String externalId, String exceptId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM pupils WHERE organisation_id = ? AND external_id = ? AND id <> ?")
			.params(organisationId, externalId, exceptId == null ? "" : exceptId)
			.query(Long.class)
			.single() > 0;
	}

	public Pupil create(String organisationId, String classId, String externalId, String firstName, String lastName,
			String sourceId, Instant now) {
		String id = SecretTokens.newId();
		this.jdbc.sql("""
				INSERT INTO pupils (id, organisation_id, class_id, external_id, first_name, last_name, source_id,
				                    search_text, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(id, organisationId, classId, externalId, firstName, lastName, sourceId,
					searchText(firstName, lastName, externalId), Times.sql(now))
			.update();
		return new Pupil(id, organisationId, classId, externalId, firstName, lastName, sourceId, 0);
	}

	/**
	 * Changes a pupil's details and class. A move to another class changes what every
	 * assessment's totals hold, so the organisation's assessments are told (their cached
	 * totals reload).
	 */
	public void update(Pupil pupil, String classId, String externalId, String firstName, String lastName) {
		this.jdbc.sql("""
				UPDATE pupils SET class_id = ?, external_id = ?, first_name = ?, last_name = ?, search_text = ?,
				                  version = version + 1
				WHERE id = ?""")
			.params(classId, externalId, firstName, lastName, searchText(firstName, lastName, externalId), pupil.id())
			.update();
		if (!classId.equals(pupil.classId())) {
			this.jdbc.sql("UPDATE results SET class_id = ? WHERE pupil_id = ?").params(classId, pupil.id()).update();
			resultsChanged(pupil.organisationId());
		}
	}

	/**
	 * Removes a pupil and their results (a leaver, or a OneRoster row marked
	 * tobedeleted).
	 */
	public void remove(Pupil pupil) {
		int results = this.jdbc.sql("DELETE FROM results WHERE pupil_id = ?").param(pupil.id()).update();
		this.jdbc.sql("DELETE FROM pupils WHERE id = ?").param(pupil.id()).update();
		if (results > 0) {
			resultsChanged(pupil.organisationId());
		}
	}

	/** Every assessment of the organisation: its totals are to be read again. */
	void resultsChanged(String organisationId) {
		this.jdbc.sql("UPDATE assessments SET results_version = results_version + 1 WHERE organisation_id = ?")
			.param(organisationId)
			.update();
	}

	private static final List<String> NEW_COLUMNS = List.of("id", "organisation_id", "class_id", "external_id",
			"first_name", "last_name", "source_id", "search_text", "created_at");

	private static final int[] NEW_TYPES = { Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
			Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.TIMESTAMP_WITH_TIMEZONE };

	/**
	 * Creates many pupils at once (a roster import; COPY on PostgreSQL); the caller chose
	 * their ids.
	 */
	public void createAll(List<Pupil> pupils, Instant now) {
		var at = Times.sql(now);
		List<Object[]> rows = new ArrayList<>(pupils.size());
		for (Pupil p : pupils) {
			rows.add(row(p, at));
		}
		this.bulk.into("pupils", NEW_COLUMNS, NEW_TYPES, rows);
	}

	private static Object[] row(Pupil p, java.time.OffsetDateTime at) {
		return new Object[] { p.id(), p.organisationId(), p.classId(), p.externalId(), p.firstName(), p.lastName(),
				p.sourceId(), searchText(p.firstName(), p.lastName(), p.externalId()), at };
	}

	/**
	 * Changes many pupils at once (each to the details given with its id); when any of
	 * them moved class, the organisation's assessments are told once.
	 */
	public void updateAll(String organisationId, List<Pupil> changed, boolean anyMovedClass) {
		List<Object[]> rows = new ArrayList<>(changed.size());
		for (Pupil p : changed) {
			rows.add(new Object[] { p.classId(), p.externalId(), p.firstName(), p.lastName(),
					searchText(p.firstName(), p.lastName(), p.externalId()), p.id(), organisationId });
		}
		this.batches.batchUpdate("""
				UPDATE pupils SET class_id = ?, external_id = ?, first_name = ?, last_name = ?, search_text = ?,
				                  version = version + 1
				WHERE id = ? AND organisation_id = ?""", rows,
				new int[] { java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
						java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
						java.sql.Types.VARCHAR });
		if (anyMovedClass) {
			// Each result follows its pupil's class (a no-op for pupils who stayed).
			this.batches.batchUpdate("UPDATE results SET class_id = ? WHERE pupil_id = ? AND class_id <> ?",
					changed.stream().map((p) -> new Object[] { p.classId(), p.id(), p.classId() }).toList());
			resultsChanged(organisationId);
		}
	}

	/** Removes many pupils and their results at once (roster rows marked tobedeleted). */
	public void removeAll(String organisationId, Collection<String> ids) {
		if (ids.isEmpty()) {
			return;
		}
		List<Object[]> rows = ids.stream().map((id) -> new Object[] { id }).toList();
		this.batches.batchUpdate("DELETE FROM results WHERE pupil_id = ?", rows);
		this.batches.batchUpdate("DELETE FROM pupils WHERE id = ?", rows);
		resultsChanged(organisationId);
	}

	/** Whether the organisation has any pupil at all. */
	public boolean anyIn(String organisationId) {
		return !this.jdbc.sql("SELECT id FROM pupils WHERE organisation_id = ?")
			.param(organisationId)
			.withMaxRows(1)
			.query(String.class)
			.list()
			.isEmpty();
	}

	/**
	 * Every pupil of the organisation that came from a roster, one at a time (a bulk
	 * roster compares them).
	 */
	public void forEachFromRoster(String organisationId, java.util.function.Consumer<Pupil> each) {
		this.jdbc.sql("SELECT " + COLUMNS + " FROM pupils WHERE organisation_id = ? AND source_id IS NOT NULL")
			.param(organisationId)
			.query((rs) -> {
				each.accept(map(rs));
			});
	}

	static String searchText(String firstName, String lastName, String externalId) {
		String text = SearchText.fold(firstName + " " + lastName + " " + externalId);
		return text.length() > 1000 ? text.substring(0, 1000) : text;
	}

	static Pupil map(ResultSet rs) throws SQLException {
		return new Pupil(rs.getString("id"), rs.getString("organisation_id"), rs.getString("class_id"),
				rs.getString("external_id"), rs.getString("first_name"), rs.getString("last_name"),
				rs.getString("source_id"), rs.getInt("version"));
	}

}
