package org.staffroom.system.security;

import org.jspecify.annotations.Nullable;

/**
 * Step-up (identity.md section 1): the powerful changes (giving a role that carries
 * accounts.manage or roles.manage, changing someone's email, resetting someone's factors,
 * managing OAuth clients) need a second factor used within the last 15 minutes by anyone
 * who has one or is covered by a policy. Implemented by the factors module; declared here
 * so that every module can ask without depending on it.
 */
public interface StepUp {

	/**
	 * Refuses the change with 403 {@code step_up_required} unless the person proved a
	 * second factor recently enough, or needs none. Changes made by imports, SCIM and
	 * Staffroom itself are not asked.
	 */
	void require(Acting acting);

	/**
	 * The person, having proved a second factor with this code now (a TOTP code or a
	 * recovery code), remembered on the token; the person unchanged when no code is
	 * given.
	 * @throws org.staffroom.system.problems.Failure {@code mfa_invalid} for a wrong code
	 * (counted like a wrong password)
	 */
	SignedIn withCode(SignedIn who, @Nullable String code);

}
