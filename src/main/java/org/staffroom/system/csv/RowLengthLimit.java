package org.staffroom.system.csv;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Stops reading a CSV file at the first row longer than a limit, counted in characters as
 * they arrive, before the CSV parser builds the row: a file of one line of gigabytes (a
 * zip bomb's favourite) would otherwise be built into one string. A row is what the
 * parser reads as one: a line, or several when a quoted value holds line breaks, so a
 * value is bounded too (a quote never closed runs to the end of the file, and is stopped
 * at the limit). Quotes are followed as RFC 4180 reads them: a quote opens a value only
 * at its start, and two quotes inside one are a quote.
 */
final class RowLengthLimit extends FilterReader {

	/** A row longer than the limit: {@code line_too_long}. */
	public static final class RowTooLong extends IOException {

		private final long limit;

		RowTooLong(long limit) {
			super("A row is longer than " + limit + " characters");
			this.limit = limit;
		}

		public long limit() {
			return this.limit;
		}

	}

	private static final int START = 0;

	private static final int UNQUOTED = 1;

	private static final int QUOTED = 2;

	// A quote inside a quoted value: the end of the value, or the first of two quotes.
	private static final int QUOTE_IN_QUOTED = 3;

	private final long limit;

	private long length;

	private int state = START;

	// Past the limit: the characters before it were handed on, the next read fails (so
	// that the parser has reached the long row by then, and its number is the one
	// reported).
	private boolean over;

	public RowLengthLimit(Reader in, long limit) {
		super(in);
		this.limit = limit;
	}

	@Override
	public int read() throws IOException {
		if (this.over) {
			throw new RowTooLong(this.limit);
		}
		int c = super.read();
		if (c >= 0 && !see((char) c)) {
			throw new RowTooLong(this.limit);
		}
		return c;
	}

	@Override
	public int read(char[] buffer, int offset, int length) throws IOException {
		if (this.over) {
			throw new RowTooLong(this.limit);
		}
		int n = super.read(buffer, offset, length);
		for (int i = offset; i < offset + n; i++) {
			if (!see(buffer[i])) {
				this.over = true;
				if (i == offset) {
					throw new RowTooLong(this.limit);
				}
				return i - offset;
			}
		}
		return n;
	}

	@Override
	public long skip(long n) throws IOException {
		// Skipped characters are counted too: read them.
		char[] buffer = new char[(int) Math.min(n, 8192)];
		long skipped = 0;
		while (skipped < n) {
			int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
			if (read < 0) {
				break;
			}
			skipped += read;
		}
		return skipped;
	}

	@Override
	public boolean markSupported() {
		return false;
	}

	/** Follows one character; false when it makes its row longer than the limit. */
	private boolean see(char c) {
		switch (this.state) {
			case QUOTED -> {
				if (c == '"') {
					this.state = QUOTE_IN_QUOTED;
				}
			}
			case QUOTE_IN_QUOTED -> {
				if (c == '"') {
					this.state = QUOTED;
				}
				else {
					outside(c);
				}
			}
			case START -> {
				if (c == '"') {
					this.state = QUOTED;
				}
				else {
					outside(c);
				}
			}
			default -> outside(c);
		}
		return (this.state == START && (c == '\n' || c == '\r')) || ++this.length <= this.limit;
	}

	/** A character outside quotes: a comma starts a value, a line break a row. */
	private void outside(char c) {
		if (c == '\n' || c == '\r') {
			this.state = START;
			this.length = 0;
		}
		else if (c == ',') {
			this.state = START;
		}
		else {
			this.state = UNQUOTED;
		}
	}

}
