/**
 * Audit events, published in the same transaction as each change.
 */
@org.springframework.modulith.NamedInterface("events")
@org.jspecify.annotations.NullMarked
package org.staffroom.system.events;
