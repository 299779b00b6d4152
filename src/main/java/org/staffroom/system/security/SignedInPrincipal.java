package org.staffroom.system.security;

/** A page session's principal, which knows the account it stands for. */
public interface SignedInPrincipal {

	SignedIn signedIn();

}
