package org.staffroom.signin.web;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.HttpMessageConverterAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationProvider;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.ProblemWriter;
import org.staffroom.system.security.PageSecondFactor;

/**
 * Passkeys on the pages, through Spring Security's WebAuthn support: registering one
 * ({@code /webauthn/register/options}, {@code /webauthn/register}) on Edit my account,
 * and signing in with one ({@code /webauthn/authenticate/options},
 * {@code /login/webauthn}) in place of a password and a code. A passkey is something the
 * person has, unlocked on their device, so signing in with it proves a second factor too.
 */
@Component
class PasskeySignIn {

	static final String REGISTER = "/webauthn/register";

	private final WebAuthnRelyingPartyOperations ceremonies;

	private final UserDetailsService accounts;

	private final ProblemWriter problems;

	private final Clock clock;

	PasskeySignIn(WebAuthnRelyingPartyOperations ceremonies, UserDetailsService accounts, ProblemWriter problems,
			Clock clock) {
		this.ceremonies = ceremonies;
		this.accounts = accounts;
		this.problems = problems;
		this.clock = clock;
	}

	/** Adds the ceremonies to the pages' chain. */
	void applyTo(HttpSecurity http) throws Exception {
		http.webAuthn((webAuthn) -> webAuthn.rpName("Staffroom")
			// Registered on Edit my account's page, never Spring Security's own.
			.disableDefaultRegistrationPage(true)
			.creationOptionsRepository(new CreationOptionsInSession())
			.withObjectPostProcessor(new ObjectPostProcessor<WebAuthnAuthenticationFilter>() {
				@Override
				public <O extends WebAuthnAuthenticationFilter> O postProcess(O filter) {
					signInAsAPage(filter);
					return filter;
				}
			}))
			.addFilterBefore(new RegistrationProblems(this.problems), AuthorizationFilter.class)
			// Passkeys are removed through SecondFactors (the policy's last factor, the
			// audit), never by Spring Security's own DELETE.
			.authorizeHttpRequests(
					(authorize) -> authorize.requestMatchers(HttpMethod.DELETE, REGISTER + "/**").denyAll());
	}

	private void signInAsAPage(WebAuthnAuthenticationFilter filter) {
		filter.setAuthenticationManager(new ProviderManager(
				new AsPageUser(new WebAuthnAuthenticationProvider(this.ceremonies, this.accounts), this.accounts)));
		// A new session id at sign-in, and a new CSRF token, as for a password.
		filter.setSessionAuthenticationStrategy(
				new CompositeSessionAuthenticationStrategy(List.of(new ChangeSessionIdAuthenticationStrategy(),
						new CsrfAuthenticationStrategy(new PageSecurity.TokensInExistingSessions()))));
		filter.setAuthenticationSuccessHandler(new SignedInWithPasskey(this.clock));
	}

	/**
	 * The person a passkey proved, as the pages know a signed-in person: the same
	 * principal as a password gives ({@code SignedInPrincipal}), not Spring Security's
	 * user entity. An account that could not sign in with a password cannot with a
	 * passkey either.
	 */
	static final class AsPageUser implements AuthenticationProvider {

		private final AuthenticationProvider passkeys;

		private final UserDetailsService accounts;

		private final AccountStatusUserDetailsChecker checks = new AccountStatusUserDetailsChecker();

		AsPageUser(AuthenticationProvider passkeys, UserDetailsService accounts) {
			this.passkeys = passkeys;
			this.accounts = accounts;
		}

		@Override
		public Authentication authenticate(Authentication authentication) throws AuthenticationException {
			Authentication proved = this.passkeys.authenticate(authentication);
			UserDetails account = this.accounts.loadUserByUsername(proved.getName());
			this.checks.check(account);
			return UsernamePasswordAuthenticationToken.authenticated(account, null, proved.getAuthorities());
		}

		@Override
		public boolean supports(Class<?> authentication) {
			return this.passkeys.supports(authentication);
		}

	}

	/**
	 * Remembers that the session proved a second factor (for step-up), forgets a sign-in
	 * that was waiting for a code, and answers the page's script with where to go next.
	 */
	static final class SignedInWithPasskey implements AuthenticationSuccessHandler {

		private final AuthenticationSuccessHandler answer = new HttpMessageConverterAuthenticationSuccessHandler();

		private final Clock clock;

		SignedInWithPasskey(Clock clock) {
			this.clock = clock;
		}

		@Override
		public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
				Authentication authentication) throws IOException, ServletException {
			HttpSession session = request.getSession();
			SecondStepPage.forgetPending(session);
			PageSecondFactor.remember(session, this.clock.instant());
			this.answer.onAuthenticationSuccess(request, response, authentication);
		}

	}

	/**
	 * A registration that Spring Security refuses by throwing (a bad name, an answer that
	 * does not verify) is answered with problem+json, and nothing is stored.
	 */
	static final class RegistrationProblems extends OncePerRequestFilter {

		private final ProblemWriter problems;

		RegistrationProblems(ProblemWriter problems) {
			this.problems = problems;
		}

		@Override
		protected boolean shouldNotFilter(HttpServletRequest request) {
			return !("POST".equals(request.getMethod())
					&& REGISTER.equals(request.getRequestURI().substring(request.getContextPath().length())));
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			try {
				chain.doFilter(request, response);
			}
			catch (RuntimeException | ServletException ex) {
				if (response.isCommitted()) {
					throw ex;
				}
				this.problems.write(response, failureIn(ex));
			}
		}

		private static Failure failureIn(Throwable ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof Failure failure) {
					return failure;
				}
			}
			return new Failure(Failure.Kind.INVALID, "passkey_invalid",
					"The passkey could not be registered: the browser's answer did not verify, or the passkey "
							+ "is registered already. Try again");
		}

	}

}
