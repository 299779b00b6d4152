package org.staffroom.signin.web;

import java.util.LinkedHashMap;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.DelegatingAccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;
import org.staffroom.system.web.PageController;

/**
 * How people sign in to the pages; the API's and the API description's chains come first.
 */
@Configuration(proxyBeanMethods = false)
class PageSecurity {

	/**
	 * Where a form refused for its CSRF token is answered (a forward, never a redirect).
	 */
	static final String REFUSED_FORM = "/sign-in/refused-form";

	static final String REFUSED_FORM_MESSAGE = "The form was out of date or came from another site; nothing was "
			+ "changed. Go back, reload the page and try again";

	/**
	 * The pages: a session cookie (HttpOnly, SameSite=Lax, Secure behind TLS) kept in the
	 * database, a new session id at sign-in, CSRF tokens on every form, and a
	 * Content-Security-Policy that allows no inline script or style. A form refused for
	 * its CSRF token leaves the session alone: see {@link TokensInExistingSessions} and
	 * {@link #refusedForms()}.
	 */
	@Bean
	@Order(3)
	SecurityFilterChain pages(HttpSecurity http, PageSignIn throttle, PasskeySignIn passkeys) throws Exception {
		passkeys.applyTo(http);
		http.authorizeHttpRequests((authorize) -> authorize
			// "Sign in and accept": signing in first brings the person back to the
			// invitation.
			.requestMatchers("/invitations/*/sign-in")
			.authenticated()
			.requestMatchers("/sign-in", "/sign-in/**", "/assets/**", "/webjars/**", "/css/**", "/js/**",
					"/favicon.ico", "/error", "/invitations/**", "/password-resets/**", "/forgotten-password",
					"/email-changes/**", "/help/**")
			.permitAll()
			.requestMatchers("/operator/**")
			.hasRole("OPERATOR")
			.anyRequest()
			.authenticated())
			.formLogin((form) -> form.loginPage("/sign-in")
				.loginProcessingUrl("/sign-in")
				.usernameParameter("email")
				.passwordParameter("password")
				.defaultSuccessUrl("/", false)
				.failureHandler(throttle)
				.successHandler(throttle))
			.addFilterBefore(throttle.lockFilter(),
					org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter.class)
			.logout((logout) -> logout.logoutUrl("/sign-out").logoutSuccessUrl("/sign-in?signed-out"))
			.sessionManagement((session) -> session.sessionFixation((fixation) -> fixation.changeSessionId()))
			.csrf((csrf) -> csrf.csrfTokenRepository(new TokensInExistingSessions()))
			.exceptionHandling((exceptions) -> exceptions.accessDeniedHandler(refusedForms()))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives("default-src 'self'; script-src 'self'; "
						+ "style-src 'self'; img-src 'self' data:; font-src 'self'; object-src 'none'; "
						+ "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"))
				.referrerPolicy((referrer) -> referrer.policy(
						org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
		return http.build();
	}

	/**
	 * A form without its CSRF token (another site's, or one kept open past its session)
	 * is answered with a 403 page that says nothing was changed, by a forward inside the
	 * same request: no error dispatch, no redirect, and nothing that touches the session.
	 * Other refusals are as before.
	 */
	static AccessDeniedHandler refusedForms() {
		AccessDeniedHandlerImpl refusedForm = new AccessDeniedHandlerImpl();
		refusedForm.setErrorPage(REFUSED_FORM);
		LinkedHashMap<Class<? extends AccessDeniedException>, AccessDeniedHandler> handlers = new LinkedHashMap<>();
		handlers.put(CsrfException.class, refusedForm);
		return new DelegatingAccessDeniedHandler(handlers, new AccessDeniedHandlerImpl());
	}

	/**
	 * CSRF tokens kept in the session, as Spring Security keeps them, except that a
	 * state-changing request that arrives without a session never starts one. Such a
	 * request is refused (it cannot carry a token that matches), and a browser sends a
	 * cross-site POST without the SameSite=Lax session cookie: a new session started to
	 * hold a token for it would answer with a new session cookie, which would replace the
	 * person's own and sign them out.
	 */
	static final class TokensInExistingSessions implements CsrfTokenRepository {

		private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

		private final HttpSessionCsrfTokenRepository sessions = new HttpSessionCsrfTokenRepository();

		@Override
		public CsrfToken generateToken(HttpServletRequest request) {
			return this.sessions.generateToken(request);
		}

		@Override
		public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
			if (token != null && request.getSession(false) == null && !SAFE_METHODS.contains(request.getMethod())) {
				return;
			}
			this.sessions.saveToken(token, request, response);
		}

		@Override
		public CsrfToken loadToken(HttpServletRequest request) {
			return this.sessions.loadToken(request);
		}

	}

	/** The page a refused form is forwarded to, whatever the form's method. */
	@PageController
	static class RefusedFormPage {

		@RequestMapping(REFUSED_FORM)
		ModelAndView refused() {
			ModelAndView page = new ModelAndView("problem");
			page.setStatus(HttpStatus.FORBIDDEN);
			page.addObject("title", "That form could not be sent");
			page.addObject("message", REFUSED_FORM_MESSAGE);
			page.addObject("status", HttpStatus.FORBIDDEN.value());
			return page;
		}

	}

}
