package org.staffroom.system.security;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Who makes a change and through which path; carried into decisions and the audit log.
 * {@code secondFactorAt} is when the person last proved a second factor in this session
 * or token, for the changes that need a recent one ({@link StepUp}).
 */
public record Acting(@Nullable String accountId, String label, boolean operator, Via via,
		@Nullable Instant secondFactorAt) {

	public Acting(@Nullable String accountId, String label, boolean operator, Via via) {
		this(accountId, label, operator, via, null);
	}

	public static Acting of(SignedIn signedIn, Via via) {
		return new Acting(signedIn.accountId(), signedIn.email(), signedIn.operator(), via, signedIn.secondFactorAt());
	}

	public static Acting system() {
		return new Acting(null, "Staffroom", true, Via.SYSTEM);
	}

}
