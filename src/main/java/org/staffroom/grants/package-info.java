/**
 * The role catalogue of each organisation, role assignments, and the snapshots that the
 * decision engine works on: loaded ahead after a start, cached on each node, and rebuilt
 * in the background on every node when the organisation's version moves on.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package org.staffroom.grants;
