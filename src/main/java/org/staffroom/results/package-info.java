/**
 * The results portal: pupils in classes, assessments with ordered bands, their results,
 * and who sees which of them (access-model.md section 5). What a person may see is
 * decided by the plain-Java engine (org.staffroom.access.ResultsVisibility) and enforced
 * in the SQL: pupil rows are only ever fetched for a unit the engine has allowed, and
 * aggregates over small groups are suppressed, with complementary suppression so that no
 * subtraction reveals them.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package org.staffroom.results;
