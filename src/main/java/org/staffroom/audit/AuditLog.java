package org.staffroom.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.system.security.Acting;
import org.staffroom.system.jdbc.BulkInsert;
import org.staffroom.system.jdbc.Times;

/**
 * The audit_entries table. Entries are written in the transaction of each change, so a
 * change and its entry commit together: {@link AuditedChanges} listens to the modules'
 * typed events and turns each into its {@link Row} (docs/audit.md lists them). There is
 * no update and no delete: the product offers no way to edit or remove an entry.
 */
@Repository
public class AuditLog {

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	private final Clock clock;

	private final BulkInsert bulk;

	AuditLog(JdbcClient jdbc, BulkInsert bulk, ObjectMapper json, Clock clock) {
		this.bulk = bulk;
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * One entry as written: where, who, what and about whom, and the state before and
	 * after (small maps of the fields that matter, or null).
	 */
	record Row(String organisationId, Acting actor, String action, String targetId, String targetLabel,
			Map<String, Object> before, Map<String, Object> after) {
	}

	/**
	 * Records in a transaction of its own, for what must stay though the request fails (a
	 * wrong second-factor code).
	 */
	@org.springframework.transaction.annotation.Transactional(
			propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
	void recordOnItsOwn(Row row) {
		record(row);
	}

	void record(Row row) {
		this.jdbc.sql("""
				INSERT INTO audit_entries (organisation_id, at, actor_id, actor_label, via, action, target_id,
				                           target_label, before_state, after_state)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(row.organisationId(), Times.sql(this.clock.instant()), row.actor().accountId(), row.actor().label(),
					row.actor().via().key(), row.action(), row.targetId(), row.targetLabel(), write(row.before()),
					write(row.after()))
			.update();
	}

	/** Many entries of one bulk operation in one batch (COPY on PostgreSQL). */
	void recordAll(List<Row> batch) {
		if (batch.isEmpty()) {
			return;
		}
		var at = Times.sql(this.clock.instant());
		List<Object[]> rows = new ArrayList<>(batch.size());
		for (Row row : batch) {
			rows.add(new Object[] { row.organisationId(), at, row.actor().accountId(), row.actor().label(),
					row.actor().via().key(), row.action(), row.targetId(), row.targetLabel(), write(row.before()),
					write(row.after()) });
		}
		this.bulk.into("audit_entries", BATCH_COLUMNS, BATCH_TYPES, rows);
	}

	private static final List<String> BATCH_COLUMNS = List.of("organisation_id", "at", "actor_id", "actor_label", "via",
			"action", "target_id", "target_label", "before_state", "after_state");

	private static final int[] BATCH_TYPES = { java.sql.Types.VARCHAR, java.sql.Types.TIMESTAMP_WITH_TIMEZONE,
			java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
			java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR };

	public record Entry(long id, Instant at, String actor, String actorLabel, String via, String action, String target,
			String targetLabel, Object before, Object after) {
	}

	public record Filter(String organisationId, String actorId, String targetId, String action, Instant from,
			Instant to, int page, int size) {
	}

	public record Page(List<Entry> entries, long total) {
	}

	public Page find(Filter filter) {
		StringBuilder where = new StringBuilder(" FROM audit_entries WHERE organisation_id = :org");
		Map<String, Object> params = new java.util.HashMap<>();
		params.put("org", filter.organisationId());
		if (filter.actorId() != null) {
			where.append(" AND actor_id = :actor");
			params.put("actor", filter.actorId());
		}
		if (filter.targetId() != null) {
			where.append(" AND target_id = :target");
			params.put("target", filter.targetId());
		}
		if (filter.action() != null) {
			where.append(" AND action = :action");
			params.put("action", filter.action());
		}
		if (filter.from() != null) {
			where.append(" AND at >= :from");
			params.put("from", Times.sql(filter.from()));
		}
		if (filter.to() != null) {
			where.append(" AND at < :to");
			params.put("to", Times.sql(filter.to()));
		}
		long total = this.jdbc.sql("SELECT COUNT(*)" + where).params(params).query(Long.class).single();
		params.put("limit", filter.size());
		params.put("offset", (long) (filter.page() - 1) * filter.size());
		List<Entry> entries = new ArrayList<>(this.jdbc
			.sql("SELECT id, at, actor_id, actor_label, via, action, "
					+ "target_id, target_label, before_state, after_state" + where
					+ " ORDER BY id DESC LIMIT :limit OFFSET :offset")
			.params(params)
			.query((rs, i) -> new Entry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
					rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
					rs.getString(8), read(rs.getString(9)), read(rs.getString(10))))
			.list());
		return new Page(entries, total);
	}

	private String write(Map<String, Object> state) {
		return (state == null) ? null : this.json.writeValueAsString(state);
	}

	private Object read(String stored) {
		return (stored == null) ? null : this.json.readTree(stored);
	}

}
