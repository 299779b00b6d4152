package org.staffroom.imports;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A student with no class enrolment is valid OneRoster (a new pupil not placed yet): they
 * are placed at their school (users.csv's orgSourcedIds in 1.1, roles.csv in 1.2),
 * counted and listed as a notice, and the import applies; their results are seen at
 * school level only.
 */
class RosterPupilsWithoutAClassTests extends ApiTestCase {

	private static final String NEW_PUPIL_11 = "s-9,,,true,sch-oak,student,nine,,Nia,Nine,,UPN0009,,,,,07,\r\n";

	private static List<String> notices(JsonNode report) {
		return report.get("notices").valueStream().map(OneRosterImportTests::where).toList();
	}

	private String unitNamed(Trust trust, String name) {
		for (JsonNode unit : trust.admin.get(trust.path("/units")).json()) {
			if (unit.get("name").asString().equals(name)) {
				return unit.get("id").asString();
			}
		}
		throw new AssertionError("No unit called " + name);
	}

	private String pupilUnit(Trust trust, String sourceId) {
		return this.jdbc.sql("SELECT class_id FROM pupils WHERE organisation_id = ? AND source_id = ?")
			.params(trust.id, sourceId)
			.query(String.class)
			.single();
	}

	@Test
	void aOneRoster11StudentWithNoClassEnrolmentIsPlacedAtTheirSchoolAndListedAsANotice() {
		Trust trust = aTrust();
		Map<String, String> files = OneRosterImportTests.files("v1p1", OneRosterImportTests.domain());
		files.put("users.csv", files.get("users.csv") + NEW_PUPIL_11);
		JsonNode dry = OneRosterImportTests.run(trust, trust.admin, OneRosterImportTests.zip(files), "dryRun=true");
		assertThat(dry.get("errors")).as(dry.toString()).isEmpty();
		assertThat(notices(dry)).containsExactly("users.csv 14 sourcedId placed_at_school");
		JsonNode report = OneRosterImportTests.run(trust, trust.admin, OneRosterImportTests.zip(files), "dryRun=false");
		assertThat(report.get("status").asString()).as(report.toString()).isEqualTo("succeeded");
		assertThat(report.get("errors")).isEmpty();
		assertThat(notices(report)).containsExactly("users.csv 14 sourcedId placed_at_school");
		assertThat(report.get("counts").get("pupilsCreated").asInt()).isEqualTo(6);
		assertThat(report.get("counts").get("pupilsWithoutClass").asInt()).isEqualTo(1);
		assertThat(pupilUnit(trust, "s-9")).isEqualTo(unitNamed(trust, "Oak Academy"));
		JsonNode again = OneRosterImportTests.run(trust, trust.admin, OneRosterImportTests.zip(files), "dryRun=false");
		assertThat(again.get("status").asString()).as(again.toString()).isEqualTo("succeeded");
		assertThat(again.get("counts").get("pupilsUnchanged").asInt()).isEqualTo(6);
	}

	@Test
	void aOneRoster12StudentWithNoClassEnrolmentIsPlacedAtTheSchoolOfTheirStudentRole() {
		Trust trust = aTrust();
		Map<String, String> files = OneRosterImportTests.files("v1p2", OneRosterImportTests.domain());
		files.put("users.csv", files.get("users.csv") + "s-9,,,true,nine,,Nia,Nine,,UPN0009,,,,,03,,,,,,,sch-ore,\r\n");
		files.put("roles.csv", files.get("roles.csv") + "r-99,,,s-9,primary,student,,,sch-ore,\r\n");
		JsonNode report = OneRosterImportTests.run(trust, trust.admin, OneRosterImportTests.zip(files), "dryRun=false");
		assertThat(report.get("status").asString()).as(report.toString()).isEqualTo("succeeded");
		assertThat(report.get("errors")).isEmpty();
		assertThat(report.get("notices")).hasSize(1);
		assertThat(report.get("notices").get(0).get("code").asString()).isEqualTo("placed_at_school");
		assertThat(report.get("counts").get("pupilsWithoutClass").asInt()).isEqualTo(1);
		assertThat(pupilUnit(trust, "s-9")).isEqualTo(unitNamed(trust, "Øresund Primary"));
	}

	@Test
	void aPupilPlacedAtTheirSchoolHasResultsSeenByTheSchoolsHeadteacherAndNotByAClassTeacher() {
		Trust trust = aTrust();
		Map<String, String> files = OneRosterImportTests.files("v1p1", OneRosterImportTests.domain());
		files.put("users.csv", files.get("users.csv") + NEW_PUPIL_11);
		JsonNode report = OneRosterImportTests.run(trust, trust.admin, OneRosterImportTests.zip(files), "dryRun=false");
		assertThat(report.get("status").asString()).as(report.toString()).isEqualTo("succeeded");
		String oak = unitNamed(trust, "Oak Academy");
		String registration = unitNamed(trust, "7 Registration");
		Member examiner = trust.member("examiner", trust.root);
		var assessment = examiner.api()
			.post(trust.path("/assessments"),
					Map.of("name", "Spelling", "date", "2026-11-20", "bands", List.of("below", "at", "above")));
		assertThat(assessment.status()).as(assessment.toString()).isEqualTo(201);
		String assessmentId = assessment.json().get("id").asString();
		var recorded = examiner.api()
			.postBytes(trust.path("/assessments/" + assessmentId + "/results"),
					"pupil,score,band\r\nUPN0009,55,at\r\nUPN0001,40,below\r\n".getBytes(StandardCharsets.UTF_8),
					"text/csv");
		assertThat(recorded.status()).as(recorded.toString()).isEqualTo(200);
		assertThat(recorded.json().get("counts").get("recorded").asInt()).isEqualTo(2);

		Member head = trust.member("headteacher", oak);
		var seen = head.api().get(trust.path("/results/pupils?assessmentId=" + assessmentId + "&unitId=" + oak));
		assertThat(seen.status()).as(seen.toString()).isEqualTo(200);
		assertThat(seen.json().findValuesAsString("externalId")).contains("UPN0009", "UPN0001");

		Member teacher = trust.member("teacher", registration);
		var own = teacher.api()
			.get(trust.path("/results/pupils?assessmentId=" + assessmentId + "&unitId=" + registration));
		assertThat(own.status()).as(own.toString()).isEqualTo(200);
		assertThat(own.json().findValuesAsString("externalId")).contains("UPN0001").doesNotContain("UPN0009");
		var school = teacher.api().get(trust.path("/results/pupils?assessmentId=" + assessmentId + "&unitId=" + oak));
		assertThat(school.status()).as(school.toString()).isEqualTo(403);
	}

	@Test
	void aRosterNameWithAControlCharacterIsRefusedOnItsRowAsTheStaffCsvRefusesIt() {
		Trust trust = aTrust();
		Map<String, String> files = OneRosterImportTests.files("v1p1", OneRosterImportTests.domain());
		files.put("users.csv",
				files.get("users.csv")
					.replace(",Ada,Lovelace,", ",Ada\u202E,Lovelace,")
					.replace(",Nowak-Wiśniewska,", ",Nowak\u0007,"));
		JsonNode dry = OneRosterImportTests.run(trust, trust.admin, OneRosterImportTests.zip(files), "dryRun=true");
		assertThat(dry.get("errors").valueStream().map(OneRosterImportTests::where).toList()).as(dry.toString())
			.containsExactly("users.csv 2 givenName invalid_characters", "users.csv 10 familyName invalid_characters");
	}

	@Test
	void aOneRoster12StudentNameWithAControlCharacterOrANulIsRefusedOnItsRowOnBothDatabases() {
		Trust trust = aTrust();
		Map<String, String> files = OneRosterImportTests.files("v1p2", OneRosterImportTests.domain());
		files.put("users.csv",
				files.get("users.csv").replace(",José,", ",Jo\u200Bsé\u0000,").replace(",Łucja,", ",Łu\u0000cja,"));
		JsonNode dry = OneRosterImportTests.run(trust, trust.admin, OneRosterImportTests.zip(files), "dryRun=true");
		assertThat(dry.get("errors").valueStream().map(OneRosterImportTests::where).toList()).as(dry.toString())
			.containsExactly("users.csv 10 givenName invalid_characters", "users.csv 13 givenName invalid_characters");
	}

	@Test
	void aLoneSurrogateCannotReachARosterNameSinceTheFileIsStrictUtf8() {
		// A lone surrogate encoded as UTF-8 (ED A0 80) is no UTF-8: the file is refused
		// before any name is read.
		Trust trust = aTrust();
		Map<String, Object> files = new java.util.LinkedHashMap<>(
				OneRosterImportTests.files("v1p1", OneRosterImportTests.domain()));
		byte[] users = ((String) files.get("users.csv")).replace(",Ada,Lovelace,", ",Ada#,Lovelace,")
			.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < users.length; i++) {
			if (users[i] == '#') {
				byte[] broken = new byte[users.length + 2];
				System.arraycopy(users, 0, broken, 0, i);
				broken[i] = (byte) 0xED;
				broken[i + 1] = (byte) 0xA0;
				broken[i + 2] = (byte) 0x80;
				System.arraycopy(users, i + 1, broken, i + 3, users.length - i - 1);
				users = broken;
				break;
			}
		}
		files.put("users.csv", users);
		JsonNode dry = OneRosterImportTests.run(trust, trust.admin, OneRosterImportTests.zip(files), "dryRun=true");
		assertThat(dry.get("errors").findValuesAsString("code")).as(dry.toString()).contains("wrong_encoding");
	}

	@Test
	void aMemberWhoseStoredAddressNoLongerParsesIsReportedOnTheirRowAndTheImportStillEnds() {
		Trust trust = aTrust();
		String domain = OneRosterImportTests.domain();
		Map<String, String> files = OneRosterImportTests.files("v1p1", domain);
		JsonNode first = OneRosterImportTests.run(trust, trust.admin, OneRosterImportTests.zip(files), "dryRun=false");
		assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("succeeded");
		// Stored under older rules: an address with a space inside, which no longer
		// parses.
		int changed = this.jdbc.sql("UPDATE accounts SET email = ? WHERE LOWER(email) = ?")
			.params("ada lovelace@" + domain, "ada.lovelace@" + domain)
			.update();
		assertThat(changed).isEqualTo(1);
		files.put("users.csv", files.get("users.csv").replace(",Ada,Lovelace,", ",Ada,Byron,"));
		JsonNode dry = OneRosterImportTests.run(trust, trust.admin, OneRosterImportTests.zip(files), "dryRun=true");
		assertThat(dry.get("status").asString()).as(dry.toString()).isEqualTo("succeeded");
		assertThat(dry.get("errors").valueStream().map(OneRosterImportTests::where).toList())
			.containsExactly("users.csv 2 email invalid_email");
	}

}
