package org.staffroom.results;

/** One problem found in a results file, reported as bulk import reports them. */
record RowProblem(String file, Integer row, String column, String code, String message) {
}
