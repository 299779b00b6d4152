package org.staffroom.access;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The decision engine depends on nothing but the JDK (architecture.md): no Spring, no
 * SQL, no beans, so that any decision can be replayed and benchmarked. Spring Modulith's
 * {@code @ApplicationModule(allowedDependencies = {})} says it once; this says it again
 * in a way that fails the build.
 */
class ArchitectureTests {

	private static final String ACCESS = "org.staffroom.access";

	/**
	 * The package's own documentation: package-info carries the Spring Modulith
	 * annotation that declares the module, which ArchUnit sees as a class
	 * {@code org.staffroom.access.package-info} depending on
	 * {@code org.springframework.modulith.ApplicationModule}. It is metadata for the
	 * build, not code the engine runs (the annotation is not even needed at run time), so
	 * it is the one class left out.
	 */
	private static final String PACKAGE_INFO = ACCESS + ".package-info";

	private static final JavaClasses ENGINE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(ACCESS);

	private static final ArchRule JDK_ONLY = classes().that()
		.resideInAPackage(ACCESS + "..")
		.and()
		.doNotHaveFullyQualifiedName(PACKAGE_INFO)
		.should()
		.onlyDependOnClassesThat()
		.resideInAnyPackage(ACCESS + "..", "java..")
		.because("the decision engine is plain Java: no Spring, no SQL, no beans (architecture.md)");

	@Test
	void accessDependsOnlyOnItselfAndTheJdk() {
		JDK_ONLY.check(ENGINE);
	}

	/** A rule guarding a package that does not exist, or is empty, would pass forever. */
	@Test
	void guardedPackageHoldsTheEngine() {
		assertThat(ENGINE.that(com.tngtech.archunit.base.DescribedPredicate.describe("in " + ACCESS,
				(c) -> c.getPackageName().startsWith(ACCESS))))
			.extracting((c) -> c.getSimpleName())
			.contains("AccessPolicy", "AccessSnapshot", "RoleCatalogue", "Decision", "RuleId")
			.hasSizeGreaterThanOrEqualTo(15);
	}

	/**
	 * The same rule without leaving out package-info finds the Spring annotation there:
	 * proof that it sees a foreign dependency when there is one.
	 */
	@Test
	void sameRuleWithoutTheExceptionCatchesTheModulithAnnotation() {
		EvaluationResult result = classes().that()
			.resideInAPackage(ACCESS + "..")
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage(ACCESS + "..", "java..")
			.evaluate(ENGINE);
		assertThat(result.hasViolation()).isTrue();
		assertThat(result.getFailureReport().getDetails()).isNotEmpty()
			.anySatisfy((detail) -> assertThat(detail).contains("package-info")
				.contains("org.springframework.modulith.ApplicationModule"));
	}

}
