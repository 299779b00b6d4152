/**
 * The HTTP edge of accounts: links sent by email (password resets, email changes) and
 * their pages.
 */
@org.jspecify.annotations.NullMarked
package org.staffroom.accounts.web;
