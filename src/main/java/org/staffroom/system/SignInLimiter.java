package org.staffroom.system;

import java.time.Duration;
import java.util.Optional;

/** Counts failed sign-ins per email address, across nodes; the accounts module implements it. */
public interface SignInLimiter {

	Optional<Duration> lockedFor(String email);

	void failed(String email);

	void succeeded(String email);

}
