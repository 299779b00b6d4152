package org.staffroom.results;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.system.security.SecretTokens;
import org.staffroom.system.jdbc.Times;

/** The assessments table and each one's bands. */
@Repository
public class Assessments {

	private final JdbcClient jdbc;

	Assessments(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Assessment create(String organisationId, String name, LocalDate date, List<String> bands, String createdBy,
			Instant now) {
		String id = SecretTokens.newId();
		this.jdbc.sql("""
				INSERT INTO assessments (id, organisation_id, name, taken_on, created_by, created_at)
				VALUES (?, ?, ?, ?, ?, ?)""")
			.params(id, organisationId, name, date, createdBy, Times.sql(now))
			.update();
		for (int i = 0; i < bands.size(); i++) {
			this.jdbc.sql("INSERT INTO assessment_bands (assessment_id, seq, name) VALUES (?, ?, ?)")
				.params(id, i, bands.get(i))
				.update();
		}
		return new Assessment(id, organisationId, name, date, List.copyOf(bands), 0);
	}

	public Optional<Assessment> find(String organisationId, String id) {
		List<Assessment> found = read("a.organisation_id = ? AND a.id = ?", organisationId, id);
		return found.stream().findFirst();
	}

	/** The organisation's assessments, the latest first. */
	public List<Assessment> ofOrganisation(String organisationId) {
		return read("a.organisation_id = ?", organisationId);
	}

	/** Its results changed: every node's cached totals of it are out of date. */
	public void resultsChanged(String id) {
		this.jdbc.sql("UPDATE assessments SET results_version = results_version + 1 WHERE id = ?").param(id).update();
	}

	private List<Assessment> read(String where, Object... params) {
		Map<String, Object[]> rows = new LinkedHashMap<>();
		Map<String, List<String>> bands = new LinkedHashMap<>();
		this.jdbc.sql("""
				SELECT a.id, a.organisation_id, a.name, a.taken_on, a.results_version, b.name AS band
				FROM assessments a LEFT JOIN assessment_bands b ON b.assessment_id = a.id
				WHERE %s
				ORDER BY a.taken_on DESC, a.created_at DESC, a.id, b.seq""".formatted(where))
			.params(params)
			.query((rs) -> {
				String id = rs.getString("id");
				rows.computeIfAbsent(id, (k) -> {
					try {
						return new Object[] { rs.getString("organisation_id"), rs.getString("name"),
								rs.getObject("taken_on", LocalDate.class), rs.getLong("results_version") };
					}
					catch (java.sql.SQLException ex) {
						throw new IllegalStateException(ex);
					}
				});
				List<String> list = bands.computeIfAbsent(id, (k) -> new ArrayList<>());
				String band = rs.getString("band");
				if (band != null) {
					list.add(band);
				}
			});
		List<Assessment> all = new ArrayList<>();
		rows.forEach((id, r) -> all.add(new Assessment(id, (String) r[0], (String) r[1], (LocalDate) r[2],
				List.copyOf(bands.get(id)), (Long) r[3])));
		return all;
	}

}
