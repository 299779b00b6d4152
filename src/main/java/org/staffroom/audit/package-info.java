/**
 * The audit log: every change, who made it and through which path, before and after.
 * Append-only.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package org.staffroom.audit;
