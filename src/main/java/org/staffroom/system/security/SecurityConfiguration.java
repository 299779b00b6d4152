package org.staffroom.system.security;

import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.staffroom.system.problems.ProblemWriter;
import org.staffroom.system.problems.Failure;

/**
 * The API is stateless: a bearer token on every call, no cookies, so no CSRF token is
 * needed there. The API description has a chain of its own, and the pages theirs (in
 * {@code signin}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http, TokenResolver tokens, ProblemWriter problems) throws Exception {
		http.securityMatcher("/api/**")
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.addFilterBefore(new BearerTokenFilter(tokens, problems), AnonymousAuthenticationFilter.class)
			.exceptionHandling((ex) -> ex
				.authenticationEntryPoint((request, response, e) -> problems.write(response,
						Failure.unauthenticated("Sign in: send Authorization: Bearer <token>")))
				.accessDeniedHandler((request, response, e) -> problems.write(response,
						Failure.forbidden("forbidden", "You may not do that"))))
			.authorizeHttpRequests((authorize) -> authorize.requestMatchers(HttpMethod.POST, "/api/v1/auth/tokens")
				.permitAll()
				.requestMatchers(HttpMethod.POST, "/api/v1/auth/password-resets", "/api/v1/auth/password-resets/*")
				.permitAll()
				.requestMatchers(HttpMethod.POST, "/api/v1/email-changes/*", "/api/v1/email-changes/stop/*")
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/api/v1/invitations/*")
				.permitAll()
				.requestMatchers(HttpMethod.POST, "/api/v1/invitations/*/accept")
				.permitAll()
				.anyRequest()
				.authenticated());
		return http.build();
	}

	/**
	 * Health, liveness and readiness answer without a token, for load balancers and
	 * orchestrators; nothing else under /actuator is served here. Stateless: it never
	 * touches the session store, which may be the database that is down.
	 */
	@Bean
	@Order(0)
	SecurityFilterChain health(HttpSecurity http, ProblemWriter problems) throws Exception {
		http.securityMatcher("/actuator", "/actuator/**")
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.exceptionHandling((ex) -> ex
				.authenticationEntryPoint((request, response, e) -> problems.write(response,
						Failure.unauthenticated("Sign in: send Authorization: Bearer <token>")))
				.accessDeniedHandler((request, response, e) -> problems.write(response,
						Failure.forbidden("forbidden", "You may not do that"))))
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/liveness",
						"/actuator/health/readiness")
				.permitAll()
				.anyRequest()
				.denyAll());
		return http.build();
	}

	/**
	 * A request the firewall refuses (an encoded slash, period or backslash, {@code %00},
	 * a semicolon, a control character in a header) is 400 {@code bad_request}:
	 * problem+json, or the error page for a browser.
	 */
	@Bean
	RequestRejectedHandler requestRejectedHandler(ProblemWriter problems) {
		return (request, response, ex) -> {
			if (ProblemWriter.wantsPage(request)) {
				response.sendError(400);
				return;
			}
			problems.write(response, new Failure(Failure.Kind.INVALID, "bad_request",
					"The address or a header holds characters that are not allowed; nothing was changed"));
		};
	}

	/**
	 * The browsable API description: swagger-ui needs inline styles, nothing else is
	 * relaxed.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain apiDocs(HttpSecurity http) throws Exception {
		http.securityMatcher("/v3/api-docs/**", "/v3/api-docs", "/swagger-ui/**", "/swagger-ui.html")
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(
					"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
							+ "object-src 'none'; frame-ancestors 'none'")));
		return http.build();
	}

	/**
	 * Argon2id for new hashes; the delegating encoder still reads bcrypt and the rest.
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		Map<String, PasswordEncoder> encoders = Map.of("argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
				"bcrypt", new BCryptPasswordEncoder());
		return new DelegatingPasswordEncoder("argon2", encoders);
	}

}
