package org.staffroom.system.security;

/**
 * Whether a person covered by a second-factor policy has yet to enrol one (identity.md
 * section 1), for paths that answer before the ordinary filters (the access check's short
 * path). Implemented by the factors module.
 */
public interface EnrolmentRequired {

	boolean needsEnrolment(SignedIn who);

}
