package org.staffroom.results;

import java.time.LocalDate;
import java.util.List;

/** An assessment: a name, the date it was taken, and its bands from lowest to highest. */
public record Assessment(String id, String organisationId, String name, LocalDate date, List<String> bands,
		long resultsVersion) {

	/**
	 * The band's position (0 = lowest), matched without regard to case or surrounding
	 * space; -1 if none.
	 */
	public int bandIndex(String band) {
		if (band == null) {
			return -1;
		}
		String wanted = band.strip();
		for (int i = 0; i < this.bands.size(); i++) {
			if (this.bands.get(i).equalsIgnoreCase(wanted)) {
				return i;
			}
		}
		return -1;
	}

}
