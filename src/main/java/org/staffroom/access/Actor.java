package org.staffroom.access;

import java.util.Objects;

/**
 * Who asks. A platform operator is the service provider's staff: they create
 * organisations and may assign operator-only roles (ambassador, project manager); rules
 * 3, 4, 5 and 7 still bind them.
 */
public record Actor(String accountId, boolean operator) {

	public Actor {
		Objects.requireNonNull(accountId, "accountId");
	}

	public static Actor member(String accountId) {
		return new Actor(accountId, false);
	}

	public static Actor operator(String accountId) {
		return new Actor(accountId, true);
	}

}
