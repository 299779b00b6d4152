package org.staffroom.system;

/** The person behind a request: an account, and whether it is a platform operator. */
public record SignedIn(String accountId, String email, boolean operator, String tokenHash) {
}
