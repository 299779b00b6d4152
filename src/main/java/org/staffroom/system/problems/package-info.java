/**
 * Failures as domain values (a kind and a code), and the web edge that turns them into
 * problem+json answers and error pages.
 */
@org.springframework.modulith.NamedInterface("problems")
@org.jspecify.annotations.NullMarked
package org.staffroom.system.problems;
