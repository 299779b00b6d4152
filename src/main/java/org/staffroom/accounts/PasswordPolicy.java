package org.staffroom.accounts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The stated password policy: at least 12 characters, at most 200, and not on the list of
 * common passwords (common-passwords.txt, compared without case), nor one character
 * repeated.
 */
public final class PasswordPolicy {

	public static final int MIN_LENGTH = 12;

	public static final int MAX_LENGTH = 200;

	private static final Set<String> COMMON = load();

	private PasswordPolicy() {
	}

	/**
	 * Why the password is refused, as a sentence for the person; empty when it is
	 * acceptable.
	 */
	public static Optional<String> problem(String password) {
		if (password == null || password.isEmpty()) {
			return Optional.of("Enter a password");
		}
		int length = password.codePointCount(0, password.length());
		if (length < MIN_LENGTH) {
			return Optional.of("Password must be at least " + MIN_LENGTH + " characters");
		}
		if (length > MAX_LENGTH) {
			return Optional.of("Password must be " + MAX_LENGTH + " characters or fewer");
		}
		String lower = password.toLowerCase(Locale.ROOT);
		if (COMMON.contains(lower) || password.chars().distinct().count() <= 2) {
			return Optional.of("That password is too common; choose one that is harder to guess");
		}
		return Optional.empty();
	}

	private static Set<String> load() {
		Set<String> words = new HashSet<>();
		try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
			if (in == null) {
				throw new IllegalStateException("common-passwords.txt is missing");
			}
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			String line;
			while ((line = reader.readLine()) != null) {
				if (!line.isBlank() && !line.startsWith("#")) {
					words.add(line.strip().toLowerCase(Locale.ROOT));
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return Set.copyOf(words);
	}

}
