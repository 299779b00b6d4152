package org.staffroom.imports;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.StaffroomApplication;
import org.staffroom.testing.Api;
import org.staffroom.testing.TestDatabase;

/**
 * The forked JVM of {@link ZipBombTests}: starts the service on a fresh database (H2, or
 * PostgreSQL as the suite runs), imports the package named by its argument as the
 * operator, and prints the job's status and problem codes ({@code STATUS failed},
 * {@code CODES [line_too_long]}) once it ends, or {@code STATUS running} if it has not
 * ended within two minutes.
 */
final class ZipBombImport {

	private ZipBombImport() {
	}

	public static void main(String[] args) throws Exception {
		Path zip = Path.of(args[0]);
		Map<String, Object> properties = new HashMap<>();
		TestDatabase.register((name, value) -> properties.put(name, value.get()));
		properties.put("server.port", "0");
		// The default: the limit on what a zip entry unpacks to must not be what stops
		// the bomb.
		properties.put("staffroom.imports.max-unpacked-bytes", "1073741824");
		// As command-line arguments: they come before application(-test).properties.
		String[] arguments = properties.entrySet()
			.stream()
			.map((e) -> "--" + e.getKey() + "=" + e.getValue())
			.toArray(String[]::new);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(StaffroomApplication.class)
			.profiles("test")
			.run(arguments);
		int status = 1;
		try {
			String port = context.getEnvironment().getProperty("local.server.port");
			Api operator = new Api("http://127.0.0.1:" + port, null);
			var token = operator.anonymous()
				.post("/api/v1/auth/tokens",
						Map.of("email", "operator@staffroom.test", "password", "operator-password-for-tests"));
			operator = operator.as(token.json().get("token").asString());
			var created = operator.post("/api/v1/organisations",
					Map.of("name", "Bombed Trust", "templates", List.of("school-trust"), "mainAccountHolder",
							Map.of("email", "holder@bombed.test", "firstName", "Main", "lastName", "Holder")));
			String org = created.json().get("id").asString();
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			String operatorId = jdbc.sql("SELECT id FROM accounts WHERE email = 'operator@staffroom.test'")
				.query(String.class)
				.single();
			ImportJobs jobs = context.getBean(ImportJobs.class);
			String id = UUID.randomUUID().toString();
			context.getBean(TransactionTemplate.class).executeWithoutResult((tx) -> {
				try (InputStream in = Files.newInputStream(zip)) {
					jobs.create(id, org, operatorId, "oneroster", false, false, Map.of(), "application/zip", in,
							Files.size(zip), Instant.now());
				}
				catch (java.io.IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			});
			long until = System.nanoTime() + 120_000_000_000L;
			ImportJob job = jobs.find(id).orElseThrow();
			while ((job.status().equals("queued") || job.status().equals("running")) && System.nanoTime() < until) {
				Thread.sleep(500);
				job = jobs.find(id).orElseThrow();
			}
			System.out.println("STATUS " + job.status());
			System.out.println("MESSAGE " + job.message());
			System.out.println("CODES " + jobs.problems(id).stream().map(ImportProblem::code).toList());
			System.out.println("MAX_HEAP " + Runtime.getRuntime().maxMemory());
			status = 0;
		}
		finally {
			System.out.flush();
			// Not a clean shutdown: an import still running (before the fix) would hold
			// it up.
			Runtime.getRuntime().halt(status);
		}
	}

}
