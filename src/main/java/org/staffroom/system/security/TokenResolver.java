package org.staffroom.system.security;

import java.util.Optional;

/** Turns a bearer token into the person it was issued to, if it is live. */
public interface TokenResolver {

	Optional<SignedIn> resolve(String token);

}
