package org.staffroom.accounts;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An email address, which is also a username. Kept as typed (trimmed, NFC) for display; compared
 * by its key: trimmed, NFC-normalised and lower-cased, so that {@code Ann@School.org} and
 * {@code ann@school.org} (or a decomposed "é") are one account.
 */
public record EmailAddress(String display, String key) {

	private static final Pattern SHAPE = Pattern.compile("^[^\\s@\\p{Cc}]+@[^\\s@\\p{Cc}]+\\.[^\\s@\\p{Cc}.]+$");

	public static Optional<EmailAddress> parse(String raw) {
		if (raw == null) {
			return Optional.empty();
		}
		String display = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
		if (display.length() > 320 || !SHAPE.matcher(display).matches() || display.contains("..")) {
			return Optional.empty();
		}
		return Optional.of(new EmailAddress(display, keyOf(display)));
	}

	/** The comparison key of any string: what uniqueness is checked on. */
	public static String keyOf(String raw) {
		return Normalizer.normalize(raw.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
	}

}
