package org.staffroom.imports;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.staffroom.testing.Api;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;

/**
 * A roster import takes the organisation's lock only to write: changes by hand made while
 * it is planned are not held up, and the import, finding the organisation changed when it
 * locks it, plans again on what is there now, so no decision made on the older version is
 * applied. The import is held at the start of its planning (its first progress report)
 * for as long as a test needs.
 */
class RosterImportLockTests extends ApiTestCase {

	@MockitoSpyBean
	ImportJobs jobs;

	// Counted down when an import reaches its planning, while the test holds it there.
	private volatile CountDownLatch planning = new CountDownLatch(1);

	// Null: imports run on; otherwise the next import to start planning waits for it.
	private volatile CountDownLatch resume;

	// Run by the import's own thread at the start of each planning, when set.
	private volatile Runnable atEachPlan;

	private final AtomicInteger plans = new AtomicInteger();

	@BeforeEach
	void holdImportsAtTheirPlanning() {
		doAnswer((call) -> {
			this.plans.incrementAndGet();
			Runnable each = this.atEachPlan;
			if (each != null) {
				each.run();
			}
			CountDownLatch held = this.resume;
			if (held != null) {
				this.resume = null;
				this.planning.countDown();
				held.await(60, TimeUnit.SECONDS);
			}
			return call.callRealMethod();
		}).when(this.jobs).progress(anyString(), anyString(), eq(0), anyInt(), any());
	}

	@AfterEach
	void release() {
		CountDownLatch held = this.resume;
		if (held != null) {
			held.countDown();
		}
		this.atEachPlan = null;
	}

	/** Starts a real run as {@code as}, holding it at its planning; returns its id. */
	private String startHeld(Trust trust, Api as, byte[] pkg, CountDownLatch resume) throws InterruptedException {
		this.planning = new CountDownLatch(1);
		this.resume = resume;
		var started = as.postBytes(trust.path("/imports?kind=oneroster&dryRun=false"), pkg, "application/zip");
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		assertThat(this.planning.await(30, TimeUnit.SECONDS)).as("the import reached its planning").isTrue();
		return started.json().get("id").asString();
	}

