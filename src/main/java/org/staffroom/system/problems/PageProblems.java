package org.staffroom.system.problems;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;
import org.staffroom.system.web.PageController;

/**
 * A page's errors as pages: a problem that no form caught (an unknown organisation or
 * member, a used link, a refusal) is shown as a plain page with its status, never as JSON
 * or a stack trace.
 */
@ControllerAdvice(annotations = PageController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageProblems {

	private static final Logger log = LoggerFactory.getLogger(PageProblems.class);

	static final String UNAVAILABLE_TITLE = "Sorry, the service is unavailable";

	static final String UNAVAILABLE_MESSAGE = "Try again in a few moments. Nothing was changed.";

	@ExceptionHandler(Failure.class)
	ModelAndView problem(Failure ex, HttpServletResponse response) {
		ex.headers().forEach(response::setHeader);
		return page(ProblemHandler.statusOf(ex.kind()), ex.getMessage());
	}

	@ExceptionHandler(ResponseStatusException.class)
	ModelAndView status(ResponseStatusException ex) {
		return page(ex.getStatusCode(), null);
	}

	/**
	 * A form or link missing a field, or with one of the wrong kind: not something a page
	 * sends.
	 */
	@ExceptionHandler({ MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class,
			InvalidParameterException.class })
	ModelAndView badRequest(Exception ex) {
		return page(HttpStatus.BAD_REQUEST,
				"The request was incomplete, so nothing was changed. Go back and try again");
	}

	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	ModelAndView notAcceptable(HttpMediaTypeNotAcceptableException ex) {
		return page(HttpStatus.NOT_ACCEPTABLE, "This address cannot give what your browser asked for");
	}

	@ExceptionHandler(Exception.class)
	ModelAndView unexpected(Exception ex, HttpServletRequest request, HttpServletResponse response) {
		if (Outages.isOutage(ex)) {
			log.warn("Database unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), ex.toString());
			response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Outages.RETRY_AFTER_SECONDS));
			return page(HttpStatus.SERVICE_UNAVAILABLE, null);
		}
		log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), ex);
		return page(HttpStatus.INTERNAL_SERVER_ERROR, null);
	}

	static ModelAndView page(HttpStatusCode status, String message) {
		ModelAndView page = new ModelAndView("problem");
		page.setStatus(status);
		int code = status.value();
		String title = switch (code) {
			case 404 -> "Page not found";
			case 403 -> "You cannot do that";
			case 410 -> "This link no longer works";
			case 409 -> "That cannot be done now";
			case 401 -> "Sign in first";
			case 503 -> UNAVAILABLE_TITLE;
			default -> (code >= 500) ? "Sorry, there is a problem with the service" : "That cannot be done";
		};
		page.addObject("title", title);
		page.addObject("message",
				(code == 404 && message != null) ? message + ". Check the address, or go back and try again"
						: (message != null ? message : (code == 503) ? UNAVAILABLE_MESSAGE
								: (code >= 500 ? "Try again later. Nothing was changed." : null)));
		page.addObject("status", code);
		return page;
	}

}
