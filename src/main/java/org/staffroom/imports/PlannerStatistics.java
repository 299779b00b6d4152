package org.staffroom.imports;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.staffroom.system.jdbc.DatabaseProduct;

/**
 * PostgreSQL plans each foreign-key check once per connection and keeps the plan. A check
 * planned while the referenced table held a row or two (a new organisation's units, say)
 * scans that table whole, and keeps doing so after an import has put thousands of rows in
 * it: a scan per row written. ANALYZE, inside the import's transaction, counts the new
 * rows and makes PostgreSQL plan those checks again (as index look-ups). The same goes
 * for the tables an import stages its rows in. H2 needs nothing of the kind.
 */
@Component
class PlannerStatistics {

	private final JdbcTemplate jdbc;

	private final boolean postgres;

	PlannerStatistics(JdbcTemplate jdbc, DatabaseProduct database) {
		this.jdbc = jdbc;
		this.postgres = database.postgres();
	}

	/**
	 * Refreshes the statistics of tables that an import has just filled (on PostgreSQL).
	 */
	void refresh(String... tables) {
		if (this.postgres) {
			this.jdbc.execute("ANALYZE " + String.join(", ", tables));
		}
	}

	/**
	 * Gives a table of staged rows (temporary on PostgreSQL, which never analyses those
	 * by itself) the statistics of a small sample: enough to tell a hash join from a
	 * nested loop, at a tenth of the cost.
	 */
	void sample(String table) {
		if (this.postgres) {
			this.jdbc.execute("SET LOCAL default_statistics_target = 10");
			this.jdbc.execute("ANALYZE " + table);
			this.jdbc.execute("SET LOCAL default_statistics_target TO DEFAULT");
		}
	}

}
