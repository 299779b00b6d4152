package org.staffroom.access;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Small-group suppression, for one viewer and one set of counts (pupils with a result,
 * per class).
 *
 * <p>
 * Primary: an aggregate over fewer than k pupils is suppressed for a viewer who may not
 * see all those pupils one by one. Complementary: totals that the viewer may see must not
 * give a small group away by subtraction (a school's total minus its visible classes,
 * say). Because units nest, what a viewer knows is a laminar family of sets: the units
 * whose totals they see unsuppressed, and the units whose pupils they see. Every figure
 * they can derive from those is a sum of <em>regions</em>: a known unit minus its largest
 * known units inside it. So it is enough that every region holds no pupils or at least k.
 * Where a region is too small, the smallest known unit inside it that would make it big
 * enough is suppressed as well, or else the unit itself (the organisation's total always
 * goes first), and the check runs again until every region is safe.
 */
public final class SmallGroups {

	private final AccessSnapshot snapshot;

	private final int[] count;

	private final boolean[] suppressed;

	private SmallGroups(AccessSnapshot snapshot, int[] count, boolean[] suppressed) {
		this.snapshot = snapshot;
		this.count = count;
		this.suppressed = suppressed;
	}

	/**
	 * @param viewer what the viewer may see
	 * @param pupilsPerClass how many pupils each class has in the aggregate (classes left
	 * out have none)
	 * @param k the organisation's smallest group that may be shown
	 */
	public static SmallGroups decide(ResultsVisibility viewer, Map<String, Integer> pupilsPerClass, int k) {
		AccessSnapshot s = viewer.snapshot();
		int n = s.unitCount();
		int[] count = new int[n];
		pupilsPerClass.forEach((classId, pupils) -> {
			int c = s.unit(classId);
			if (c >= 0) {
				count[c] += pupils;
			}
		});
		// Children come after their parents in tree order: add each unit's count into its
		// parent.
		for (int t = n - 1; t > 0; t--) {
			int u = s.unitInTreeOrder(t);
			count[s.parentIndex(u)] += count[u];
		}
		boolean[] pupilsSeen = new boolean[n];
		boolean[] visible = new boolean[n];
		boolean[] suppressed = new boolean[n];
		for (int u = 0; u < n; u++) {
			pupilsSeen[u] = viewer.pupilsReason(u).isPresent();
			visible[u] = pupilsSeen[u] || viewer.aggregateReason(u).isPresent();
			suppressed[u] = visible[u] && !pupilsSeen[u] && count[u] > 0 && count[u] < k;
		}
		int[] nearestKnownAbove = new int[n];
		int[] region = new int[n];
		boolean changed = true;
		while (changed) {
			changed = false;
			// Regions: each known unit's count, less the counts of the known units
			// nearest inside it.
			for (int t = 0; t < n; t++) {
				int u = s.unitInTreeOrder(t);
				int p = s.parentIndex(u);
				nearestKnownAbove[u] = (p < 0) ? -1 : (known(p, visible, suppressed) ? p : nearestKnownAbove[p]);
				region[u] = count[u];
			}
			for (int u = 0; u < n; u++) {
				if (known(u, visible, suppressed) && nearestKnownAbove[u] >= 0) {
					region[nearestKnownAbove[u]] -= count[u];
				}
			}
			for (int t = 0; t < n; t++) {
				int p = s.unitInTreeOrder(t);
				if (!known(p, visible, suppressed) || pupilsSeen[p] || region[p] == 0 || region[p] >= k) {
					continue;
				}
				// Too small a region: widen it by hiding the known unit inside whose own
				// region is the smallest that is not empty (it then joins p's region), or
				// else hide p itself. The organisation's own total is hidden first:
				// nobody's role is about it, whereas a school's total is what the guide
				// promises teachers and headteachers.
				int widen = -1;
				for (int u = (p == 0) ? n : 0; u < n; u++) {
					if (nearestKnownAbove[u] == p && known(u, visible, suppressed) && !pupilsSeen[u] && region[u] > 0
							&& (widen < 0 || region[u] < region[widen])) {
						widen = u;
					}
				}
				suppressed[(widen >= 0) ? widen : p] = true;
				changed = true;
				break;
			}
		}
		return new SmallGroups(s, count, suppressed);
	}

	private static boolean known(int u, boolean[] visible, boolean[] suppressed) {
		return visible[u] && !suppressed[u];
	}

	/** Whether the unit's aggregate is shown to this viewer as suppressed. */
	public boolean isSuppressed(String unitId) {
		int u = this.snapshot.unit(unitId);
		return u >= 0 && this.suppressed[u];
	}

	/**
	 * How many pupils the aggregate of the unit covers (for the server's own use, never
	 * for a suppressed one).
	 */
	public int count(String unitId) {
		int u = this.snapshot.unit(unitId);
		return (u < 0) ? 0 : this.count[u];
	}

	public Set<String> suppressedUnits() {
		Set<String> ids = new HashSet<>();
		for (int u = 0; u < this.suppressed.length; u++) {
			if (this.suppressed[u]) {
				ids.add(this.snapshot.unitId(u));
			}
		}
		return ids;
	}

}
