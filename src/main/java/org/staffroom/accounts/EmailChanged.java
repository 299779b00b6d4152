package org.staffroom.accounts;

/** An account's email address (its username) changed; published in the changing transaction. */
public record EmailChanged(String accountId) {
}
