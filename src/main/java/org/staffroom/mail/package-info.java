/**
 * The transactional outbox: an email is written in the same transaction as the change
 * that causes it, and a sender delivers it after the commit.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package org.staffroom.mail;
