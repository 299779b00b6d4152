package org.staffroom.invitations;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.Api;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two organisations inviting the same new person at the same moment: both invite, one
 * account.
 */
class InvitationRaceTests extends ApiTestCase {

	@Test
	void twoOrganisationsInvitingTheSameNewPersonAtOnceBothSucceedWithOneAccount() throws Exception {
		Trust first = aTrust();
		Trust second = aTrust();
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (int pair = 0; pair < 15; pair++) {
				String who = email("raced");
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Api.Response>> futures = new ArrayList<>();
				for (Trust trust : List.of(first, second)) {
					futures.add(pool.submit(() -> {
						start.await();
						return trust.invite(trust.admin, who, "org-overview", null);
					}));
				}
				start.countDown();
				Api.Response a = futures.get(0).get(60, TimeUnit.SECONDS);
				Api.Response b = futures.get(1).get(60, TimeUnit.SECONDS);

				assertThat(a.status()).as("pair %d: %s", pair, a).isEqualTo(201);
				assertThat(b.status()).as("pair %d: %s", pair, b).isEqualTo(201);
				assertThat(a.json().get("memberId").asString()).as("pair %d: one account", pair)
					.isEqualTo(b.json().get("memberId").asString());
				assertThat(this.jdbc.sql("SELECT COUNT(*) FROM accounts WHERE LOWER(email) = LOWER(?)")
					.param(who)
					.query(Long.class)
					.single()).isEqualTo(1);
				assertThat(emailsTo(who)).as("pair %d: both invitations sent", pair).isEqualTo(2);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

}
