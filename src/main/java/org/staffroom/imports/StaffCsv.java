package org.staffroom.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.staffroom.system.csv.CsvText;

/**
 * The staff CSV: one row per person, or per role assignment (several rows of one person
 * are merged). Columns, matched without regard to case, spaces or underscores: email,
 * first name, last name, job title, role, school, year or class. UTF-8 only (a byte-order
 * mark is fine), CRLF or LF, no row longer than the line limit ({@code line_too_long}).
 * Rows are numbered as a spreadsheet shows them: the header is row 1.
 */
public final class StaffCsv {

	public static final String FILE = "staff.csv";

	/** The template offered for download. */
	public static final String TEMPLATE = "email,first name,last name,job title,role,school,year or class\r\n"
			+ "ada.lovelace@example.org,Ada,Lovelace,Head of maths,teacher,Oak Primary,7A\r\n"
			+ "ada.lovelace@example.org,Ada,Lovelace,Head of maths,teacher,Oak Primary,7B\r\n"
			+ "grace.hopper@example.org,Grace,Hopper,Headteacher,headteacher,Oak Primary,\r\n"
			+ "alan.turing@example.org,Alan,Turing,Business manager,user-admin,,\r\n";

	static final List<String> REQUIRED = List.of("email", "first name", "last name");

	private static final Map<String, String> HEADERS = Map.ofEntries(Map.entry("email", "email"),
			Map.entry("emailaddress", "email"), Map.entry("firstname", "first name"),
			Map.entry("givenname", "first name"), Map.entry("lastname", "last name"),
			Map.entry("familyname", "last name"), Map.entry("surname", "last name"), Map.entry("jobtitle", "job title"),
			Map.entry("roleinthecentre", "job title"), Map.entry("role", "role"), Map.entry("school", "school"),
			Map.entry("yearorclass", "year or class"), Map.entry("class", "year or class"),
			Map.entry("year", "year or class"));

	/** One data row, with the cells of the known columns (absent columns are null). */
	public record Row(int row, String email, String firstName, String lastName, String jobTitle, String role,
			String school, String unit) {
	}

	/** What the file holds: its rows, and the problems found while reading it. */
	public record Contents(List<Row> rows, List<ImportProblem> problems) {
	}

	private StaffCsv() {
	}

	/**
	 * The most data rows a staff CSV may have. Its rows are checked together (a person's
	 * rows are merged), so they are held in memory: about half a kilobyte each. A trust's
	 * staff, one row a role, is tens of thousands of rows; OneRoster packages have no
	 * such limit.
	 */
	static final int MAX_ROWS = 250_000;

	/**
	 * The longest row read, in characters, unless configured
	 * ({@code staffroom.imports.max-line-chars}).
	 */
	static final long MAX_LINE_CHARS = 1024 * 1024;

	public static Contents read(InputStream in) {
		return read(in, MAX_ROWS, MAX_LINE_CHARS);
	}

	static Contents read(InputStream in, int maxRows) {
		return read(in, maxRows, MAX_LINE_CHARS);
	}

	/**
	 * Reads the file; a row longer than {@code maxLineChars} characters stops it
	 * ({@code line_too_long}).
	 */
	static Contents read(InputStream in, int maxRows, long maxLineChars) {
		List<Row> rows = new ArrayList<>();
		List<ImportProblem> problems = new ArrayList<>();
		int lastRow = 1;
		try (Reader reader = CsvText.reader(in, 8192, maxLineChars);
				CSVParser parser = CSVFormat.RFC4180.builder()
					.setHeader()
					.setSkipHeaderRecord(true)
					.setIgnoreEmptyLines(true)
					.setTrim(true)
					.get()
					.parse(reader)) {
			Map<String, String> columns = columns(parser.getHeaderNames(), problems);
			if (columns == null) {
				return new Contents(rows, problems);
			}
			for (CSVRecord record : parser) {
				lastRow = (int) record.getRecordNumber() + 1;
				if (rows.size() == maxRows) {
					problems.add(new ImportProblem(FILE, lastRow, null, "too_many_rows", "A staff CSV has at most "
							+ maxRows
							+ " rows; this one has more. Split it into several files, or use a OneRoster package"));
					break;
				}
				rows.add(new Row(lastRow, cell(record, columns, "email"), cell(record, columns, "first name"),
						cell(record, columns, "last name"), cell(record, columns, "job title"),
						cell(record, columns, "role"), cell(record, columns, "school"),
						cell(record, columns, "year or class")));
			}
		}
		catch (UncheckedIOException | IOException | IllegalStateException | IllegalArgumentException ex) {
			problems.add(readingProblem(ex, lastRow + 1));
		}
		return new Contents(rows, problems);
	}

	/**
	 * The file's header names mapped to the known columns; null (with problems) when
	 * required ones are missing.
	 */
	private static Map<String, String> columns(List<String> headers, List<ImportProblem> problems) {
		Map<String, String> columns = new LinkedHashMap<>();
		for (String header : headers) {
			String known = HEADERS.get(header.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", ""));
			if (known != null && !columns.containsKey(known)) {
				columns.put(known, header);
			}
		}
		boolean missing = false;
		for (String required : REQUIRED) {
			if (!columns.containsKey(required)) {
				problems.add(new ImportProblem(FILE, 1, required, "missing_column",
						"The header has no \"" + required + "\" column"));
				missing = true;
			}
		}
		return missing ? null : columns;
	}

	private static String cell(CSVRecord record, Map<String, String> columns, String column) {
		String header = columns.get(column);
		if (header == null || !record.isMapped(header) || !record.isSet(header)) {
			return null;
		}
		String value = record.get(header);
		return value.isEmpty() ? null : value;
	}

	static ImportProblem readingProblem(Exception ex, int row) {
		CsvText.Unreadable why = CsvText.problem(ex, row);
		return new ImportProblem(FILE, row, null, why.code(), why.message());
	}

}
