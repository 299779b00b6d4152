package org.staffroom.imports;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.staffroom.system.DatabaseProduct;

/**
 * PostgreSQL plans each foreign-key check once per connection and keeps the plan. A check planned
 * while the referenced table held a row or two (a new organisation's units, say) scans that table
 * whole, and keeps doing so after an import has put thousands of rows in it: a scan per row
 * written. ANALYZE, inside the import's transaction, counts the new rows and makes PostgreSQL plan
 * those checks again (as index look-ups). H2 needs nothing of the kind.
 */
@Component
class PlannerStatistics {

	private final JdbcTemplate jdbc;

	private final boolean postgres;

	PlannerStatistics(JdbcTemplate jdbc, DatabaseProduct database) {
		this.jdbc = jdbc;
		this.postgres = database.postgres();
	}

	/** Refreshes the statistics of tables that an import has just filled (on PostgreSQL). */
	void refresh(String... tables) {
		if (this.postgres) {
			this.jdbc.execute("ANALYZE " + String.join(", ", tables));
		}
	}

}
