package org.staffroom.signin;

import java.util.List;
import java.util.Map;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.ApiTokens;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.problems.Failure;

/**
 * Signing in to the API with an email and a password, under the same throttle as the
 * pages.
 */
@Component
public class SigningIn {

	// Compared against when the email is unknown, so both failures take as long.
	private final String dummyHash;

	private final Accounts accounts;

	private final ApiTokens tokens;

	private final SignInThrottle throttle;

	private final PasswordEncoder encoder;

	SigningIn(Accounts accounts, ApiTokens tokens, SignInThrottle throttle, PasswordEncoder encoder) {
		this.accounts = accounts;
		this.tokens = tokens;
		this.throttle = throttle;
		this.encoder = encoder;
		this.dummyHash = encoder.encode("not-a-real-password-" + System.nanoTime());
	}

	/**
	 * A new API token for the account with that email and password.
	 * @throws Failure {@code validation_failed} for a missing field, {@code rate_limited}
	 * while the address is locked, {@code unauthenticated} for a wrong email or password
	 * (counted)
	 */
	public ApiTokens.IssuedToken withPassword(String email, String password) {
		FieldErrors errors = new FieldErrors();
		if (email == null || email.isBlank()) {
			errors.add("email", "required", "Enter your email address");
		}
		if (password == null || password.isEmpty()) {
			errors.add("password", "required", "Enter your password");
		}
		errors.throwIfAny();
		String key = SignInThrottle.keyOf(email);
		this.throttle.lockedFor(key).ifPresent((wait) -> {
			long seconds = Math.max(1, wait.toSeconds() + 1);
			throw new Failure(Failure.Kind.THROTTLED, "rate_limited",
					"Too many failed sign-ins; try again in " + seconds + " seconds", List.of(),
					Map.of("Retry-After", Long.toString(seconds)));
		});
		var account = this.accounts.findByEmail(email);
		String hash = account.flatMap((a) -> this.accounts.passwordHash(a.id())).orElse(null);
		boolean matches = this.encoder.matches(password, hash != null ? hash : this.dummyHash) && hash != null;
		if (!matches) {
			this.throttle.failed(key);
			throw Failure.unauthenticated("The email or password is wrong");
		}
		this.throttle.succeeded(key);
		return this.tokens.issue(account.get().id());
	}

}
