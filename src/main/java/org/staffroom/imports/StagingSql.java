package org.staffroom.imports;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.staffroom.system.jdbc.BulkInsert;

/**
 * The roster staging's statements: paged reads, bulk writes, ANALYZE, each timed at debug
 * level.
 */
final class StagingSql {

	private static final Logger log = LoggerFactory.getLogger(RosterStaging.class);

	final JdbcTemplate jdbc;

	// Reads a page of rows at a time (PostgreSQL otherwise fetches a whole result before
	// the first row).
	private final JdbcTemplate paged;

	final BulkInsert bulk;

	private final PlannerStatistics statistics;

	final boolean postgres;

	StagingSql(JdbcTemplate jdbc, BulkInsert bulk, PlannerStatistics statistics, boolean postgres) {
		this.jdbc = jdbc;
		this.paged = new JdbcTemplate(jdbc.getDataSource());
		this.paged.setFetchSize(1_000);
		this.bulk = bulk;
		this.statistics = statistics;
		this.postgres = postgres;
	}

	/**
	 * Reads {@code sql}'s rows a page at a time into {@code each}, logging how long it
	 * took at debug level; whether there was any row.
	 */
	boolean read(String step, String sql, RowCallbackHandler each, Object... params) {
		boolean[] any = { false };
		timed(step, () -> this.paged.query(sql, (java.sql.ResultSet rs) -> {
			any[0] = true;
			each.processRow(rs);
		}, params));
		return any[0];
	}

	/**
	 * Runs one step, logging how long it took at debug level (where an import's check
	 * spends its time).
	 */
	static void timed(String step, Runnable run) {
		long started = System.nanoTime();
		run.run();
		if (log.isDebugEnabled()) {
			log.debug("{}: {} ms", step, (System.nanoTime() - started) / 1_000_000);
		}
	}

	void analyze(String table) {
		// Temporary tables get no statistics unless asked, and the checks' joins are
		// planned from them.
		timed("staging: ANALYZE " + table, () -> this.statistics.sample(table));
	}

	/**
	 * Code-point order for sourcedIds on PostgreSQL too (H2 compares them so already),
	 * whatever its collation.
	 */
	String ordinal() {
		return this.postgres ? " COLLATE \"C\"" : "";
	}

}
