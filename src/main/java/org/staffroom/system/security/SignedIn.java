package org.staffroom.system.security;

import java.io.Serializable;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The person behind a request: an account, and whether it is a platform operator. On the
 * API it is the principal itself; on the pages the session's principal carries it
 * ({@link SignedInPrincipal}). {@code secondFactorAt} is when this token or session last
 * proved a second factor (signing in with one counts), for step-up; null when never.
 */
public record SignedIn(String accountId, String email, boolean operator, @Nullable String tokenHash,
		@Nullable Instant secondFactorAt) implements Serializable {

	public SignedIn(String accountId, String email, boolean operator, @Nullable String tokenHash) {
		this(accountId, email, operator, tokenHash, null);
	}

	/** The same person, having just proved a second factor. */
	public SignedIn withSecondFactorAt(Instant at) {
		return new SignedIn(this.accountId, this.email, this.operator, this.tokenHash, at);
	}

}
