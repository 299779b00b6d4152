package org.staffroom.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The span of some vectors, kept in reduced row-echelon form over the integers modulo a
 * large prime: whether a vector is a combination (sums and differences) of them. Used to
 * prove that no small group's total can be derived from the totals someone is shown.
 */
public final class LinearSpan {

	static final long P = 1_000_000_007L;

	private final List<long[]> rows = new ArrayList<>();

	private final List<Integer> pivots = new ArrayList<>();

	public LinearSpan(List<long[]> vectors) {
		for (long[] v : vectors) {
			long[] r = reduce(v.clone());
			int pivot = firstNonZero(r);
			if (pivot >= 0) {
				long inverse = power(r[pivot], P - 2);
				for (int i = 0; i < r.length; i++) {
					r[i] = r[i] * inverse % P;
				}
				// Keep every row reduced against the new pivot too.
				for (long[] other : this.rows) {
					long factor = other[pivot];
					if (factor != 0) {
						for (int i = 0; i < other.length; i++) {
							other[i] = Math.floorMod(other[i] - factor * r[i], P);
						}
					}
				}
				this.rows.add(r);
				this.pivots.add(pivot);
			}
		}
	}

	public boolean contains(long[] v) {
		return firstNonZero(reduce(v.clone())) < 0;
	}

	private long[] reduce(long[] v) {
		for (int j = 0; j < this.rows.size(); j++) {
			long factor = v[this.pivots.get(j)];
			if (factor != 0) {
				long[] r = this.rows.get(j);
				for (int i = 0; i < v.length; i++) {
					v[i] = Math.floorMod(v[i] - factor * r[i], P);
				}
			}
		}
		return v;
	}

	private static int firstNonZero(long[] v) {
		for (int i = 0; i < v.length; i++) {
			if (v[i] != 0) {
				return i;
			}
		}
		return -1;
	}

	private static long power(long base, long exponent) {
		long result = 1;
		long b = base % P;
		for (long e = exponent; e > 0; e >>= 1) {
			if ((e & 1) == 1) {
				result = result * b % P;
			}
			b = b * b % P;
		}
		return result;
	}

}
