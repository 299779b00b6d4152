package org.staffroom.accounts;

import org.staffroom.system.security.Acting;

/**
 * The old address stopped a change of email address before it was confirmed, by the link
 * it was sent when the change was asked for. Audited as
 * {@code account.email_change_stopped}, in no organisation (the account may be in
 * several).
 */
public record EmailChangeStopped(String accountId, String email, String pendingEmail, Acting by) {

}
