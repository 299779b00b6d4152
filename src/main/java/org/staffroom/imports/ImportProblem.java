package org.staffroom.imports;

/**
 * One problem in an import: where it is (file, row, column) and what (a stable code and a
 * sentence).
 */
public record ImportProblem(String file, Integer row, String column, String code, String message) {
}
