/**
 * What every feature needs and no feature owns, one concern to a sub-package, each a
 * named interface that other modules may use: {@code security} (bearer tokens, the
 * signed-in principal, who acts and through which path), {@code problems} (domain
 * failures, and their mapping to problem+json and error pages at the web edge),
 * {@code jdbc} (bulk writes, which database, change signals to other nodes, SQL times),
 * {@code web} (the page stereotype, OpenAPI, paging), {@code time} (the clock) and
 * {@code csv} (CSV text and spreadsheet-safe cells, used by the imports and the results).
 * The package itself exposes nothing.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package org.staffroom.system;
