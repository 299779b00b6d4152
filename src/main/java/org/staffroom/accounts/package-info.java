/**
 * Accounts (one per person, identified by email), memberships of organisations, signing in with
 * API tokens, throttling, password resets and email changes.
 */
@org.springframework.modulith.ApplicationModule
package org.staffroom.accounts;
