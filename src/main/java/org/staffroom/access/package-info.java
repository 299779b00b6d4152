/**
 * The decision engine: access-model.md sections 3 and 4 as pure functions over an
 * immutable {@link org.staffroom.access.AccessSnapshot} of one organisation. JDK only: no
 * Spring, no SQL, no clock. Everything a decision needs is passed in, so any decision can
 * be replayed.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
@org.jspecify.annotations.NullMarked
package org.staffroom.access;
