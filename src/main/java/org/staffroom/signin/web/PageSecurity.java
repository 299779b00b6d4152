package org.staffroom.signin.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** How people sign in to the pages; the API's and the API description's chains come first. */
@Configuration(proxyBeanMethods = false)
class PageSecurity {

	/**
	 * The pages: a session cookie (HttpOnly, SameSite=Lax, Secure behind TLS) kept in the database,
	 * a new session id at sign-in, CSRF tokens on every form, and a Content-Security-Policy that
	 * allows no inline script or style.
	 */
	@Bean
	@Order(3)
	SecurityFilterChain pages(HttpSecurity http, PageSignIn throttle) throws Exception {
		http.authorizeHttpRequests((authorize) -> authorize
			// "Sign in and accept": signing in first brings the person back to the invitation.
			.requestMatchers("/invitations/*/sign-in").authenticated()
			.requestMatchers("/sign-in", "/sign-in/**", "/assets/**", "/webjars/**", "/css/**", "/js/**",
					"/favicon.ico", "/error", "/invitations/**", "/password-resets/**", "/forgotten-password",
					"/email-changes/**", "/help/**")
			.permitAll()
			.requestMatchers("/operator/**").hasRole("OPERATOR")
			.anyRequest().authenticated())
			.formLogin((form) -> form.loginPage("/sign-in").loginProcessingUrl("/sign-in").usernameParameter("email")
				.passwordParameter("password").defaultSuccessUrl("/", false)
				.failureHandler(throttle).successHandler(throttle))
			.addFilterBefore(throttle.lockFilter(),
					org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter.class)
			.logout((logout) -> logout.logoutUrl("/sign-out").logoutSuccessUrl("/sign-in?signed-out"))
			.sessionManagement((session) -> session.sessionFixation((fixation) -> fixation.changeSessionId()))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives("default-src 'self'; script-src 'self'; "
						+ "style-src 'self'; img-src 'self' data:; font-src 'self'; object-src 'none'; "
						+ "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"))
				.referrerPolicy((referrer) -> referrer.policy(
						org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
		return http.build();
	}

}
