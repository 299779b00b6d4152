package org.staffroom.imports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import org.staffroom.system.csv.CsvText;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The row limit counts a row as the CSV parser reads it: a quoted value's line breaks
 * belong to its row, two quotes in a quoted value are one quote, and every new row starts
 * the count again.
 */
class RowLengthLimitTests {

	private static final int LIMIT = 100;

	private static List<String> rows(String csv) {
		List<String> rows = new ArrayList<>();
		try (Reader reader = CsvText.reader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), 16, LIMIT);
				CSVParser parser = CSVFormat.RFC4180.builder().get().parse(reader)) {
			for (CSVRecord record : parser) {
				rows.add(String.join("|", record.values()));
			}
			return rows;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String problem(String csv) {
		try {
			rows(csv);
			return "none";
		}
		catch (RuntimeException ex) {
			return CsvText.problem(ex, 0).code();
		}
	}

	@Test
	void manyRowsEachUnderTheLimitAreReadWhateverTheirTotal() {
		String row = "a".repeat(60) + ",b\r\n";
		assertThat(rows(row.repeat(1_000))).hasSize(1_000);
		assertThat(rows(("x".repeat(LIMIT) + "\n").repeat(50))).hasSize(50);
	}

	@Test
	void quotedValuesWithCommasQuotesAndLineBreaksCountAsTheirRow() {
		assertThat(rows("\"a,\"\"b\"\"\r\nc\",d\r\ne,f\r\n")).containsExactly("a,\"b\"\r\nc|d", "e|f");
		assertThat(problem("\"" + "a\r\n".repeat(40) + "\",d\r\n")).isEqualTo("line_too_long");
	}

	@Test
	void aRowOrAValueOverTheLimitIsLineTooLong() {
		assertThat(problem("a,b\r\n" + "c".repeat(LIMIT + 1) + "\r\n")).isEqualTo("line_too_long");
		assertThat(problem("a,\"" + "b".repeat(LIMIT) + "\"\r\n")).isEqualTo("line_too_long");
		assertThat(problem("a,\"b\r\n" + "c,d\r\n".repeat(100))).isEqualTo("line_too_long");
	}

	@Test
	void aQuoteInsideAnUnquotedValueOpensNothing() {
		assertThat(rows(("ab\"c,d\r\n").repeat(100))).hasSize(100);
	}

}
