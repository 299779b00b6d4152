package org.staffroom.system.edges;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.staffroom.testing.Api;
import org.staffroom.testing.Pages;
import org.staffroom.testing.TestDatabase;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.staffroom.testing.ProblemAssert.assertThatProblem;

/**
 * The database goes away (issue 12, item 3): the service's connections run through a TCP
 * proxy that the test cuts, as when PostgreSQL is stopped. Requests are answered 503
 * {@code unavailable} with Retry-After within a bound, whether the API's bearer-token
 * filter, a controller or a page's session store meets the outage first; readiness says
 * DOWN; and when the database is back everything works again by itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DatabaseOutageTests {

	/** The pool's connection timeout is 3 s: an answer must come well within this. */
	private static final Duration BOUND = Duration.ofSeconds(6);

	private static final String PASSWORD = "operator-password-for-tests";

	private static Server h2;

	private static TcpProxy proxy;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws SQLException {
		String name = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		if (TestDatabase.postgres()) {
			String url = System.getenv("STAFFROOM_TEST_POSTGRES_URL");
			URI target = URI.create(url.substring("jdbc:".length()));
			proxy = new TcpProxy(target.getHost(), (target.getPort() > 0) ? target.getPort() : 5432).start();
			String proxied = url.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
			TestDatabase.postgresSchema(registry, proxied, name);
		}
		else {
			h2 = Server.createTcpServer("-tcpPort", String.valueOf(freePort()), "-ifNotExists", "-tcpDaemon").start();
			proxy = new TcpProxy("127.0.0.1", h2.getPort()).start();
			registry.add("spring.datasource.url", () -> "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/mem:" + name
					+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
			registry.add("spring.datasource.username", () -> "sa");
			registry.add("spring.datasource.password", () -> "");
		}
	}

	@AfterAll
	static void stopDatabase() {
		if (proxy != null) {
			proxy.close();
		}
		if (h2 != null) {
			h2.stop();
		}
	}

	@Test
	void answersUnavailableWithinTheBoundWhileTheDatabaseIsDownAndRecoversByItself() {
		Api api = new Api("http://127.0.0.1:" + this.port, null);
		Api operator = signIn(api);
		Pages pages = new Pages("http://127.0.0.1:" + this.port);
		assertThat(pages.signIn("operator@staffroom.test", PASSWORD).path()).doesNotStartWith("/sign-in");
		assertThat(pages.get("/organisations").status()).isEqualTo(200);

		proxy.stop();
		try {
			assertUnavailable(timed(() -> operator.get("/api/v1/me")));
			assertUnavailable(timed(() -> api.post("/api/v1/auth/tokens",
					Map.of("email", "operator@staffroom.test", "password", PASSWORD))));
			assertUnavailable(timed(() -> operator.get("/api/v1/organisations")));
			var page = timed(() -> pages.get("/organisations"));
			assertThat(page.status()).as(page.toString()).isEqualTo(503);
			assertThat(page.shows("Sorry, the service is unavailable")).as(page.toString()).isTrue();
			var readiness = timed(() -> api.get("/actuator/health/readiness"));
			assertThat(readiness.status()).as(readiness.toString()).isEqualTo(503);
			assertThat(readiness.json().get("status").asString()).isEqualTo("DOWN");
			assertThat(timed(() -> api.get("/actuator/health/liveness")).status()).isEqualTo(200);
		}
		finally {
			proxy.start();
		}

		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(operator.get("/api/v1/me").status()).isEqualTo(200));
		assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(signIn(api).get("/api/v1/organisations").status()).isEqualTo(200);
		assertThat(pages.get("/organisations").status()).isEqualTo(200);
	}

	@Test
	void exposesNothingButHealthWithoutSigningIn() {
		Api api = new Api("http://127.0.0.1:" + this.port, null);

		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(api.get("/actuator/health").status()).isEqualTo(200));
		assertThat(api.get("/actuator/health/liveness").json().get("status").asString()).isEqualTo("UP");
		for (String hidden : new String[] { "/actuator", "/actuator/env", "/actuator/beans", "/actuator/metrics",
				"/actuator/health/db", "/actuator/heapdump" }) {
			var response = api.get(hidden);
			assertThat(response.status()).as(hidden + ": " + response).isIn(401, 403, 404);
			assertThat(response.contentType()).as(hidden).startsWith("application/problem+json");
		}
	}

	private static Api signIn(Api api) {
		var response = api.post("/api/v1/auth/tokens",
				Map.of("email", "operator@staffroom.test", "password", PASSWORD));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return api.as(response.json().get("token").asString());
	}

	private static void assertUnavailable(Api.Response response) {
		assertThatProblem(response).is(503, "unavailable");
		assertThat(response.header("Retry-After")).as(response.toString()).isNotBlank();
	}

	private static <T> T timed(Supplier<T> request) {
		long start = System.nanoTime();
		T answer = request.get();
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(took).as("answered in %s: %s", took, answer).isLessThan(BOUND);
		return answer;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
