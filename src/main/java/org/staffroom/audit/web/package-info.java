/**
 * The HTTP edge of the audit log: its API and its page.
 */
@org.jspecify.annotations.NullMarked
package org.staffroom.audit.web;
