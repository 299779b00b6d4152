package org.staffroom.factors;

import org.jspecify.annotations.Nullable;

import org.staffroom.system.security.Via;

/**
 * A wrong second-factor code was given (wrong, expired, already used, or malformed), at
 * sign-in or for step-up. Audited as {@code mfa.code_refused}, in a transaction of its
 * own so that it stays though the request fails.
 */
public record SecondFactorRefused(String accountId, String email, String where, Via via, @Nullable String from) {
}
