package org.staffroom.accounts;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.SpoofChecker;

/**
 * An email address, which is also a username. Kept as typed (NFKC, trimmed of every
 * Unicode space) for display; compared by its key: the same, lower-cased, so that
 * {@code Ann@School.org}, {@code ann@school.org}, a decomposed "é", fullwidth letters or
 * a trailing no-break space are one account. Addresses that could pass for another are
 * refused rather than kept beside it: any invisible, format or control character, a local
 * part (or domain label) mixing scripts, as Unicode's confusable detection (UTS #39) sees
 * them, an IP-literal domain, or more than 254 characters.
 */
public record EmailAddress(String display, String key) {

	/**
	 * The longest address a mail path carries (RFC 5321's 256 octets less the angle
	 * brackets).
	 */
	public static final int MAX_LENGTH = 254;

	private static final Pattern SHAPE = Pattern.compile("^[^\\s@\\p{Cc}]+@[^\\s@\\p{Cc}]+\\.[^\\s@\\p{Cc}.]+$");

	// Thread-safe once built; mixed scripts beyond those Unicode calls highly restrictive
	// are refused.
	private static final SpoofChecker SCRIPTS = new SpoofChecker.Builder()
		.setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.MIXED_NUMBERS | SpoofChecker.INVISIBLE)
		.setRestrictionLevel(SpoofChecker.RestrictionLevel.HIGHLY_RESTRICTIVE)
		.build();

	public static Optional<EmailAddress> parse(String raw) {
		if (raw == null) {
			return Optional.empty();
		}
		String display = normalise(raw);
		if (display.codePointCount(0, display.length()) > MAX_LENGTH || !SHAPE.matcher(display).matches()
				|| display.contains("..") || hasHiddenCharacters(display)) {
			return Optional.empty();
		}
		int at = display.indexOf('@');
		String domain = display.substring(at + 1);
		if (ipLiteral(domain)) {
			return Optional.empty();
		}
		if (!ascii(display)) {
			// Printable ASCII is Latin and common characters only: nothing to mix (an
			// import's usual case).
			if (mixesScripts(display.substring(0, at))) {
				return Optional.empty();
			}
			for (String label : domain.split("\\.")) {
				if (mixesScripts(label)) {
					return Optional.empty();
				}
			}
		}
		return Optional.of(new EmailAddress(display, display.toLowerCase(Locale.ROOT)));
	}

	/** The comparison key of any string: what uniqueness is checked on. */
	public static String keyOf(String raw) {
		return normalise(raw).toLowerCase(Locale.ROOT);
	}

	/**
	 * NFKC (fullwidth letters become ASCII), then trimmed of every Unicode space at
	 * either end.
	 */
	private static String normalise(String raw) {
		String s = Normalizer.normalize(raw, Normalizer.Form.NFKC);
		int start = 0;
		int end = s.length();
		while (start < end && isSpace(s.codePointAt(start))) {
			start += Character.charCount(s.codePointAt(start));
		}
		while (end > start && isSpace(s.codePointBefore(end))) {
			end -= Character.charCount(s.codePointBefore(end));
		}
		return s.substring(start, end);
	}

	private static boolean isSpace(int c) {
		return Character.isWhitespace(c) || Character.isSpaceChar(c);
	}

	/**
	 * Spaces, control and format characters (zero-width spaces and joiners, bidi
	 * controls), lone surrogates, private-use and unassigned code points, and anything
	 * Unicode says is ignorable.
	 */
	private static boolean hasHiddenCharacters(String s) {
		if (ascii(s)) {
			return s.chars().anyMatch((c) -> c <= ' ' || c == 0x7f);
		}
		return s.codePoints().anyMatch((c) -> {
			int type = Character.getType(c);
			return isSpace(c) || type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
					|| type == Character.PRIVATE_USE || type == Character.UNASSIGNED
					|| UCharacter.hasBinaryProperty(c, UProperty.DEFAULT_IGNORABLE_CODE_POINT);
		});
	}

	/**
	 * {@code user@[192.0.2.1]}, {@code user@[IPv6:…]} or a bare {@code user@192.0.2.1}.
	 */
	private static boolean ipLiteral(String domain) {
		String last = domain.substring(domain.lastIndexOf('.') + 1);
		return domain.startsWith("[") || domain.endsWith("]") || domain.contains(":")
				|| last.chars().allMatch(Character::isDigit);
	}

	private static boolean ascii(String s) {
		for (int i = 0; i < s.length(); i++) {
			if (s.charAt(i) >= 0x80) {
				return false;
			}
		}
		return true;
	}

	private static boolean mixesScripts(String part) {
		return SCRIPTS.failsChecks(part);
	}

}
