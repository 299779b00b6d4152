package org.staffroom.system.security;

import java.io.Serializable;

/**
 * The person behind a request: an account, and whether it is a platform operator. On the
 * API it is the principal itself; on the pages the session's principal carries it
 * ({@link SignedInPrincipal}).
 */
public record SignedIn(String accountId, String email, boolean operator, String tokenHash) implements Serializable {
}
