package org.staffroom.results;

import java.math.BigDecimal;

/**
 * The results of one class in one assessment, added up: how many pupils, the sum of their
 * scores, and how many in each band. Tallies add, so a year's or a school's is the sum of
 * its classes'.
 */
record ClassTally(int count, BigDecimal scoreSum, int[] bands) {

	public static ClassTally empty(int bandCount) {
		return new ClassTally(0, BigDecimal.ZERO, new int[bandCount]);
	}

	public ClassTally plus(ClassTally other) {
		int[] sum = this.bands.clone();
		for (int i = 0; i < sum.length && i < other.bands.length; i++) {
			sum[i] += other.bands[i];
		}
		return new ClassTally(this.count + other.count, this.scoreSum.add(other.scoreSum), sum);
	}

}
