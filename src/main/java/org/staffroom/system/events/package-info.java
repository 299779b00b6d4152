/**
 * The loose audit events that only the imports still publish; imports moves to AssigningRoles/typed
 * events after the split, and then this package goes.
 */
@org.springframework.modulith.NamedInterface("events")
@org.jspecify.annotations.NullMarked
package org.staffroom.system.events;
