package org.staffroom.imports;

import java.util.List;

/**
 * A row of classes.csv, as read and checked on its own: {@code title} is null when
 * missing or too long, {@code grades} are its own (not yet its course's).
 */
record RosterClass(int row, String id, boolean deleted, String title, boolean homeroom, String course, String schoolOrg,
		List<String> grades) {

	ImportProblem problem(String column, String code, String message) {
		return new ImportProblem("classes.csv", this.row, column, code, message);
	}

}
