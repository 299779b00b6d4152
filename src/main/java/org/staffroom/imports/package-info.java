/**
 * Bulk import of colleagues: a staff CSV (and, later, OneRoster packages), run as jobs that any
 * node can pick up. Every row is checked by the engine as if the importing person had entered it
 * by hand; a dry run changes nothing; a real run applies everything or nothing (or, with
 * partial=true, the valid rows only).
 */
@org.springframework.modulith.ApplicationModule
package org.staffroom.imports;
