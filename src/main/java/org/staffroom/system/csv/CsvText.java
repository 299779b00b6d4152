package org.staffroom.system.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reading an uploaded CSV file the same way everywhere (staff CSV, OneRoster package,
 * results): strictly UTF-8 (bad bytes are an error, not replaced), a byte-order mark
 * skipped, and a failure explained as one of the codes that bulk import reports.
 */
public final class CsvText {

	/**
	 * Why a file could not be read: {@code wrong_encoding}, {@code line_too_long},
	 * {@code unterminated_quote} or {@code unreadable}.
	 */
	public record Unreadable(String code, String message) {
	}

	private CsvText() {
	}

	public static Reader reader(InputStream in) throws IOException {
		return reader(in, 8192);
	}

	/**
	 * As {@link #reader(InputStream, int)}, stopping at the first row longer than
	 * {@code maxRowChars} characters ({@link RowLengthLimit}): reported as
	 * {@code line_too_long}.
	 */
	public static Reader reader(InputStream in, int bufferSize, long maxRowChars) throws IOException {
		return new RowLengthLimit(reader(in, bufferSize), maxRowChars);
	}

	public static Reader reader(InputStream in, int bufferSize) throws IOException {
		var decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		Reader reader = new BufferedReader(new InputStreamReader(in, decoder), bufferSize);
		reader.mark(1);
		if (reader.read() != '\uFEFF') {
			reader.reset();
		}
		return reader;
	}

	/** What went wrong reading the file, at or after the given row. */
	public static Unreadable problem(Exception ex, int row) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RowLengthLimit.RowTooLong tooLong) {
				return new Unreadable("line_too_long", "Row " + row + " is longer than " + tooLong.limit()
						+ " characters (or a quoted value starting there never ends), so the file is not read further");
			}
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof CharacterCodingException) {
				return new Unreadable("wrong_encoding",
						"The file is not UTF-8 from row " + row + "; save it as \"CSV UTF-8\"");
			}
			String message = String.valueOf(cause.getMessage());
			if (message.contains("encapsulated token") || message.contains("EOF reached")) {
				return new Unreadable("unterminated_quote",
						"A quoted value starting at or after row " + row + " never ends: a closing \" is missing");
			}
		}
		return new Unreadable("unreadable", "The file cannot be read as CSV: " + ex.getMessage());
	}

}
