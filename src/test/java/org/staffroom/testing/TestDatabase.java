package org.staffroom.testing;

import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Which database a Spring test context runs on. H2 in memory by default; PostgreSQL when
 * the system property {@code staffroom.test.database=postgres} is set (the Maven profile
 * that sees STAFFROOM_TEST_POSTGRES_URL sets it). Each context gets a database of its
 * own: a fresh H2, or a fresh schema on PostgreSQL, so that test classes never see each
 * other's rows.
 */
public final class TestDatabase {

	private TestDatabase() {
	}

	public static boolean postgres() {
		return "postgres".equals(System.getProperty("staffroom.test.database"));
	}

	public static void register(DynamicPropertyRegistry registry) {
		String name = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		if (postgres()) {
			String url = System.getenv("STAFFROOM_TEST_POSTGRES_URL");
			if (url == null || url.isBlank()) {
				throw new IllegalStateException("staffroom.test.database=postgres needs STAFFROOM_TEST_POSTGRES_URL");
			}
			postgresSchema(registry, url, name);
		}
		else {
			registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + name
					+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
			registry.add("spring.datasource.username", () -> "sa");
			registry.add("spring.datasource.password", () -> "");
		}
	}

	/**
	 * A fresh schema of its own on the PostgreSQL at {@code url} (which may be a proxy in
	 * front of the test database) for a context named {@code name}.
	 */
	public static void postgresSchema(DynamicPropertyRegistry registry, String url, String name) {
		String schema = "staffroom_" + name;
		registry.add("spring.datasource.url", () -> url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
		registry.add("spring.datasource.username",
				() -> System.getenv().getOrDefault("STAFFROOM_TEST_POSTGRES_USER", "postgres"));
		registry.add("spring.datasource.password",
				() -> System.getenv().getOrDefault("STAFFROOM_TEST_POSTGRES_PASSWORD", ""));
		registry.add("spring.flyway.schemas", () -> schema);
		registry.add("spring.flyway.default-schema", () -> schema);
		registry.add("spring.datasource.hikari.maximum-pool-size", () -> "6");
	}

}
