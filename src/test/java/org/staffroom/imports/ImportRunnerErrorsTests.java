package org.staffroom.imports;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

/**
 * A job whose run dies of an error (here every roster run throws one, as a package that
 * exhausts memory would) ends failed with the reason at once: it is neither left running
 * nor claimed again.
 */
class ImportRunnerErrorsTests extends ApiTestCase {

	@MockitoBean
	ImportingRoster roster;

	private int attempts(String id) {
		return this.jdbc.sql("SELECT attempts FROM import_jobs WHERE id = ?").param(id).query(Integer.class).single();
	}

	private JsonNode runUntilEnded(Trust trust) {
		var started = trust.admin.postBytes(trust.path("/imports?kind=oneroster&dryRun=false"),
				OneRosterImportTests.zip(OneRosterImportTests.files("v1p1", OneRosterImportTests.domain())),
				"application/zip");
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		String id = started.json().get("id").asString();
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> !trust.admin.get(trust.path("/imports/" + id))
				.json()
				.get("status")
				.asString()
				.matches("queued|running"));
		return trust.admin.get(trust.path("/imports/" + id)).json();
	}

	@Test
	void aJobWhoseRunRunsOutOfMemoryEndsFailedWithTheReasonAndIsNotClaimedAgain() throws Exception {
		when(this.roster.run(any(), any(), any(), any(), any(), any()))
			.thenThrow(new OutOfMemoryError("Java heap space"));
		Trust trust = aTrust();
		JsonNode report = runUntilEnded(trust);
		String id = report.get("id").asString();
		assertThat(report.get("status").asString()).as(report.toString()).isEqualTo("failed");
		assertThat(report.get("message").asString()).contains("ran out of memory");
		assertThat(report.get("errors").findValuesAsString("code")).containsExactly("import_failed");
		Thread.sleep(3_000);
		assertThat(attempts(id)).isEqualTo(1);
		assertThat(trust.admin.get(trust.path("/imports/" + id)).json().get("status").asString()).isEqualTo("failed");
	}

	@Test
	void everyJobWhoseRunThrowsRepeatedlyEndsFailedAfterOneAttemptEach() {
		when(this.roster.run(any(), any(), any(), any(), any(), any())).thenThrow(new StackOverflowError());
		Trust trust = aTrust();
		for (int i = 0; i < 3; i++) {
			JsonNode report = runUntilEnded(trust);
			assertThat(report.get("status").asString()).as(report.toString()).isEqualTo("failed");
			assertThat(report.get("message").asString()).isNotBlank();
			assertThat(attempts(report.get("id").asString())).isEqualTo(1);
		}
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM import_jobs WHERE organisation_id = ? AND status <> 'failed'")
			.param(trust.id)
			.query(Long.class)
			.single()).isZero();
	}

}
