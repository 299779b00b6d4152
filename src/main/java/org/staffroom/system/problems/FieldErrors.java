package org.staffroom.system.problems;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects every invalid field of one request, so that {@code validation_failed} lists
 * them all rather than the first; {@link #throwIfAny} ends the request.
 */
public final class FieldErrors {

	/** Names longer than this are refused. */
	public static final int MAX_NAME = 200;

	private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}&&[^\\u200d]]");

	private final List<FieldError> errors = new ArrayList<>();

	public FieldErrors add(String field, String code, String message) {
		this.errors.add(new FieldError(field, code, message));
		return this;
	}

	public boolean has(String field) {
		return this.errors.stream().anyMatch((e) -> e.field().equals(field));
	}

	public boolean isEmpty() {
		return this.errors.isEmpty();
	}

	public List<FieldError> all() {
		return List.copyOf(this.errors);
	}

	/**
	 * A required, single-line piece of text: trimmed, 1 to max characters, no control
	 * characters and no lone surrogates.
	 */
	public String text(String field, String value, int max, boolean required) {
		if (value == null || value.isBlank()) {
			if (required) {
				add(field, "required", "Enter " + describe(field));
			}
			return null;
		}
		String trimmed = value.strip();
		if (trimmed.codePointCount(0, trimmed.length()) > max) {
			add(field, "too_long", describeCap(field) + " must be " + max + " characters or fewer");
		}
		else if (CONTROL.matcher(trimmed).find()) {
			add(field, "invalid_characters", describeCap(field) + " must not contain control characters");
		}
		else if (trimmed.codePoints().anyMatch((c) -> Character.getType(c) == Character.SURROGATE)) {
			// Half of a surrogate pair is no character at all; PostgreSQL would store it
			// as "?".
			add(field, "invalid_characters", describeCap(field) + " must not contain broken characters");
		}
		return trimmed;
	}

	public void throwIfAny() {
		if (!this.errors.isEmpty()) {
			throw Failure.invalid(this.errors);
		}
	}

	private static String describe(String path) {
		String field = path.substring(path.lastIndexOf('.') + 1);
		return switch (field) {
			case "firstName" -> "a first name";
			case "lastName" -> "a last name";
			case "email" -> "an email address";
			case "name" -> "a name";
			case "password" -> "a password";
			default -> field;
		};
	}

	private static String describeCap(String path) {
		String field = path.substring(path.lastIndexOf('.') + 1);
		String d = switch (field) {
			case "firstName" -> "First name";
			case "lastName" -> "Last name";
			case "jobTitle" -> "Job title";
			case "name" -> "Name";
			case "phone" -> "Phone";
			default -> field;
		};
		return d;
	}

}
