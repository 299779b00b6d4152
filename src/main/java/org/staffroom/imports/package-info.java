/**
 * Bulk import of colleagues and rosters: a staff CSV, or a OneRoster 1.1 or 1.2 CSV
 * package (schools, classes, staff and pupils), run as jobs that any node can pick up.
 * Every row is checked by the engine as if the importing person had entered it by hand; a
 * dry run changes nothing; a real run applies everything or nothing (or, with
 * partial=true, the valid rows only).
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package org.staffroom.imports;
