package org.staffroom.signin;

import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.ApiTokens;
import org.staffroom.accounts.SignInThrottle;
import org.staffroom.factors.SecondFactors;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.security.Via;
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

	private final SecondFactors factors;

	private final TransactionTemplate oneCommit;

	SigningIn(Accounts accounts, ApiTokens tokens, SignInThrottle throttle, PasswordEncoder encoder,
			SecondFactors factors, PlatformTransactionManager transactions) {
		this.factors = factors;
		this.oneCommit = new TransactionTemplate(transactions);
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
		return withPassword(email, password, null, null);
	}

	/**
	 * A new API token for the account with that email and password, and its second factor
	 * when it has one (a TOTP code, or one of its recovery codes).
	 * @throws Failure as {@link #withPassword(String, String)}, and {@code mfa_required}
	 * (401) when the account has a second factor and none was given, {@code mfa_invalid}
	 * (401, counted like a wrong password) for a wrong code
	 */
	public ApiTokens.IssuedToken withPassword(String email, String password, @Nullable String otp,
			@Nullable String recoveryCode) {
		FieldErrors errors = new FieldErrors();
		if (email == null || email.isBlank()) {
			errors.add("email", "required", "Enter your email address");
		}
		if (password == null || password.isEmpty()) {
			errors.add("password", "required", "Enter your password");
		}
		errors.throwIfAny();
		String key = SignInThrottle.keyOf(email);
		this.throttle.throwIfLocked(key);
		var account = this.accounts.findByEmail(email);
		String hash = account.flatMap((a) -> this.accounts.passwordHash(a.id())).orElse(null);
		boolean matches = this.encoder.matches(password, hash != null ? hash : this.dummyHash) && hash != null;
		if (!matches) {
			this.throttle.failed(key);
			throw Failure.unauthenticated("The email or password is wrong");
		}
		String accountId = account.get().id();
		boolean secondFactor = this.factors.hasFactor(accountId);
		if (secondFactor) {
			if ((otp == null || otp.isBlank()) && (recoveryCode == null || recoveryCode.isBlank())) {
				throw new Failure(Failure.Kind.UNAUTHENTICATED, "mfa_required",
						"This account has a second factor: send \"otp\" (the code from the authenticator app) "
								+ "or \"recoveryCode\" with the email and password");
			}
			// The code's step marked used, the throttle cleared and the token written in
			// one commit (the password was checked before, outside any transaction).
			ApiTokens.IssuedToken issued = this.oneCommit.execute((status) -> {
				if (!this.factors.proveAtSignIn(accountId, account.get().email(), otp, recoveryCode, key, Via.API)) {
					return null;
				}
				this.throttle.succeeded(key);
				return this.tokens.issue(accountId, true);
			});
			if (issued == null) {
				throw new Failure(Failure.Kind.UNAUTHENTICATED, "mfa_invalid",
						"The code is wrong, has expired or was used already");
			}
			return issued;
		}
		this.throttle.succeeded(key);
		return this.tokens.issue(accountId, false);
	}

}
