package org.staffroom.system.problems;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The outermost filter: a failure thrown before any controller can catch it (the
 * bearer-token filter looking a token up, the session store loading or saving a page's
 * session) or after it (the session saved at the end of a page) becomes the same answer a
 * controller would give. A database outage is 503 {@code unavailable} with Retry-After,
 * as problem+json or as a page; a parameter that is not valid percent-encoded UTF-8 is
 * 400 {@code bad_request}, and a form body that cannot be decoded 400
 * {@code validation_failed}. Anything else goes on to the container's error handling
 * ({@link ErrorPages}).
 */
class EdgeFailures extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(EdgeFailures.class);

	private final ProblemWriter problems;

	private final ITemplateEngine templates;

	EdgeFailures(ProblemWriter problems, ITemplateEngine templates) {
		this.problems = problems;
		this.templates = templates;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | IOException | RuntimeException ex) {
			Failure failure = failureOf(ex);
			if (failure == null || response.isCommitted()) {
				throw ex;
			}
			if (failure.kind() == Failure.Kind.UNAVAILABLE) {
				log.warn("Database unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(),
						ex.toString());
			}
			response.reset();
			if (ProblemWriter.wantsPage(request)) {
				page(response, failure);
			}
			else {
				this.problems.write(response, failure);
			}
		}
	}

	private static Failure failureOf(Throwable ex) {
		if (Outages.isOutage(ex)) {
			return Outages.unavailable();
		}
		for (Throwable t = ex; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			if (t instanceof InvalidParameterException) {
				return ProblemHandler.badEncoding();
			}
			if (t instanceof HttpMessageNotReadableException) {
				// A form body that cannot be decoded, read by FormContentFilter before
				// any controller.
				return Failure.invalid("body", "malformed", "The request body cannot be read");
			}
		}
		return null;
	}

	/**
	 * A plain page: it needs neither the session nor the database, which may be what
	 * failed.
	 */
	private void page(HttpServletResponse response, Failure failure) throws IOException {
		HttpStatus status = ProblemHandler.statusOf(failure.kind());
		response.setStatus(status.value());
		failure.headers().forEach(response::setHeader);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setContentType(MediaType.TEXT_HTML_VALUE);
		response.setCharacterEncoding("UTF-8");
		Context context = new Context();
		boolean unavailable = status == HttpStatus.SERVICE_UNAVAILABLE;
		context.setVariable("title", unavailable ? PageProblems.UNAVAILABLE_TITLE : "That cannot be done");
		context.setVariable("message", unavailable ? PageProblems.UNAVAILABLE_MESSAGE : failure.getMessage());
		context.setVariable("status", status.value());
		this.templates.process("unavailable", context, response.getWriter());
		response.flushBuffer();
	}

}
