package org.staffroom.imports;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.staffroom.system.csv.SpreadsheetSafe;
import org.staffroom.testing.Api;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Importing colleagues from a staff CSV: dry runs, every problem reported, all or
 * nothing.
 */
class StaffImportTests extends ApiTestCase {

	private static final String HEADER = "email,first name,last name,job title,role,school,year or class\r\n";

	private JsonNode run(Trust trust, Api as, String csv, boolean dryRun, boolean partial) {
		return run(trust, as, csv.getBytes(StandardCharsets.UTF_8), dryRun, partial);
	}

	private JsonNode run(Trust trust, Api as, byte[] csv, boolean dryRun, boolean partial) {
		var started = as.postBytes(trust.path("/imports?kind=staff-csv&dryRun=" + dryRun + "&partial=" + partial), csv,
				"text/csv");
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		assertThat(started.json().get("status").asString()).isEqualTo("queued");
		String id = started.json().get("id").asString();
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
			String status = as.get(trust.path("/imports/" + id)).json().get("status").asString();
			return status.equals("succeeded") || status.equals("failed");
		});
		return as.get(trust.path("/imports/" + id)).json();
	}

	private static List<String> codes(JsonNode report) {
		return report.get("errors").findValuesAsString("code");
	}

	private long members(Trust trust) {
		return trust.admin.get(trust.path("/members?size=200")).json().get("total").asLong();
	}

	@Test
	void aDryRunChangesNothingThenTheRealRunInvitesEveryoneAndASecondImportChangesNothing() {
		Trust trust = aTrust();
		String oak = trust.school("Oak Primary");
		String y7 = trust.year(oak, "Year 7");
		trust.classIn(y7, "7A");
		trust.classIn(y7, "7B");
		String ada = email("ada");
		String csv = HEADER + ada + ",Ada,Lovelace,Head of maths,teacher,Oak Primary,7A\r\n" + ada.toUpperCase()
				+ ",Ada,Lovelace,Head of maths,teacher,Oak Primary,7B\r\n" + email("grace")
				+ ",Grace,Hopper,Head,headteacher,oak primary,\r\n" + email("alan")
				+ ",Alan,\"Turing, OBE\",Business manager,user-admin,,\r\n";
		long before = members(trust);

		JsonNode dry = run(trust, trust.admin, csv, true, false);
		assertThat(dry.get("status").asString()).isEqualTo("succeeded");
		assertThat(dry.get("errors")).isEmpty();
		assertThat(dry.get("counts").get("people").asInt()).isEqualTo(3);
		assertThat(dry.get("counts").get("invited").asInt()).isEqualTo(3);
		assertThat(members(trust)).isEqualTo(before);

		JsonNode real = run(trust, trust.admin, csv, false, false);
		assertThat(real.get("status").asString()).as(real.toString()).isEqualTo("succeeded");
		assertThat(real.get("progress").get("done").asInt()).isEqualTo(4);
		assertThat(members(trust)).isEqualTo(before + 3);
		var adaMember = trust.admin.get(trust.path("/members?q=lovelace")).json().get("items").get(0);
		assertThat(adaMember.get("roles")).hasSize(2);
		assertThat(trust.admin.get(trust.path("/members?q=obe")).json().get("total").asInt()).isEqualTo(1);

		JsonNode again = run(trust, trust.admin, csv, false, false);
		assertThat(again.get("status").asString()).isEqualTo("succeeded");
		assertThat(again.get("counts").get("unchanged").asInt()).isEqualTo(3);
		assertThat(again.get("counts").get("rolesAdded").asInt()).isZero();
		assertThat(members(trust)).isEqualTo(before + 3);
	}

	@Test
	void everyProblemIsReportedAtOnceWithItsRowAndNothingIsApplied() {
		Trust trust = aTrust();
		trust.school("Oak Primary");
		String dup = email("dup");
		String csv = HEADER + "not-an-email,A,B,,teacher,Oak Primary,\r\n" // row 2: bad
																			// email
				+ dup + ",Sam,One,,org-overview,,\r\n" // row 3
				+ dup + ",Sam,Two,,org-overview,,\r\n" // row 4: same email, another
														// person
				+ email("x") + ",Kim,Lee,,wizard,,\r\n" // row 5: unknown role
				+ email("y") + ",Jo,Ray,,teacher,Elm School,7A\r\n" // row 6: unknown
																	// school
				+ email("z") + ",Al,Bo,,headteacher,,\r\n" // row 7: headteacher at the
															// organisation
				+ email("ok") + ",Ok,Person,,org-overview,,\r\n"; // row 8: fine
		long before = members(trust);
		JsonNode report = run(trust, trust.admin, csv, false, false);
		assertThat(report.get("status").asString()).isEqualTo("failed");
		assertThat(codes(report)).containsExactly("invalid_email", "duplicate_email", "unknown_role", "unknown_unit",
				"unit_type_mismatch");
		assertThat(report.get("errors").findValues("row").stream().map(JsonNode::asInt).toList()).containsExactly(2, 4,
				5, 6, 7);
		assertThat(members(trust)).isEqualTo(before);

		JsonNode partial = run(trust, trust.admin, csv, false, true);
		assertThat(partial.get("status").asString()).isEqualTo("succeeded");
		assertThat(members(trust)).isEqualTo(before + 2);
	}

	@Test
	void aMissingColumnAnUnterminatedQuoteAndAWrongEncodingAreReported() {
		Trust trust = aTrust();
		assertThat(codes(run(trust, trust.admin, "email,first name\r\na@b.test,A\r\n", true, false)))
			.containsExactly("missing_column");
		assertThat(codes(run(trust, trust.admin, HEADER + email("q") + ",\"Unclosed,B,,,,\r\n", true, false)))
			.containsExactly("unterminated_quote");
		byte[] latin1 = (HEADER + email("e") + ",Zo\u00eb,Smith,,org-overview,,\r\n")
			.getBytes(StandardCharsets.ISO_8859_1);
		assertThat(codes(run(trust, trust.admin, latin1, true, false))).containsExactly("wrong_encoding");
	}

	@Test
	void aByteOrderMarkAndLineFeedsAloneAreFine() {
		Trust trust = aTrust();
		String csv = "\uFEFF" + HEADER.replace("\r\n", "\n") + email("bom") + ",Zoë,Smith,,org-overview,,\n";
		JsonNode report = run(trust, trust.admin, csv, true, false);
		assertThat(report.get("errors")).isEmpty();
		assertThat(report.get("counts").get("invited").asInt()).isEqualTo(1);
	}

	@Test
	void aSchoolUserAdminsImportCannotTouchAnotherSchool() {
		Trust trust = aTrust();
		String oak = trust.school("Oak Primary");
		trust.school("Elm Academy");
		Member admin = trust.member("user-admin", oak);
		String csv = HEADER + email("t1") + ",Tess,Oak,,teacher,Oak Primary,\r\n" + email("t2")
				+ ",Tom,Elm,,headteacher,Elm Academy,\r\n" + email("t3") + ",Eve,Exam,,examiner,Oak Primary,\r\n"
				+ email("t4") + ",Nia,Norole,,,,\r\n";
		JsonNode report = run(trust, admin.api(), csv, false, false);
		assertThat(report.get("status").asString()).isEqualTo("failed");
		assertThat(codes(report)).containsExactly("unit_type_mismatch", "out_of_scope", "escalation_denied",
				"out_of_scope");
	}

	@Test
	void formulasAreStoredAsGivenButNeutralisedInTheErrorReport() {
		Trust trust = aTrust();
		String csv = HEADER + email("f") + ",=HYPERLINK(\"http://evil\"),Smith,,wizard,,\r\n";
		JsonNode report = run(trust, trust.admin, csv, true, false);
		String id = report.get("id").asString();
		var errorsCsv = trust.admin.get(trust.path("/imports/" + id + "/errors.csv"));
		assertThat(errorsCsv.status()).isEqualTo(200);
		assertThat(errorsCsv.text()).doesNotContain(",=").contains("unknown_role");
		assertThat(SpreadsheetSafe.cell("=1+1")).isEqualTo("'=1+1");
		assertThat(SpreadsheetSafe.cell("-2")).isEqualTo("'-2");
		assertThat(SpreadsheetSafe.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
		assertThat(SpreadsheetSafe.cell("+44 1234")).isEqualTo("'+44 1234");
		assertThat(SpreadsheetSafe.cell("Ada")).isEqualTo("Ada");
	}

	@Test
	void someoneWithoutAccountsManageCannotImportAndOtherOrganisationsSeeNothing() {
		Trust trust = aTrust();
		Member viewer = trust.member("org-overview", null);
		var refused = viewer.api().postBytes(trust.path("/imports?kind=staff-csv"), HEADER.getBytes(), "text/csv");
		assertThat(refused.status()).isEqualTo(403);
		Trust other = aTrust();
		JsonNode report = run(trust, trust.admin, HEADER + email("a") + ",A,B,,,,\r\n", true, false);
		assertThat(other.admin.get(other.path("/imports/" + report.get("id").asString())).status()).isEqualTo(404);
		assertThat(other.admin.get(trust.path("/imports/" + report.get("id").asString())).status()).isEqualTo(404);
	}

}
