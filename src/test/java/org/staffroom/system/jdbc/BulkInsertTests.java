package org.staffroom.system.jdbc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.testing.ApiTestCase;
import org.staffroom.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bulk inserts store every value exactly as given: COPY's text format on PostgreSQL (the
 * suite's second run), a batched INSERT on H2. The strings are the ones that break a
 * careless COPY: its delimiter, line ends, backslashes, the literal \N that means null,
 * and the end-of-data marker, next to formulas, non-ASCII names, empty strings and nulls.
 */
class BulkInsertTests extends ApiTestCase {

	private static final List<String> HOSTILE = List.of("plain", "", " spaces around ", "tab\there", "\t",
			"line\nbreak", "\n", "carriage\rreturn", "crlf\r\nend", "back\\slash", "\\", "ends with a backslash\\",
			"\\N", "\\\\N", "\\n", "\\t literally", "\\.", "\\.\n\\.", "=1+1", "+44 20 7946 0000", "-2", "@SUM(A1:A9)",
			"=HYPERLINK(\"x\")", "Zoë Ødegård", "Núñez, Émile", "O'Brien", "\"quoted\", with a comma", "日本語の名前",
			"emoji 😀 at the end", "\u00a0non-breaking\u2028line separator", "semi;colon|pipe", "NULL", "null");

	private static final List<String> COLUMNS = List.of("id", "label", "note", "at", "flag", "amount");

	private static final int[] TYPES = { java.sql.Types.INTEGER, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
			java.sql.Types.TIMESTAMP_WITH_TIMEZONE, java.sql.Types.BOOLEAN, java.sql.Types.BIGINT };

	@Autowired
	private BulkInsert bulk;

	@Autowired
	private PlatformTransactionManager transactions;

	@BeforeEach
	void table() {
		this.jdbc.sql("DROP TABLE IF EXISTS bulk_insert_probe").update();
		this.jdbc.sql("""
				CREATE TABLE bulk_insert_probe (
				    id      INTEGER PRIMARY KEY,
				    label   VARCHAR(200) NOT NULL,
				    note    VARCHAR(200),
				    at      TIMESTAMP WITH TIME ZONE,
				    flag    BOOLEAN,
				    amount  BIGINT,
				    filled  VARCHAR(20) DEFAULT 'default')""").update();
	}

	private record Probe(int id, String label, String note, Instant at, Boolean flag, Long amount, String filled) {
	}

	private List<Probe> stored() {
		return this.jdbc.sql("SELECT id, label, note, at, flag, amount, filled FROM bulk_insert_probe ORDER BY id")
			.query((rs, i) -> new Probe(rs.getInt(1), rs.getString(2), rs.getString(3),
					Times.instant(rs.getObject(4, OffsetDateTime.class)), (Boolean) rs.getObject(5),
					rs.getObject(6) == null ? null : rs.getLong(6), rs.getString(7)))
			.list();
	}

	private void insert(List<Object[]> rows) {
		new TransactionTemplate(this.transactions)
			.executeWithoutResult((tx) -> this.bulk.into("bulk_insert_probe", COLUMNS, TYPES, rows));
	}

	@Test
	void copiesOnPostgresAndBatchesElsewhere() {
		assertThat(this.bulk.copies()).isEqualTo(TestDatabase.postgres());
	}

	@Test
	void storesHostileTextExactlyAsGiven() {
		Instant at = Instant.parse("2026-11-27T23:59:58.123456Z");
		List<Object[]> rows = new ArrayList<>();
		List<Probe> expected = new ArrayList<>();
		for (int i = 0; i < HOSTILE.size(); i++) {
			String text = HOSTILE.get(i);
			// Each string as the value of a column, and next to a null in the column
			// after it.
			String note = (i % 2 == 0) ? null : text;
			rows.add(new Object[] { i, text, note, Times.sql(at.plusSeconds(i)), i % 3 == 0,
					(long) i * -1_000_000_007L });
			expected
				.add(new Probe(i, text, note, at.plusSeconds(i), i % 3 == 0, (long) i * -1_000_000_007L, "default"));
		}
		insert(rows);
		assertThat(stored()).containsExactlyElementsOf(expected);
	}

	@Test
	void writesNullsAndTimesWithTheirOffset() {
		OffsetDateTime inParis = OffsetDateTime.of(2026, 6, 1, 9, 30, 0, 999_999_000, ZoneOffset.ofHours(2));
		insert(List.of(new Object[] { 1, "nulls", null, null, null, null },
				new Object[] { 2, "an offset", "", inParis, false, 0L }));
		assertThat(stored()).containsExactly(new Probe(1, "nulls", null, null, null, null, "default"),
				new Probe(2, "an offset", "", inParis.toInstant(), false, 0L, "default"));
	}

	@Test
	void writesManyRowsAcrossChunks() {
		List<Object[]> rows = new ArrayList<>();
		StringBuilder long150 = new StringBuilder();
		while (long150.length() < 150) {
			long150.append("\\\t\nÅ");
		}
		for (int i = 0; i < 5_000; i++) {
			rows.add(new Object[] { i, long150.toString() + i, HOSTILE.get(i % HOSTILE.size()), null, null, (long) i });
		}
		insert(rows);
		List<Probe> stored = stored();
		assertThat(stored).hasSize(5_000);
		assertThat(stored.get(4_999).label()).isEqualTo(long150.toString() + 4_999);
		assertThat(stored.get(1_234).note()).isEqualTo(HOSTILE.get(1_234 % HOSTILE.size()));
	}

	@Test
	void failsWholeAndLeavesNothingWhenARowIsRefused() {
		List<Object[]> rows = List.of(new Object[] { 1, "first", null, null, null, null },
				new Object[] { 1, "the same id again", null, null, null, null });
		assertThatThrownBy(() -> insert(rows)).isInstanceOf(DataAccessException.class);
		assertThat(stored()).isEmpty();
	}

	@Test
	void isUndoneWithTheTransaction() {
		TransactionTemplate tx = new TransactionTemplate(this.transactions);
		tx.executeWithoutResult((status) -> {
			this.bulk.into("bulk_insert_probe", COLUMNS, TYPES,
					List.<Object[]>of(new Object[] { 1, "rolled back", null, null, null, null }));
			status.setRollbackOnly();
		});
		assertThat(stored()).isEmpty();
	}

}
