package org.staffroom.grants;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.AdditionalAnswers;
import org.mockito.Mockito;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.core.env.Environment;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Permission;
import org.staffroom.accounts.Memberships;
import org.staffroom.organisations.Organisations;
import org.staffroom.organisations.Units;
import org.staffroom.system.jdbc.ChangeSignals;
import org.staffroom.system.jdbc.DatabaseProduct;
import org.staffroom.testing.ApiTestCase;
import org.staffroom.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots loaded ahead (issue 12, item 11): after a change another node goes on
 * answering reads from its previous snapshot while the next is built in the background,
 * never from an older one, and then from the new one; a change on that node decides on
 * the version it locked all the while; readiness waits for the first preload.
 */
class SnapshotPreloadTests extends ApiTestCase {

	@Autowired
	Organisations organisations;

	@Autowired
	Units units;

	@Autowired
	Memberships memberships;

	@Autowired
	RoleAssignments assignments;

	@Autowired
	CustomRoles customRoles;

	@Autowired
	DataSource dataSource;

	@Autowired
	Clock clock;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	Environment environment;

	// Whole loads on the other node's background threads wait here while it is closed.
	private volatile CountDownLatch gate = new CountDownLatch(0);

	private final List<Runnable> cleanups = new ArrayList<>();

	@AfterEach
	void cleanUp() {
		this.gate.countDown();
		this.cleanups.forEach(Runnable::run);
	}

	@Test
	void readsGoOnWithThePreviousSnapshotWhileTheNextIsBuiltAndChangesDecideOnTheNewest() throws Exception {
		Trust trust = aTrust();
		String school = trust.school("Birch");
		String c1 = trust.classIn(school, "1A");
		Member teacher = trust.member("teacher", c1);
		Snapshots otherNode = anotherNode();

		AccessSnapshot previous = otherNode.current(trust.id).orElseThrow();

		// A new class (the whole organisation reloads) and the teacher placed in it: two
		// versions on, while the other node's whole loads are held.
		this.gate = new CountDownLatch(1);
		String c2 = trust.classIn(school, "1B");
		var etag = trust.admin.get(trust.path("/members/" + teacher.id())).header("ETag");
		var patched = trust.admin.header("If-Match", etag)
			.patch(trust.path("/members/" + teacher.id()), Map.of("roles",
					List.of(Map.of("role", "teacher", "unitId", c1), Map.of("role", "teacher", "unitId", c2))));
		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		long newest = this.organisations.versions(List.of(trust.id)).get(trust.id);
		assertThat(newest).isGreaterThan(previous.version());
		if (!TestDatabase.postgres()) {
			otherNode.pollVersions();
		}
		var question = new AccessRequest.HoldsPermission(teacher.id(), Permission.RESULTS_PUPILS, c2);

		// Reads: the previous snapshot, at once, while the next one is being built.
		for (int i = 0; i < 5; i++) {
			long began = System.nanoTime();
			AccessSnapshot served = otherNode.current(trust.id).orElseThrow();
			assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(1));
			assertThat(served.version()).isEqualTo(previous.version());
			assertThat(AccessPolicy.decide(question, served).allowed()).isFalse();
		}

		// A change on the same node meanwhile decides on exactly the newest committed
		// version, under the organisation's lock: never on the previous snapshot.
		AccessSnapshot forChange = this.transactions.execute((status) -> otherNode.forChange(trust.id));
		assertThat(forChange.version()).isEqualTo(newest);
		assertThat(AccessPolicy.decide(question, forChange).allowed()).isTrue();

