package org.staffroom.system.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * Writes many new rows into one table at once, in the caller's transaction (so a bulk
 * change stays all or nothing): on PostgreSQL with one {@code COPY … FROM STDIN} through
 * the driver's copy API, elsewhere (H2) with one batched INSERT. COPY skips the
 * per-statement work of an INSERT (parsing, binding, a round trip per batch) and is
 * several times faster for the thousands of rows of an import; the rows still go through
 * the table's constraints, indexes, foreign keys and defaults (a column left out gets its
 * default, an identity its next value).
 *
 * <p>
 * Values are written in COPY's text format: {@code null} as {@code \N}, and a backslash,
 * tab, newline or carriage return inside a value escaped, so that any text (the literal
 * two characters {@code \N}, a formula such as {@code =1+1}, any Unicode) is stored
 * exactly as given. Instants and {@link OffsetDateTime}s are written as ISO timestamps
 * with their offset, booleans as t or f.
 */
@Component
public class BulkInsert {

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx",
			Locale.ROOT);

	/**
	 * Bytes sent to the server at a time while a COPY runs (the server works while more
	 * is built).
	 */
	private static final int CHUNK_CHARS = 64 * 1024;

	private final JdbcTemplate batches;

	private final boolean postgres;

	public BulkInsert(JdbcTemplate batches, DatabaseProduct database) {
		this.batches = batches;
		this.postgres = database.postgres();
	}

	/** Whether rows go in by COPY (PostgreSQL) rather than by batched INSERTs. */
	public boolean copies() {
		return this.postgres;
	}

	/**
	 * Inserts {@code rows} into {@code table}: each row holds one value per column, in
	 * the order of {@code columns}; {@code types} are the columns' {@link java.sql.Types}
	 * (used by the batched INSERT, which must name the type of a null). Runs in the
	 * caller's transaction.
	 * @throws org.springframework.dao.DataAccessException as an INSERT would (a
	 * constraint violated, a value too long); the transaction is then to be rolled back
	 */
	public void into(String table, List<String> columns, int[] types, List<Object[]> rows) {
		if (rows.isEmpty()) {
			return;
		}
		Rows writing = open(table, columns, types);
		boolean written = false;
		try {
			for (Object[] row : rows) {
				writing.add(row);
			}
			writing.close();
			written = true;
		}
		finally {
			if (!written) {
				writing.abandon();
			}
		}
	}

	/**
	 * Starts writing rows into {@code table} as they come, for a caller that makes them
	 * one by one (and need not hold them all): on PostgreSQL one COPY that the server
	 * carries out while the caller makes the next rows; elsewhere batched INSERTs of a
	 * thousand rows. Until it is closed, no other statement may run in the transaction
	 * (its connection is busy with the COPY).
	 */
	public Rows open(String table, List<String> columns, int[] types) {
		if (columns.size() != types.length) {
			throw new IllegalArgumentException("one type per column");
		}
		return new Rows(table, columns, types);
	}

	/**
	 * Rows being written into one table; {@link #close()} finishes (and, on PostgreSQL,
	 * ends the COPY).
	 */
	public final class Rows implements AutoCloseable {

		private final String table;

		private final List<String> columns;

		private final int[] types;

		private final String sql;

		private final List<Object[]> batch = new java.util.ArrayList<>();

		private final StringBuilder text = new StringBuilder(CHUNK_CHARS + 1024);

		private Connection connection;

		private CopyIn copy;

		private long count;

		private OffsetDateTime lastTime;

		private String lastTimeText;

		private Rows(String table, List<String> columns, int[] types) {
			this.table = table;
			this.columns = columns;
			this.types = types;
			this.sql = BulkInsert.this.postgres ? "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN"
					: "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
							+ String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
		}

		/** Adds one row: a value per column. */
		public void add(Object... row) {
			if (row.length != this.columns.size()) {
				throw new IllegalArgumentException(
						"a row of " + row.length + " values for " + this.columns.size() + " columns of " + this.table);
			}
			this.count++;
			if (!BulkInsert.this.postgres) {
				this.batch.add(row);
				if (this.batch.size() == 1_000) {
					flushBatch();
				}
				return;
			}
			for (int i = 0; i < row.length; i++) {
				if (i > 0) {
					this.text.append('\t');
				}
				if (row[i] instanceof OffsetDateTime time) {
					// The rows of one bulk write mostly share their times: each is
					// formatted once.
					if (!time.equals(this.lastTime)) {
						this.lastTime = time;
						this.lastTimeText = TIMESTAMP.format(time);
					}
					this.text.append(this.lastTimeText);
				}
				else {
					append(this.text, row[i]);
				}
			}
			this.text.append('\n');
			if (this.text.length() >= CHUNK_CHARS) {
				send();
			}
		}

		/** How many rows were added so far. */
		public long count() {
			return this.count;
		}

		private void flushBatch() {
			if (!this.batch.isEmpty()) {
				BulkInsert.this.batches.batchUpdate(this.sql, this.batch, this.types);
				this.batch.clear();
			}
		}

		private void send() {
			if (this.text.length() == 0) {
				return;
			}
			try {
				if (this.copy == null) {
					this.connection = DataSourceUtils.getConnection(BulkInsert.this.batches.getDataSource());
					this.copy = this.connection.unwrap(PGConnection.class).getCopyAPI().copyIn(this.sql);
				}
				byte[] bytes = this.text.toString().getBytes(StandardCharsets.UTF_8);
				this.text.setLength(0);
				this.copy.writeToCopy(bytes, 0, bytes.length);
			}
			catch (SQLException ex) {
				abandon();
				throw translate(ex);
			}
		}

		/**
		 * Writes what is left and ends the COPY; when that fails (or was never reached
		 * because of a failure), the COPY is cancelled, so that the transaction can be
		 * rolled back.
		 */
		@Override
		public void close() {
			if (!BulkInsert.this.postgres) {
				flushBatch();
				return;
			}
			try {
				send();
				if (this.copy != null) {
					this.copy.endCopy();
				}
			}
			catch (SQLException ex) {
				throw translate(ex);
			}
			finally {
				abandon();
			}
		}

		/**
		 * Stops after a failure elsewhere, leaving out what was not yet sent and
		 * cancelling the COPY (the connection can then roll back); the transaction is to
		 * be rolled back.
		 */
		public void abandon() {
			this.batch.clear();
			this.text.setLength(0);
			try {
				if (this.copy != null && this.copy.isActive()) {
					this.copy.cancelCopy();
				}
			}
			catch (SQLException ex) {
				// The failure that led here is the one to report.
			}
			finally {
				this.copy = null;
				if (this.connection != null) {
					DataSourceUtils.releaseConnection(this.connection, BulkInsert.this.batches.getDataSource());
					this.connection = null;
				}
			}
		}

		private RuntimeException translate(SQLException ex) {
			RuntimeException translated = BulkInsert.this.batches.getExceptionTranslator()
				.translate("COPY into " + this.table, this.sql, ex);
			return translated != null ? translated : new IllegalStateException(ex);
		}

	}

	private static boolean special(char c) {
		return c == '\\' || c == '\t' || c == '\n' || c == '\r';
	}

	/** One value in COPY's text format. */
	static void append(StringBuilder text, Object value) {
		if (value == null) {
			text.append("\\N");
		}
		else if (value instanceof OffsetDateTime time) {
			text.append(TIMESTAMP.format(time));
		}
		else if (value instanceof Instant instant) {
			text.append(TIMESTAMP.format(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC)));
		}
		else if (value instanceof Boolean flag) {
			text.append(flag ? 't' : 'f');
		}
		else if (value instanceof java.math.BigDecimal decimal) {
			text.append(decimal.toPlainString());
		}
		else if (value instanceof Number number) {
			text.append(number);
		}
		else {
			escape(text, value.toString());
		}
	}

	private static void escape(StringBuilder text, String value) {
		int first = 0;
		while (first < value.length() && !special(value.charAt(first))) {
			first++;
		}
		text.append(value, 0, first);
		for (int i = first; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> text.append("\\\\");
				case '\t' -> text.append("\\t");
				case '\n' -> text.append("\\n");
				case '\r' -> text.append("\\r");
				default -> text.append(c);
			}
		}
	}

}
