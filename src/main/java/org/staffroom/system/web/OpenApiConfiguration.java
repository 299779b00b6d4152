package org.staffroom.system.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

import org.springframework.context.annotation.Configuration;

/** The published API description: every call but signing in takes a bearer token. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
		info = @Info(title = "Staffroom API", version = "v1",
				description = "Accounts, scoped roles and access decisions for schools, trusts and exam centres. "
						+ "Errors are application/problem+json with a stable code."),
		security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
		description = "A token from POST /api/v1/auth/tokens")
class OpenApiConfiguration {

}
