package org.staffroom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The house rules of issue 11, each checked here so that it bites: modules depend on each
 * other only through their APIs and in no cycle; use cases speak no HTTP; controllers
 * live in a feature's {@code web}; every package is {@code @NullMarked}; no class passes
 * 500 lines; and nothing but {@code grants} writes role assignments. Each rule also has a
 * twin that runs it against something known to break it, so a rule that guards nothing
 * cannot pass for ever.
 */
class ModularityTests {

	static final List<String> MODULES = List.of("access", "accounts", "audit", "grants", "imports", "invitations",
			"mail", "members", "organisations", "results", "signin", "system", "factors");

	private static final ApplicationModules modules = ApplicationModules.of(StaffroomApplication.class);

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.staffroom");

	private static final Path SOURCES = Path.of("src/main/java/org/staffroom");

	// Only the web edge turns failures into HTTP: security and problem writing are that
	// edge.
	static final ArchRule USE_CASES_SPEAK_NO_HTTP = noClasses().that()
		.resideOutsideOfPackages("..web..", "org.staffroom.system.problems..", "org.staffroom.system.security..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.http..", "jakarta.servlet..")
		.because("use cases throw domain failures; only the web edge maps them to HTTP (issue 11)");

	static final ArchRule CONTROLLERS_LIVE_IN_WEB = classes().that()
		.areAnnotatedWith(Controller.class)
		.or()
		.areAnnotatedWith(RestController.class)
		.or()
		.areMetaAnnotatedWith(Controller.class)
		.and()
		.areNotAnnotations()
		.should()
		.resideInAnyPackage("..web..", "org.staffroom.system.problems..")
		.because("web adapters live in each feature's web sub-package (architecture.md); system.problems is "
				+ "the web edge of every failure, /error included");

	/**
	 * SQL that writes the role_assignments table: an insert, update, delete, merge,
	 * truncate or COPY, or a bulk insert into it
	 * ({@code bulk.into("role_assignments", …)}, COPY on PostgreSQL).
	 */
	static final Pattern WRITES_ROLE_ASSIGNMENTS = Pattern.compile("(?i)(\\b(insert\\s+into|update|delete\\s+from|"
			+ "merge\\s+into|truncate(\\s+table)?|copy)\\s+role_assignments\\b)|(\\binto\\(\\s*\"role_assignments\")");

	@Test
	void modulesRespectTheirBoundaries() {
		modules.verify();
	}

	@Test
	void everyTopLevelPackageIsAModule() {
		assertThat(modules.stream().map((m) -> m.getIdentifier().toString()))
			.containsExactlyInAnyOrderElementsOf(MODULES);
	}

	@Test
	void theEngineIsAModuleWithNoDependencies() {
		var access = modules.getModuleByName("access").orElseThrow();
		assertThat(access.getBootstrapDependencies(modules)).isEmpty();
		assertThat(access.getDirectDependencies(modules).stream()).isEmpty();
	}

	@Test
	void useCasesSpeakNoHttp() {
		USE_CASES_SPEAK_NO_HTTP.check(MAIN);
	}

	@Test
	void controllersLiveInAFeaturesWebPackage() {
		CONTROLLERS_LIVE_IN_WEB.check(MAIN);
	}

	@Test
	void everyPackageIsNullMarked() {
		List<String> unmarked = MAIN.stream()
			.map((c) -> c.getPackageName())
			.distinct()
			.filter((name) -> !isNullMarked(name))
			.sorted()
			.toList();
		assertThat(unmarked).as("packages without a @NullMarked package-info").isEmpty();
	}

	@Test
	void noClassPassesFiveHundredLines() throws IOException {
		assertThat(longerThan(SOURCES, 500)).as("classes over 500 lines have two jobs").isEmpty();
	}

	@Test
	void onlyGrantsWritesRoleAssignments() throws IOException {
		assertThat(writersOfRoleAssignments(SOURCES, SOURCES.resolve("grants")))
			.as("role assignments are written by grants.AssigningRoles alone (issue 11)")
			.isEmpty();
	}

