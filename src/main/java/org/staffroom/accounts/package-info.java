/**
 * Accounts (one per person, identified by email), memberships of organisations, signing
 * in with API tokens, throttling, password resets and email changes.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package org.staffroom.accounts;
