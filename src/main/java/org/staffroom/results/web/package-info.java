/**
 * The HTTP edge of results: pupils, assessments, results and the dashboards, as API and
 * pages.
 */
@org.jspecify.annotations.NullMarked
package org.staffroom.results.web;
