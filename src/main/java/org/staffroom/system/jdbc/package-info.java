/**
 * JDBC helpers: bulk writes (COPY on PostgreSQL), which database this is, change signals
 * to other nodes, and instants as SQL stores them.
 */
@org.springframework.modulith.NamedInterface("jdbc")
@org.jspecify.annotations.NullMarked
package org.staffroom.system.jdbc;
