package org.staffroom.testing;

import java.util.List;
import java.util.Map;

/**
 * What each built-in role grants for results, read from access-model.md section 3 by hand
 * (not from the code): the oracle that the results tests compare the engine and the API
 * with.
 */
public final class ResultsRoleTable {

	/**
	 * A results permission ("pupils", "summary", "compare") at an anchor ("assigned",
	 * "school", "organisation").
	 */
	public record Held(String permission, String anchor) {
	}

	public static final Map<String, List<Held>> ROLES = Map.of("headteacher",
			List.of(new Held("pupils", "assigned"), new Held("summary", "assigned"),
					new Held("compare", "organisation")),
			"teacher",
			List.of(new Held("pupils", "assigned"), new Held("summary", "school"), new Held("compare", "organisation")),
			"org-overview", List.of(new Held("summary", "assigned")), "examiner",
			List.of(new Held("pupils", "assigned")), "org-admin", List.of(new Held("summary", "assigned")),
			"results-analysis", List.of(new Held("summary", "assigned"), new Held("pupils", "assigned")), "user-admin",
			List.of());

	private ResultsRoleTable() {
	}

}
