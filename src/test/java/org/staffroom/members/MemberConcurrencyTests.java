package org.staffroom.members;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.Api;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.ProblemAssert.assertThatProblem;

/** Lost updates: two administrators amending the same member from the same read. */
class MemberConcurrencyTests extends ApiTestCase {

	@Test
	void theSecondOfTwoAdministratorsWithTheSameETagIsToldTheMemberChanged() {
		Trust trust = aTrust();
		Member otherAdmin = trust.member("org-admin", null);
		Member member = trust.member("org-overview", null);
		var readByFirst = trust.read(trust.admin, member.id());
		var readBySecond = trust.read(otherAdmin.api(), member.id());
		assertThat(readByFirst.header("ETag")).isEqualTo(readBySecond.header("ETag"));

		var first = trust.admin.header("If-Match", readByFirst.header("ETag"))
			.patch(trust.path("/members/" + member.id()), Map.of("jobTitle", "Head of science"));
		var second = otherAdmin.api()
			.header("If-Match", readBySecond.header("ETag"))
			.patch(trust.path("/members/" + member.id()),
					Map.of("jobTitle", "Caretaker", "lastName", "Overwritten", "status", "disabled"));

		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThatProblem(second).is(412, "stale_version");
		var now = trust.read(trust.admin, member.id());
		assertThat(now.header("ETag")).isEqualTo(first.header("ETag"));
		assertThat(now.json().get("jobTitle").asString()).isEqualTo("Head of science");
		assertThat(now.json().get("lastName").asString()).isEqualTo("Last");
		assertThat(now.json().get("status").asString()).isEqualTo("active");
	}

	@Test
	void ofTenConcurrentAmendmentsWithTheSameETagExactlyOneWins() throws Exception {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);
		String etag = trust.read(trust.admin, member.id()).header("ETag");
		Api withETag = trust.admin.header("If-Match", etag);
		int writers = 10;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		List<Future<Api.Response>> futures = new ArrayList<>();
		try {
			for (int i = 0; i < writers; i++) {
				String name = "Writer" + i;
				futures.add(pool.submit(() -> {
					start.await();
					return withETag.patch(trust.path("/members/" + member.id()), Map.of("firstName", name));
				}));
			}
			start.countDown();
			List<Api.Response> responses = new ArrayList<>();
			for (Future<Api.Response> future : futures) {
				responses.add(future.get(60, TimeUnit.SECONDS));
			}

			List<Api.Response> won = responses.stream().filter((r) -> r.status() == 200).toList();
			assertThat(won).as(responses.toString()).hasSize(1);
			responses.stream()
				.filter((r) -> r.status() != 200)
				.forEach((r) -> assertThatProblem(r).is(412, "stale_version"));
			var now = trust.read(trust.admin, member.id());
			assertThat(now.json().get("firstName").asString()).isEqualTo(won.get(0).json().get("firstName").asString());
			assertThat(now.header("ETag")).isEqualTo(won.get(0).header("ETag"));
			var audit = trust.admin
				.get(trust.path("/audit?targetId=" + member.id() + "&action=member.details_changed"));
			assertThat(audit.json().get("total").asInt()).as("one change, one entry").isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

}
