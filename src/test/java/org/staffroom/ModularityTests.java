package org.staffroom;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/** The feature modules depend on each other only through their public APIs, and in no cycle. */
class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(StaffroomApplication.class);

	@Test
	void modulesRespectTheirBoundaries() {
		this.modules.verify();
	}

	@Test
	void theEngineIsAModuleWithNoDependencies() {
		var access = this.modules.getModuleByName("access").orElseThrow();
		assertThat(access.getBootstrapDependencies(this.modules)).isEmpty();
		assertThat(this.modules.stream().map((m) -> m.getIdentifier().toString()))
			.contains("access", "accounts", "organisations", "grants", "invitations", "members", "audit", "mail", "system");
	}

}
