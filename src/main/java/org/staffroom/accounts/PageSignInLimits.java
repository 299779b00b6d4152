package org.staffroom.accounts;

import java.time.Duration;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.staffroom.system.SignInLimiter;

/** The sign-in page's view of {@link SignInThrottle}: the same counts as the API's, by email. */
@Component
class PageSignInLimits implements SignInLimiter {

	private final SignInThrottle throttle;

	PageSignInLimits(SignInThrottle throttle) {
		this.throttle = throttle;
	}

	@Override
	public Optional<Duration> lockedFor(String email) {
		return this.throttle.lockedFor(SignInThrottle.keyOf(email));
	}

	@Override
	public void failed(String email) {
		this.throttle.failed(SignInThrottle.keyOf(email));
	}

	@Override
	public void succeeded(String email) {
		this.throttle.succeeded(SignInThrottle.keyOf(email));
	}

}
