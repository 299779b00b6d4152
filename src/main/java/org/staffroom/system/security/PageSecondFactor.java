package org.staffroom.system.security;

import java.time.Instant;

import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * When a page session last proved a second factor: kept in the session (so in the
 * database, for every node), and given to the page's {@link SignedIn} for step-up.
 */
public final class PageSecondFactor {

	static final String ATTRIBUTE = "staffroom.secondFactorAt";

	private PageSecondFactor() {
	}

	/** Remembers that this session proved a second factor at that time. */
	public static void remember(HttpSession session, Instant at) {
		session.setAttribute(ATTRIBUTE, at);
	}

	/**
	 * The person, having proved a second factor with the code typed into a page's form
	 * (step-up), remembered in the session for the next 15 minutes; unchanged when no
	 * code was typed.
	 * @throws org.staffroom.system.problems.Failure as {@link StepUp#withCode}
	 */
	public static SignedIn withCode(StepUp stepUp, SignedIn who, @Nullable String code, HttpSession session) {
		SignedIn stepped = stepUp.withCode(who, code);
		Instant at = stepped.secondFactorAt();
		if (stepped != who && at != null) {
			remember(session, at);
		}
		return stepped;
	}

	/** The signed-in person of the current request, if there is one. */
	public static @Nullable SignedIn current() {
		return SignedInArguments.current();
	}

	static SignedIn applied(SignedIn signedIn) {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request == null) {
			return signedIn;
		}
		Object at = request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_SESSION);
		return (at instanceof Instant instant) ? signedIn.withSecondFactorAt(instant) : signedIn;
	}

}
