/**
 * A second factor (identity.md section 1): TOTP with recovery codes, passkeys, an
 * organisation's policy on who must have one, and step-up for the powerful changes.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package org.staffroom.factors;
