package org.staffroom.accounts;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Folds text for searching: accents and case do not matter ("Zoë" is found by "zoe"). */
public final class SearchText {

	private static final Pattern MARKS = Pattern.compile("\\p{M}+");

	private SearchText() {
	}

	public static String fold(String text) {
		if (text == null) {
			return "";
		}
		String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
		return MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT).strip();
	}

	/**
	 * A LIKE pattern matching the folded fragment anywhere, with LIKE's wildcards
	 * escaped.
	 */
	public static String containsPattern(String query) {
		String folded = fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
		return "%" + folded + "%";
	}

	static String of(String firstName, String lastName, String email) {
		return fold(firstName + " " + lastName + " " + email);
	}

	static String sortKey(String firstName, String lastName) {
		String key = fold(lastName) + " " + fold(firstName);
		return key.length() > 500 ? key.substring(0, 500) : key;
	}

}