	private static JsonNode ended(Trust trust, Api as, String id) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> as.get(trust.path("/imports/" + id))
				.json()
				.get("status")
				.asString()
				.matches("succeeded|failed"));
		return as.get(trust.path("/imports/" + id)).json();
	}

	/** A change by hand, which must be answered within a few seconds. */
	private static Api.Response promptly(java.util.function.Supplier<Api.Response> change) throws Exception {
		long started = System.nanoTime();
		Api.Response response = CompletableFuture.supplyAsync(change).get(10, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		return response;
	}

	private long count(String sql, String org) {
		return this.jdbc.sql(sql).param(org).query(Long.class).single();
	}

	private String unitNamed(Trust trust, String name) {
		for (JsonNode unit : trust.admin.get(trust.path("/units")).json()) {
			if (unit.get("name").asString().equals(name)) {
				return unit.get("id").asString();
			}
		}
		throw new AssertionError("No unit called " + name);
	}

	@Test
	void aRoleChangedByHandWhileARosterIsPlannedIsNotHeldUpAndIsKept() throws Exception {
		Trust trust = aTrust();
		Member colleague = trust.member("org-overview", trust.root);
		CountDownLatch resume = new CountDownLatch(1);
		String id = startHeld(trust, trust.admin,
				OneRosterImportTests.zip(OneRosterImportTests.files("v1p1", OneRosterImportTests.domain())), resume);
		int plansBefore = this.plans.get();

		Api.Response changed = promptly(() -> trust.amend(trust.admin, colleague.id(), Map.of("roles", List.of())));
		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		resume.countDown();

		JsonNode report = ended(trust, trust.admin, id);
		assertThat(report.get("status").asString()).as(report.toString()).isEqualTo("succeeded");
		assertThat(this.plans.get()).as("planned again, on the changed organisation").isGreaterThan(plansBefore);
		assertThat(report.get("counts").get("pupilsCreated").asInt()).isEqualTo(5);
		assertThat(count("SELECT COUNT(*) FROM pupils WHERE organisation_id = ?", trust.id)).isEqualTo(5);
		assertThat(trust.read(trust.admin, colleague.id()).json().get("roles")).isEmpty();
	}

	@Test
	void anImporterWhoseAuthorityIsTakenAwayWhileTheirImportIsPlannedHasNothingApplied() throws Exception {
		Trust trust = aTrust();
		String domain = OneRosterImportTests.domain();
		Map<String, String> files = OneRosterImportTests.files("v1p1", domain);
		JsonNode first = OneRosterImportTests.run(trust, trust.admin, OneRosterImportTests.zip(files), "dryRun=false");
		assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("succeeded");
		String oak = unitNamed(trust, "Oak Academy");
		Member admin = trust.member("user-admin", oak);
		// A new teacher and a new pupil at Oak, which Oak's user administrator may add.
		files.put("users.csv", files.get("users.csv") + "t-oak,,,true,sch-oak,teacher,new.oak,,Nia,Oak,,T010,nia.oak@"
				+ domain + ",,,,,\r\n" + "s-7,,,true,sch-oak,student,s7,,Bea,Oak,,UPN0007,,,,,07,\r\n");
		files.put("enrollments.csv", files.get("enrollments.csv") + "e-13,,,cls-7a,sch-oak,t-oak,teacher,true,,\r\n"
				+ "e-16,,,cls-7a,sch-oak,s-7,student,false,,\r\n");
		long pupils = count("SELECT COUNT(*) FROM pupils WHERE organisation_id = ?", trust.id);
		long members = count("SELECT COUNT(*) FROM memberships WHERE organisation_id = ?", trust.id);
		CountDownLatch resume = new CountDownLatch(1);
		String id = startHeld(trust, admin.api(), OneRosterImportTests.zip(files), resume);

		Api.Response revoked = promptly(() -> trust.amend(trust.admin, admin.id(), Map.of("roles", List.of())));
		assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
		resume.countDown();

		JsonNode report = ended(trust, admin.api(), id);
		assertThat(report.get("status").asString()).as(report.toString()).isEqualTo("failed");
		assertThat(report.get("errors").findValuesAsString("code")).contains("out_of_scope");
		assertThat(count("SELECT COUNT(*) FROM pupils WHERE organisation_id = ?", trust.id)).isEqualTo(pupils);
		assertThat(count("SELECT COUNT(*) FROM memberships WHERE organisation_id = ?", trust.id)).isEqualTo(members);
	}

	@Test
	void anOrganisationChangedDuringEveryPlanningStillGetsItsImportPlannedUnderTheLock() {
		Trust trust = aTrust();
		Member colleague = trust.member("org-overview", trust.root);
		AtomicInteger changes = new AtomicInteger();
		// Each of the three plans made without the lock is overtaken by a change by hand;
		// the fourth is made under it.
		this.atEachPlan = () -> {
			if (changes.get() < 3) {
				String role = (changes.incrementAndGet() % 2 == 1) ? "org-admin" : "org-overview";
				var r = trust.amend(trust.admin, colleague.id(),
						Map.of("roles", List.of(Map.of("role", role, "unitId", trust.root))));
				assertThat(r.status()).as(r.toString()).isEqualTo(200);
			}
		};
		JsonNode report = OneRosterImportTests.run(trust, trust.admin,
				OneRosterImportTests.zip(OneRosterImportTests.files("v1p1", OneRosterImportTests.domain())),
				"dryRun=false");
		assertThat(report.get("status").asString()).as(report.toString()).isEqualTo("succeeded");
		assertThat(changes.get()).isEqualTo(3);
		assertThat(report.get("counts").get("pupilsCreated").asInt()).isEqualTo(5);
	}

}
