package org.staffroom.signin.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.staffroom.accounts.SignInThrottle;
import org.staffroom.factors.SecondFactors;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.security.PageSecondFactor;
import org.staffroom.system.security.SignedInPrincipal;
import org.staffroom.system.security.Via;
import org.staffroom.system.web.PageController;

/**
 * The second step of signing in to the pages, for an account with a second factor: after
 * the right password, a code from the authenticator app (or a recovery code). The session
 * is signed in only once the code is right.
 */
@PageController
class SecondStepPage {

	static final String PATH = "/sign-in/second-factor";

	private static final String PENDING = "staffroom.signIn.pending";

	private static final String PENDING_SINCE = "staffroom.signIn.pendingSince";

	// Time enough to find a phone; after it, the password is asked for again.
	private static final Duration PENDING_FOR = Duration.ofMinutes(10);

	private static final HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

	private final SecondFactors factors;

	private final SignInThrottle throttle;

	private final PageSignIn signIn;

	private final Clock clock;

	SecondStepPage(SecondFactors factors, SignInThrottle throttle, PageSignIn signIn, Clock clock) {
		this.factors = factors;
		this.throttle = throttle;
		this.signIn = signIn;
		this.clock = clock;
	}

	/** Undoes the sign-in that the password made, and asks for the second factor. */
	static void awaitSecondFactor(Authentication authentication, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		HttpSession session = request.getSession();
		session.setAttribute(PENDING, authentication);
		session.setAttribute(PENDING_SINCE, Instant.now());
		SecurityContext empty = SecurityContextHolder.createEmptyContext();
		SecurityContextHolder.setContext(empty);
		contexts.saveContext(empty, request, response);
		response.sendRedirect(request.getContextPath() + PATH);
	}

	/** Forgets a sign-in waiting for its second factor (a passkey signed in instead). */
	static void forgetPending(HttpSession session) {
		session.removeAttribute(PENDING);
		session.removeAttribute(PENDING_SINCE);
	}

	@GetMapping(PATH)
	String ask(HttpServletRequest request, Model model) {
		Authentication pending = pending(request);
		if (pending == null) {
			return "redirect:/sign-in";
		}
		model.addAttribute("error", null);
		return page(pending, model);
	}

	@PostMapping(PATH)
	String prove(@RequestParam(name = "code", required = false) String code,
			@RequestParam(name = "recoveryCode", required = false) String recoveryCode, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		Authentication pending = pending(request);
		if (pending == null) {
			return "redirect:/sign-in?expired";
		}
		var who = ((SignedInPrincipal) pending.getPrincipal()).signedIn();
		String key = SignInThrottle.keyOf(who.email());
		boolean noCode = (code == null || code.isBlank()) && (recoveryCode == null || recoveryCode.isBlank());
		if (noCode) {
			model.addAttribute("error", "Enter the 6-digit code from your authenticator app");
			model.addAttribute("errorField", "code");
			return page(pending, model);
		}
		try {
			this.throttle.throwIfLocked(key);
		}
		catch (Failure ex) {
			model.addAttribute("error", ex.getMessage());
			model.addAttribute("errorField", "code");
			return page(pending, model);
		}
		if (!this.factors.proveAtSignIn(who.accountId(), who.email(), code, recoveryCode, key, Via.PAGE)) {
			boolean withRecovery = recoveryCode != null && !recoveryCode.isBlank();
			model.addAttribute("error", withRecovery ? "The recovery code is wrong or was used already"
					: "The code is wrong or has expired: enter the code your authenticator app shows now");
			model.addAttribute("errorField", withRecovery ? "recoveryCode" : "code");
			model.addAttribute("useRecoveryCode", withRecovery);
			return page(pending, model);
		}
		this.throttle.succeeded(key);
		HttpSession session = request.getSession();
		session.removeAttribute(PENDING);
		session.removeAttribute(PENDING_SINCE);
		// A new session id now that the session is signed in, as at any sign-in.
		request.changeSessionId();
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(pending);
		SecurityContextHolder.setContext(context);
		contexts.saveContext(context, request, response);
		PageSecondFactor.remember(request.getSession(), this.clock.instant());
		return "redirect:" + this.signIn.whereNext(request, response);
	}

	// A person with a passkey may use it here in place of a code.
	private String page(Authentication pending, Model model) {
		var who = ((SignedInPrincipal) pending.getPrincipal()).signedIn();
		model.addAttribute("hasPasskey", this.factors.hasPasskey(who.accountId()));
		return "sign-in-second-factor";
	}

	private Authentication pending(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || !(session.getAttribute(PENDING) instanceof Authentication pending)
				|| !(session.getAttribute(PENDING_SINCE) instanceof Instant since)) {
			return null;
		}
		if (since.plus(PENDING_FOR).isBefore(Instant.now())) {
			session.removeAttribute(PENDING);
			return null;
		}
		return pending;
	}

}
