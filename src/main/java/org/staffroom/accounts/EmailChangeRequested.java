package org.staffroom.accounts;

import org.staffroom.system.security.Acting;

/**
 * Someone asked to change an account's email address; it changes once the new address
 * confirms it. Audited as {@code account.email_change_requested}, in the organisation it
 * was asked in (or none).
 */
public record EmailChangeRequested(String organisationId, String accountId, String email, String pendingEmail,
		Acting by) {

}
