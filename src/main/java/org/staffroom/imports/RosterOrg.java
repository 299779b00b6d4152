package org.staffroom.imports;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** A row of orgs.csv, as read. */
record RosterOrg(int row, String id, String name, String type, String parent, boolean deleted) {

	/**
	 * Checks the package's org tree: reports each org whose parent is neither in the
	 * package nor {@code knownHere}, and each org on a cycle. Returns the orgs on a cycle
	 * (sourcedId to row).
	 */
	static Map<String, Integer> checkTree(Map<String, RosterOrg> orgs, Predicate<String> knownHere,
			ImportProblems problems) {
		Map<String, Integer> cycleRow = new HashMap<>();
		for (RosterOrg o : orgs.values()) {
			// Walk up: a parent that is neither in the file nor known here is an unknown
			// reference, and coming back to an org already on the walk is a cycle.
			Set<String> walk = new LinkedHashSet<>();
			String at = o.id();
			while (at != null && walk.add(at)) {
				RosterOrg current = orgs.get(at);
				if (current == null) {
					break;
				}
				if (current.parent() != null && !orgs.containsKey(current.parent())
						&& !knownHere.test(current.parent())) {
					if (current == o) {
						problems.add(new ImportProblem("orgs.csv", o.row(), "parentSourcedId", "unknown_reference",
								"parentSourcedId " + o.parent()
										+ " is no org of this package or of this organisation"));
					}
					break;
				}
				at = current.parent();
			}
			if (at != null && walk.contains(at) && orgs.containsKey(at) && at.equals(o.id())) {
				cycleRow.put(o.id(), o.row());
			}
		}
		cycleRow.values()
			.stream()
			.sorted()
			.forEach((row) -> problems.add(new ImportProblem("orgs.csv", row, "parentSourcedId", "org_cycle",
					"The org's parentSourcedId leads back to itself: the org tree has a cycle")));
		return cycleRow;
	}

}
