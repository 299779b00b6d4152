/**
 * CSV text: decoding uploaded files and keeping spreadsheet cells from being read as
 * formulas.
 */
@org.springframework.modulith.NamedInterface("csv")
@org.jspecify.annotations.NullMarked
package org.staffroom.system.csv;