	// The twins: each rule, run where it must find something.

	@Test
	void theAssignmentsRuleCatchesSqlThatWritesTheTable() throws IOException {
		assertThat(List.of("""
				INSERT INTO role_assignments (id, organisation_id, account_id)
				VALUES (?, ?, ?)""", "UPDATE role_assignments SET role_key = ? WHERE id = ?",
				"delete from  role_assignments where id = ?", "COPY role_assignments (id) FROM STDIN",
				"this.bulk.into(\"role_assignments\", NEW_COLUMNS, NEW_TYPES, rows);"))
			.allMatch((sql) -> WRITES_ROLE_ASSIGNMENTS.matcher(sql).find());
		assertThat(List.of("SELECT id FROM role_assignments WHERE organisation_id = ?",
				"this.statistics.refresh(\"accounts\", \"role_assignments\");", "INSERT INTO role_assignments_archive"))
			.noneMatch((sql) -> WRITES_ROLE_ASSIGNMENTS.matcher(sql).find());
		assertThat(writersOfRoleAssignments(SOURCES, SOURCES.resolve("nowhere")))
			.as("grants itself, when it is not left out")
			.anyMatch((f) -> f.endsWith("RoleAssignments.java"));
	}

	@Test
	void theHttpRuleCatchesAUseCaseThatNamesAStatus() {
		JavaClasses offender = new ClassFileImporter().importClasses(UseCaseThatSpeaksHttp.class);
		assertThat(USE_CASES_SPEAK_NO_HTTP.evaluate(offender).hasViolation()).isTrue();
	}

	@Test
	void theWebRuleCatchesAControllerOutsideWeb() {
		JavaClasses offender = new ClassFileImporter().importClasses(ControllerOutsideWeb.class);
		assertThat(CONTROLLERS_LIVE_IN_WEB.evaluate(offender).hasViolation()).isTrue();
	}

	@Test
	void theNullMarkedRuleCatchesAnUnmarkedPackage() {
		assertThat(isNullMarked("org.staffroom.grants")).isTrue();
		assertThat(isNullMarked("org.staffroom.testing")).as("a test package with no package-info").isFalse();
	}

	@Test
	void theLengthRuleCatchesALongClass() throws IOException {
		assertThat(longerThan(Path.of("src/test/java/org/staffroom"), 500)).isNotEmpty();
	}

	@Test
	void theModuleListWouldCatchAModuleLeftOut() {
		Set<String> found = Set.copyOf(modules.stream().map((m) -> m.getIdentifier().toString()).toList());
		assertThat(found).hasSize(MODULES.size()).doesNotContain("web");
	}

	private static boolean isNullMarked(String packageName) {
		try {
			Class<?> info = Class.forName(packageName + ".package-info");
			return info.isAnnotationPresent(NullMarked.class);
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	/**
	 * The Java files under {@code root}, but not under {@code allowed}, with SQL that
	 * writes role_assignments.
	 */
	private static List<String> writersOfRoleAssignments(Path root, Path allowed) throws IOException {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter((f) -> f.toString().endsWith(".java"))
				.filter((f) -> !f.startsWith(allowed))
				.filter((f) -> WRITES_ROLE_ASSIGNMENTS.matcher(read(f)).find())
				.map(Path::toString)
				.sorted()
				.toList();
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> longerThan(Path root, int lines) throws IOException {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter((f) -> f.toString().endsWith(".java")).filter((f) -> {
				try (Stream<String> all = Files.lines(f)) {
					return all.count() > lines;
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}).map(Path::toString).sorted().toList();
		}
	}

	/** Breaks the HTTP rule on purpose (a test class, never scanned as main code). */
	static class UseCaseThatSpeaksHttp {

		Object status() {
			return org.springframework.http.HttpStatus.CONFLICT;
		}

	}

	/** Breaks the web rule on purpose. */
	@Controller
	static class ControllerOutsideWeb {

	}

}
