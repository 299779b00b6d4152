package org.staffroom.grants;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
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
 * A change made on one node is seen by the next decision on another: a second node (its
 * own snapshot cache and its own change listener, on the same database) answers from its
 * cache, and answers anew once the change commits.
 */
class SnapshotFreshnessTests extends ApiTestCase {

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

	@Test
	void aSecondNodeSeesARoleAssignedOnTheFirst() {
		Trust trust = aTrust();
		String school = trust.school("Birch");
		String c1 = trust.classIn(school, "1A");
		String c2 = trust.classIn(school, "1B");
		Member teacher = trust.member("teacher", c1);

		ChangeSignals otherNodeSignals = new ChangeSignals(this.jdbc, this.dataSource,
				new DatabaseProduct(this.dataSource));
		Snapshots otherNode = new Snapshots(this.organisations, this.units, this.memberships, this.assignments,
				this.customRoles, otherNodeSignals, this.jdbc, this.clock);
		if (TestDatabase.postgres()) {
			otherNodeSignals.startListening();
		}
		var question = new AccessRequest.HoldsPermission(teacher.id(), Permission.RESULTS_PUPILS, c2);
		assertThat(AccessPolicy.decide(question, otherNode.current(trust.id).orElseThrow()).allowed()).isFalse();

		var etag = trust.admin.get(trust.path("/members/" + teacher.id())).header("ETag");
		var patched = trust.admin.header("If-Match", etag)
			.patch(trust.path("/members/" + teacher.id()), Map.of("roles", java.util.List
				.of(Map.of("role", "teacher", "unitId", c1), Map.of("role", "teacher", "unitId", c2))));
		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);

		if (!TestDatabase.postgres()) {
			// One embedded H2 has no other node to notify: the other node's poll of
			// versions finds it.
			otherNode.pollVersions();
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> AccessPolicy.decide(question, otherNode.current(trust.id).orElseThrow()).allowed());
		otherNodeSignals.destroy();
	}

}