		// The next snapshot is served once it is ready, and the cache never goes back.
		this.gate.countDown();
		List<Long> seen = new ArrayList<>();
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
			AccessSnapshot served = otherNode.current(trust.id).orElseThrow();
			seen.add(served.version());
			return served.version() == newest && AccessPolicy.decide(question, served).allowed();
		});
		assertThat(seen).isSorted().allSatisfy((v) -> assertThat(v).isGreaterThanOrEqualTo(previous.version()));
	}

	@Test
	void aChangeOnTheOtherNodeIsBuiltInTheBackgroundWithoutARequestWaiting() {
		Trust trust = aTrust();
		String school = trust.school("Ash");
		String c1 = trust.classIn(school, "2A");
		String c2 = trust.classIn(school, "2B");
		Member teacher = trust.member("teacher", c1);
		Snapshots otherNode = anotherNode();
		long previous = otherNode.current(trust.id).orElseThrow().version();

		var etag = trust.admin.get(trust.path("/members/" + teacher.id())).header("ETag");
		var patched = trust.admin.header("If-Match", etag)
			.patch(trust.path("/members/" + teacher.id()), Map.of("roles",
					List.of(Map.of("role", "teacher", "unitId", c1), Map.of("role", "teacher", "unitId", c2))));
		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		if (!TestDatabase.postgres()) {
			otherNode.pollVersions();
		}
		// No read asks for it: the signal (or the poll) alone brings the snapshot on.
		long newest = this.organisations.versions(List.of(trust.id)).get(trust.id);
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> otherNode.cachedVersion(trust.id).orElseThrow() == newest);
		assertThat(newest).isGreaterThan(previous);
		var question = new AccessRequest.HoldsPermission(teacher.id(), Permission.RESULTS_PUPILS, c2);
		assertThat(AccessPolicy.decide(question, otherNode.current(trust.id).orElseThrow()).allowed()).isTrue();
	}

	@Test
	void readinessIsOutOfServiceUntilTheFirstPreloadHasFinished() throws Exception {
		aTrust();
		Snapshots otherNode = anotherNode();
		SnapshotPreload preload = new SnapshotPreload(otherNode, this.jdbc, 3);
		SnapshotsHealthIndicator health = new SnapshotsHealthIndicator(preload);
		List<String> largest = preload.largest(3);
		assertThat(largest).isNotEmpty();

		assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		this.gate = new CountDownLatch(1);
		preload.start();
		TimeUnit.MILLISECONDS.sleep(300);
		assertThat(health.health().getStatus()).as("while the preload is held").isEqualTo(Status.OUT_OF_SERVICE);
		this.gate.countDown();
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getStatus().equals(Status.UP));
		for (String id : largest) {
			assertThat(otherNode.cachedVersion(id)).as(id).isPresent();
		}

		// This node: in the readiness group (not liveness), and UP once its own preload
		// ran.
		assertThat(this.environment.getProperty("management.endpoint.health.group.readiness.include"))
			.contains("snapshots");
		assertThat(this.environment.getProperty("management.endpoint.health.group.liveness.include"))
			.doesNotContain("snapshots");
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.api.anonymous().get("/actuator/health/readiness").status() == 200);
	}

	/**
	 * A second node on the same database: its own cache and change listener, and its
	 * whole loads on its background threads held while {@link #gate} is closed.
	 */
	private Snapshots anotherNode() {
		Units held = Mockito.mock(Units.class, AdditionalAnswers.delegatesTo(this.units));
		Mockito.doAnswer((invocation) -> {
			if (Thread.currentThread().getName().startsWith("staffroom-snapshots")) {
				assertThat(this.gate.await(30, TimeUnit.SECONDS)).isTrue();
			}
			return this.units.ofOrganisation(invocation.getArgument(0));
		}).when(held).ofOrganisation(Mockito.anyString());
		ChangeSignals signals = new ChangeSignals(this.jdbc, this.dataSource, new DatabaseProduct(this.dataSource));
		Snapshots node = new Snapshots(this.organisations, held, this.memberships, this.assignments, this.customRoles,
				signals, this.jdbc, this.clock);
		if (TestDatabase.postgres()) {
			signals.startListening();
		}
		this.cleanups.add(() -> {
			signals.destroy();
			node.destroy();
		});
		return node;
	}

}
