package org.staffroom.accounts;

import org.staffroom.system.security.Acting;

/**
 * An account's password was reset through an emailed link. Audited as
 * {@code account.password_reset}, in no organisation.
 */
public record PasswordReset(String accountId, String email, Acting by) {

}
