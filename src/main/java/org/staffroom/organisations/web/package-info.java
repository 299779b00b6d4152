/**
 * The HTTP edge of organisations: organisations, units and settings, as API and pages.
 */
@org.jspecify.annotations.NullMarked
package org.staffroom.organisations.web;
