package org.staffroom.imports;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

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

	PlannerStatistics(JdbcTemplate jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		boolean postgres;
		try (Connection connection = dataSource.getConnection()) {
			postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
		}
		catch (SQLException ex) {
			postgres = false;
		}
		this.postgres = postgres;
	}

	/** Refreshes the statistics of tables that an import has just filled (on PostgreSQL). */
	void refresh(String... tables) {
		if (this.postgres) {
			this.jdbc.execute("ANALYZE " + String.join(", ", tables));
		}
	}

}
