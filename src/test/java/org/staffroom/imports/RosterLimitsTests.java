package org.staffroom.imports;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A roster's members of staff are decided together in memory, so a package may have at
 * most {@code staffroom.imports.max-roster-staff} of them (250,000 by default; 3 here,
 * against the test package's 6).
 */
@TestPropertySource(properties = "staffroom.imports.max-roster-staff=3")
class RosterLimitsTests extends ApiTestCase {

	@Test
	void staffPastTheMostARosterMayHaveAreReportedOnceAndLeftOut() {
		Trust trust = aTrust();
		Map<String, String> files = OneRosterImportTests.files("v1p1", OneRosterImportTests.domain());
		JsonNode dry = OneRosterImportTests.run(trust, trust.admin, OneRosterImportTests.zip(files), "dryRun=true");
		assertThat(dry.get("errors")).as(dry.toString()).hasSize(1);
		assertThat(OneRosterImportTests.where(dry.get("errors").get(0)))
			.isEqualTo("users.csv 5 sourcedId too_many_staff");
		JsonNode failed = OneRosterImportTests.run(trust, trust.admin, OneRosterImportTests.zip(files), "dryRun=false");
		assertThat(failed.get("status").asString()).isEqualTo("failed");
		JsonNode partial = OneRosterImportTests.run(trust, trust.admin, OneRosterImportTests.zip(files),
				"dryRun=false&partial=true");
		assertThat(partial.get("status").asString()).as(partial.toString()).isEqualTo("succeeded");
		assertThat(partial.get("counts").get("invited").asInt()).isEqualTo(3);
		assertThat(partial.get("counts").get("pupilsCreated").asInt()).isEqualTo(5);
	}

}
