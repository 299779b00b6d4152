package org.staffroom.imports;

import java.util.ArrayList;
import java.util.Comparator;

/**
 * The problems of one import, as they are found: every one is counted, and the first
 * {@value #LISTED} are kept for the report. A broken file of millions of rows can have a
 * problem on each, and neither the import nor its report may need memory in proportion
 * (nobody corrects a hundred thousand rows from one report; the count says how many there
 * are).
 */
final class ImportProblems extends ArrayList<ImportProblem> {

	/** How many problems a report lists at most. */
	static final int LISTED = 100_000;

	private final int listed;

	private long found;

	ImportProblems() {
		this(LISTED);
	}

	ImportProblems(int listed) {
		this.listed = listed;
	}

	/** Counts the problem, and keeps it while fewer than the most listed are kept. */
	@Override
	public boolean add(ImportProblem problem) {
		this.found++;
		return this.size() < this.listed && super.add(problem);
	}

	/** Every problem found, listed or not. */
	long found() {
		return this.found;
	}

	/**
	 * Forgets the problems found after {@code found} had been found (a pass made again to
	 * write what it checked).
	 */
	void forgetAfter(long found) {
		if (this.found > found) {
			int keep = (int) Math.min(this.size(), found);
			this.subList(keep, this.size()).clear();
			this.found = found;
		}
	}

	/**
	 * Sorts what is listed, and ends the list with one entry saying how many more were
	 * found, if any.
	 */
	void sortForReport(Comparator<ImportProblem> order) {
		this.sort(order);
		if (this.found > this.size()) {
			super.add(new ImportProblem(null, null, null, "too_many_problems", (this.found - this.size())
					+ " more problems were found and are not listed here: correct these, then check the file again"));
		}
	}

	/** The number of problems found, as the report's "errors" count. */
	int count() {
		return (int) Math.min(Integer.MAX_VALUE, this.found);
	}

}
