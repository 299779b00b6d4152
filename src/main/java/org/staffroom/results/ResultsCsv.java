package org.staffroom.results;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.staffroom.system.csv.CsvText;

/**
 * A results file: header {@code pupil,score,band} (any order, any case), where
 * {@code pupil} is the pupil's external id. UTF-8 (a byte-order mark is fine), CRLF or
 * LF. Rows are numbered as a spreadsheet shows them: the header is row 1.
 */
final class ResultsCsv {

	static final String FILE = "results.csv";

	static final List<String> COLUMNS = List.of("pupil", "score", "band");

	record Row(int row, String pupil, String score, String band) {
	}

	record Contents(List<Row> rows, List<RowProblem> problems) {
	}

	private ResultsCsv() {
	}

	static Contents read(InputStream in) {
		List<Row> rows = new ArrayList<>();
		List<RowProblem> problems = new ArrayList<>();
		int lastRow = 1;
		try (Reader reader = CsvText.reader(in);
				CSVParser parser = CSVFormat.RFC4180.builder()
					.setHeader()
					.setSkipHeaderRecord(true)
					.setIgnoreEmptyLines(true)
					.setTrim(true)
					.get()
					.parse(reader)) {
			String[] headers = new String[COLUMNS.size()];
			for (String header : parser.getHeaderNames()) {
				int i = COLUMNS.indexOf(header.strip().toLowerCase(Locale.ROOT));
				if (i >= 0 && headers[i] == null) {
					headers[i] = header;
				}
			}
			for (int i = 0; i < headers.length; i++) {
				if (headers[i] == null) {
					problems.add(new RowProblem(FILE, 1, COLUMNS.get(i), "missing_column",
							"The header has no \"" + COLUMNS.get(i) + "\" column"));
				}
			}
			if (!problems.isEmpty()) {
				return new Contents(rows, problems);
			}
			for (CSVRecord record : parser) {
				lastRow = (int) record.getRecordNumber() + 1;
				rows.add(
						new Row(lastRow, cell(record, headers[0]), cell(record, headers[1]), cell(record, headers[2])));
			}
		}
		catch (UncheckedIOException | IOException | IllegalStateException | IllegalArgumentException ex) {
			CsvText.Unreadable why = CsvText.problem(ex, lastRow + 1);
			problems.add(new RowProblem(FILE, lastRow + 1, null, why.code(), why.message()));
		}
		return new Contents(rows, problems);
	}

	private static String cell(CSVRecord record, String header) {
		if (!record.isMapped(header) || !record.isSet(header)) {
			return null;
		}
		String value = record.get(header);
		return value.isEmpty() ? null : value;
	}

}
