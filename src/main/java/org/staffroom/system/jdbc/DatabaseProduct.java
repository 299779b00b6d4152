package org.staffroom.system.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

/**
 * Which database this node talks to, asked once at start-up. The SQL is the same on both;
 * only a few PostgreSQL features are used when present (LISTEN/NOTIFY, COPY, ANALYZE),
 * and H2 goes without.
 */
@Component
public class DatabaseProduct {

	private final boolean postgres;

	public DatabaseProduct(DataSource dataSource) {
		boolean postgres;
		try (Connection connection = dataSource.getConnection()) {
			postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
		}
		catch (SQLException ex) {
			postgres = false;
		}
		this.postgres = postgres;
	}

	/** Whether it is PostgreSQL (otherwise the embedded H2). */
	public boolean postgres() {
		return this.postgres;
	}

}
