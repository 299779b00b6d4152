/**
 * Organisations (customers), their templates and settings, and the tree of units inside
 * each.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package org.staffroom.organisations;
