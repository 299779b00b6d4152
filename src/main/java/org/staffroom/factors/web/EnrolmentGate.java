package org.staffroom.factors.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.staffroom.factors.FactorPolicy;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.ProblemWriter;
import org.staffroom.system.security.PageSecondFactor;
import org.staffroom.system.security.SignedIn;

/**
 * A member covered by a policy with no second factor signs in, but may only read /me,
 * enrol a factor and sign out: every other API call answers 403
 * {@code mfa_enrolment_required}, and every other page sends them to enrolment. Runs
 * after Spring Security has said who is signed in, on the API and the pages alike.
 */
@Configuration(proxyBeanMethods = false)
class EnrolmentGate {

	static final String ENROLMENT_PAGE = "/my-account/second-factor";

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> enrolmentGateFilter(FactorPolicy policy, ProblemWriter problems) {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new Gate(policy, problems));
		// After Spring Security's chain (-100), which says who is signed in.
		registration.setOrder(-90);
		registration.addUrlPatterns("/*");
		return registration;
	}

	static final class Gate extends OncePerRequestFilter {

		private final FactorPolicy policy;

		private final ProblemWriter problems;

		Gate(FactorPolicy policy, ProblemWriter problems) {
			this.policy = policy;
			this.problems = problems;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String path = request.getRequestURI().substring(request.getContextPath().length());
			if (alwaysOpen(path, request.getMethod())) {
				chain.doFilter(request, response);
				return;
			}
			SignedIn who = PageSecondFactor.current();
			if (who == null || !this.policy.needsEnrolment(who)) {
				chain.doFilter(request, response);
				return;
			}
			if (path.startsWith("/api/")) {
				this.problems.write(response, Failure.forbidden("mfa_enrolment_required",
						"Your organisation requires a second factor: set one up first (POST /api/v1/me/mfa/totp, "
								+ "or a passkey on Edit my account)"));
				return;
			}
			response.sendRedirect(request.getContextPath() + ENROLMENT_PAGE);
		}

		// What a person covered by a policy may still reach: reading /me, enrolling,
		// signing out, and what pages are drawn with.
		static boolean alwaysOpen(String path, String method) {
			if (path.startsWith("/api/")) {
				return (path.equals("/api/v1/me") && method.equals("GET")) || path.equals("/api/v1/me/mfa")
						|| path.startsWith("/api/v1/me/mfa/")
						|| (path.equals("/api/v1/auth/tokens/current") && method.equals("DELETE"))
						|| path.equals("/api/v1/auth/tokens");
			}
			return path.equals(ENROLMENT_PAGE) || path.startsWith(ENROLMENT_PAGE + "/") || path.equals("/sign-out")
					|| path.startsWith("/sign-in") || path.startsWith("/assets/") || path.startsWith("/webjars/")
					|| path.startsWith("/css/") || path.startsWith("/js/") || path.equals("/favicon.ico")
					|| path.equals("/error") || path.startsWith("/webauthn/") || path.startsWith("/login/webauthn")
					|| path.startsWith("/actuator") || path.startsWith("/v3/api-docs")
					|| path.startsWith("/swagger-ui");
		}

	}

}
