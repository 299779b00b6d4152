/**
 * The clock, a bean so that tests can move time.
 */
@org.springframework.modulith.NamedInterface("time")
@org.jspecify.annotations.NullMarked
package org.staffroom.system.time;
