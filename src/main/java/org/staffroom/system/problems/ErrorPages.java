package org.staffroom.system.problems;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The container's error path ({@code /error}), in place of Spring Boot's whitelabel one:
 * an error that no controller answered (a {@code sendError}, an exception from a filter)
 * is problem+json with a {@code code} for the API and for clients that do not ask for
 * HTML, and a page for browsers. Asked for directly, {@code /error} is an address like
 * any other that does not exist: 404.
 */
@Controller
@RequestMapping("${server.error.path:/error}")
class ErrorPages implements ErrorController {

	private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);

	private final ProblemHandler handler;

	ErrorPages(ProblemHandler handler) {
		this.handler = handler;
	}

	@RequestMapping
	Object error(HttpServletRequest request, HttpServletResponse response) {
		Failure failure = failureOf(request);
		failure.headers().forEach(response::setHeader);
		boolean direct = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null;
		if (direct ? ProblemWriter.namesHtml(request) : ProblemWriter.wantsPage(new OriginalRequest(request))) {
			return PageProblems.page(ProblemHandler.statusOf(failure.kind()), null);
		}
		return this.handler.apiProblem(failure);
	}

	private static Failure failureOf(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		if (exception instanceof Throwable thrown && Outages.isOutage(thrown)) {
			return Outages.unavailable();
		}
		if (!(code instanceof Integer status)) {
			return Failure.notFound("That address");
		}
		if (exception instanceof Throwable thrown && status >= 500) {
			log.error("Unexpected error on {}", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), thrown);
		}
		return ErrorPages.failureOf(status);
	}

	/**
	 * The failure that a bare HTTP status stands for, with the code the rest of the API
	 * uses.
	 */
	static Failure failureOf(int status) {
		return switch (status) {
			case 400 ->
				new Failure(Failure.Kind.INVALID, "bad_request", "The request is malformed; nothing was changed");
			case 401 -> Failure.unauthenticated("Sign in: send Authorization: Bearer <token>");
			case 403 -> Failure.forbidden("forbidden", "You may not do that");
			case 404 -> Failure.notFound("That address");
			case 405 -> new Failure(Failure.Kind.NOT_OFFERED, "method_not_allowed", "That method is not allowed here");
			case 406 -> new Failure(Failure.Kind.NOT_ACCEPTABLE, "not_acceptable",
					"None of the media types in Accept can be given here");
			case 413 -> new Failure(Failure.Kind.TOO_LARGE, "too_large", "The request is larger than allowed");
			case 415 -> new Failure(Failure.Kind.UNSUPPORTED_FORMAT, "unsupported_media_type",
					"That content type is not supported here");
			case 429 -> new Failure(Failure.Kind.THROTTLED, "rate_limited", "Too many attempts: wait and try again");
			case 503 -> Outages.unavailable();
			default -> (status >= 500)
					? new Failure(Failure.Kind.INTERNAL, "internal_error",
							"Something went wrong on our side; nothing was changed")
					: new Failure(Failure.Kind.INVALID, "bad_request",
							"The request cannot be answered (HTTP " + status + ")");
		};
	}

	/**
	 * The request as it first arrived, so that an API call's error stays problem+json.
	 */
	private static final class OriginalRequest extends jakarta.servlet.http.HttpServletRequestWrapper {

		OriginalRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getRequestURI() {
			Object original = getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
			return (original instanceof String uri) ? uri : super.getRequestURI();
		}

	}

}
