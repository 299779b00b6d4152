package org.staffroom.system.csv;

/**
 * Values are stored as given, but a CSV that Staffroom writes must never hand a
 * spreadsheet a formula: a cell starting with =, +, -, @, a tab or a carriage return is
 * prefixed with a quote.
 */
public final class SpreadsheetSafe {

	private SpreadsheetSafe() {
	}

	public static String cell(String value) {
		if (value == null || value.isEmpty()) {
			return value == null ? "" : value;
		}
		char first = value.charAt(0);
		if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
			return "'" + value;
		}
		return value;
	}

}
