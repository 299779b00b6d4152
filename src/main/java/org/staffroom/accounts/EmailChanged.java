package org.staffroom.accounts;

import org.staffroom.system.security.Acting;

/**
 * An account's email address (its username) changed; published in the changing
 * transaction. Audited as {@code account.email_changed}, in no organisation.
 */
public record EmailChanged(String accountId, String before, String after, Acting by) {

}
