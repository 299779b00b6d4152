package org.staffroom.signin.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.stereotype.Component;
import org.staffroom.accounts.SignInThrottle;
import org.staffroom.factors.SecondFactors;
import org.staffroom.system.security.SignedInPrincipal;

/**
 * The sign-in page obeys the same throttle as the API: failures count per email address
 * across all nodes ({@link SignInThrottle}), and a locked address is told how long to
 * wait.
 */
@Component
class PageSignIn extends SavedRequestAwareAuthenticationSuccessHandler implements AuthenticationFailureHandler {

	private final SignInThrottle throttle;

	private final SecondFactors factors;

	private final SimpleUrlAuthenticationFailureHandler failure = new SimpleUrlAuthenticationFailureHandler(
			"/sign-in?error");

	private final org.springframework.security.web.savedrequest.RequestCache requestCache = new org.springframework.security.web.savedrequest.HttpSessionRequestCache();

	PageSignIn(SignInThrottle throttle, SecondFactors factors) {
		this.throttle = throttle;
		this.factors = factors;
		setDefaultTargetUrl("/");
	}

	/** Refuses a sign-in attempt for a locked address before any password is checked. */
	org.springframework.web.filter.OncePerRequestFilter lockFilter() {
		return new org.springframework.web.filter.OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
					jakarta.servlet.FilterChain chain) throws ServletException, IOException {
				String email = request.getParameter("email");
				if ("POST".equals(request.getMethod()) && "/sign-in".equals(request.getServletPath())
						&& email != null) {
					Optional<Duration> wait = PageSignIn.this.throttle.lockedFor(SignInThrottle.keyOf(email));
					if (wait.isPresent()) {
						request.getSession().setAttribute("signInEmail", email);
						response.sendRedirect(request.getContextPath() + "/sign-in?locked="
								+ Math.max(1, wait.get().toSeconds() + 1));
						return;
					}
				}
				chain.doFilter(request, response);
			}
		};
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		if (authentication.getPrincipal() instanceof SignedInPrincipal principal
				&& this.factors.hasFactor(principal.signedIn().accountId())) {
			// The password was right; the second factor is asked for next. Until then
			// the session is not signed in, and the throttle still counts.
			SecondStepPage.awaitSecondFactor(authentication, request, response);
			return;
		}
		this.throttle.succeeded(SignInThrottle.keyOf(request.getParameter("email")));
		super.onAuthenticationSuccess(request, response, authentication);
	}

	/**
	 * Where a sign-in finished by its second factor goes: the page that asked for it, or
	 * the start page.
	 */
	String whereNext(HttpServletRequest request, HttpServletResponse response) {
		var saved = this.requestCache.getRequest(request, response);
		if (saved == null) {
			return "/";
		}
		this.requestCache.removeRequest(request, response);
		return saved.getRedirectUrl();
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		String email = request.getParameter("email");
		this.throttle.failed(SignInThrottle.keyOf(email));
		request.getSession().setAttribute("signInEmail", email);
		this.failure.onAuthenticationFailure(request, response, exception);
	}

}
