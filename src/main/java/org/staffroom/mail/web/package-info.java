/**
 * The HTTP edge of mail: the operator's view of the outbox.
 */
@org.jspecify.annotations.NullMarked
package org.staffroom.mail.web;
