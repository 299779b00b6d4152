package org.staffroom.imports;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What bounds an import: no row longer than {@code staffroom.imports.max-line-chars}
 * (4,096 here) is built into a string (a file of one endless line stops at the limit,
 * {@code line_too_long}), and a job is claimed at most
 * {@code staffroom.imports.max-attempts} times (2 here).
 */
@TestPropertySource(properties = { "staffroom.imports.max-line-chars=4096", "staffroom.imports.max-attempts=2" })
class ImportLimitsTests extends ApiTestCase {

	private JsonNode staffImport(Trust trust, String csv) {
		var started = trust.admin.postBytes(trust.path("/imports?kind=staff-csv&dryRun=true"),
				csv.getBytes(StandardCharsets.UTF_8), "text/csv");
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		String id = started.json().get("id").asString();
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
			String status = trust.admin.get(trust.path("/imports/" + id)).json().get("status").asString();
			return status.equals("succeeded") || status.equals("failed");
		});
		return trust.admin.get(trust.path("/imports/" + id)).json();
	}

	@Test
	void aStaffCsvRowLongerThanTheLimitStopsTheFileAsLineTooLong() {
		Trust trust = aTrust();
		String csv = "email,first name,last name\r\nada@school.test,Ada,Lovelace\r\ngrace@school.test,Grace,"
				+ "H".repeat(10_000) + "\r\nalan@school.test,Alan,Turing\r\n";
		JsonNode report = staffImport(trust, csv);
		assertThat(report.get("errors").valueStream().map(OneRosterImportTests::where).toList()).as(report.toString())
			.containsExactly("staff.csv 3 - line_too_long");
	}

	@Test
	void aStaffCsvQuoteThatNeverClosesStopsAtTheLimitAsLineTooLong() {
		Trust trust = aTrust();
		StringBuilder csv = new StringBuilder("email,first name,last name\r\nada@school.test,\"Ada,Lovelace\r\n");
		for (int i = 0; i < 1_000; i++) {
			csv.append("p").append(i).append("@school.test,P,").append(i).append("\r\n");
		}
		JsonNode report = staffImport(trust, csv.toString());
		assertThat(report.get("errors").findValuesAsString("code")).as(report.toString())
			.containsExactly("line_too_long");
	}

	@Test
	void aRosterFileWithALineLongerThanTheLimitIsLineTooLongAtThatRow() {
		Trust trust = aTrust();
		Map<String, String> files = OneRosterImportTests.files("v1p1", OneRosterImportTests.domain());
		files.put("orgs.csv", files.get("orgs.csv") + "x".repeat(50_000));
		JsonNode report = OneRosterImportTests.run(trust, trust.admin, OneRosterImportTests.zip(files), "dryRun=false");
		assertThat(report.get("status").asString()).isEqualTo("failed");
		// Reported once, at its row (what refers into the unread file is then missing, as
		// for any unread file).
		assertThat(report.get("errors").valueStream().map(OneRosterImportTests::where).toList()).as(report.toString())
			.startsWith("orgs.csv 7 - line_too_long")
			.containsOnlyOnce("orgs.csv 7 - line_too_long");
	}

	@Test
	void rowsUpToTheLimitAndQuotedValuesAreReadAsBefore() {
		Trust trust = aTrust();
		String csv = "email,first name,last name,job title\r\nada@school.test,Ada,Lovelace,\"Head of maths, \"\"KS3\"\"\"\r\n"
				+ "grace@school.test,Grace,Hopper," + "j".repeat(4_000) + "\r\n";
		JsonNode report = staffImport(trust, csv);
		assertThat(report.get("errors").valueStream().map(OneRosterImportTests::where).toList()).as(report.toString())
			.containsExactly("staff.csv 3 job title too_long");
		assertThat(report.get("counts").get("people").asInt()).isEqualTo(2);
	}

	@Test
	void aJobClaimedMoreTimesThanAllowedEndsFailedWithAReasonAndIsNotRunAgain() {
		Trust trust = aTrust();
		var started = trust.admin.postBytes(trust.path("/imports?kind=staff-csv&dryRun=true"),
				"email,first name,last name\r\nada@school.test,Ada,Lovelace\r\n".getBytes(StandardCharsets.UTF_8),
				"text/csv");
		String id = started.json().get("id").asString();
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> !trust.admin.get(trust.path("/imports/" + id))
				.json()
				.get("status")
				.asString()
				.matches("queued|running"));
		// As nodes that died in it twice leave it: running, its claim lapsed, claimed
		// twice, its file there.
		this.jdbc.sql("INSERT INTO import_file_chunks (job_id, seq, content) VALUES (?, 0, ?)")
			.params(id,
					"email,first name,last name\r\nada@school.test,Ada,Lovelace\r\n".getBytes(StandardCharsets.UTF_8))
			.update();
		this.jdbc
			.sql("UPDATE import_jobs SET status = 'running', claimed_by = 'node-gone', claimed_until = ?, attempts = 2,"
					+ " finished_at = NULL, message = NULL WHERE id = ?")
			.params(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(5), id)
			.update();
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> trust.admin.get(trust.path("/imports/" + id))
				.json()
				.get("status")
				.asString()
				.equals("failed"));
		JsonNode report = trust.admin.get(trust.path("/imports/" + id)).json();
		assertThat(report.get("message").asString()).contains("stopped 2 times");
		assertThat(report.get("errors").findValuesAsString("code")).containsExactly("import_failed");
		assertThat(
				this.jdbc.sql("SELECT attempts FROM import_jobs WHERE id = ?").param(id).query(Integer.class).single())
			.isEqualTo(3);
	}

}
