package org.staffroom.factors;

import org.staffroom.system.security.Acting;

/**
 * An administrator reset a member's second factors (TOTP, recovery codes and passkeys
 * removed). Audited as {@code mfa.reset}; the member is emailed.
 */
public record FactorsReset(String organisationId, String accountId, String email, Acting by) {
}
