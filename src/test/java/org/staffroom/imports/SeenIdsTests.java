package org.staffroom.imports;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fixed-size Bloom filter that tells a roster import which enrolment sourcedIds to
 * check for repeats.
 */
class SeenIdsTests {

	@Test
	void everyRepeatIsFlaggedAndFewNewIdsAreAtALargeDistrictsSize() {
		RosterStaging.SeenIds seen = new RosterStaging.SeenIds();
		int wronglyFlagged = 0;
		for (int i = 0; i < 600_000; i++) {
			if (seen.add("enr-" + i)) {
				wronglyFlagged++;
			}
		}
		assertThat(wronglyFlagged).as("new ids said to be repeats, of 600,000").isLessThan(3);
		for (int i = 0; i < 600_000; i += 97) {
			assertThat(seen.add("enr-" + i)).as("enr-" + i).isTrue();
		}
		assertThat(seen.add("ENR-1")).as("ids are compared exactly, case and all").isFalse();
	}

}
