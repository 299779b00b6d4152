package org.staffroom.system.problems;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/** Writes a problem+json answer from a filter, before any controller runs. */
@Component
public class ProblemWriter {

	private final ObjectMapper json;

	ProblemWriter(ObjectMapper json) {
		this.json = json;
	}

	public void write(HttpServletResponse response, Failure problem) throws IOException {
		if (!response.isCommitted()) {
			response.resetBuffer();
		}
		response.setStatus(ProblemHandler.statusOf(problem.kind()).value());
		problem.headers().forEach(response::setHeader);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), ProblemHandler.body(problem));
	}

	/**
	 * Whether an error should be answered as a page rather than problem+json: a request
	 * for an address outside the API and the health checks, from a client that takes HTML
	 * (a browser; no Accept header at all counts as taking anything).
	 */
	public static boolean wantsPage(HttpServletRequest request) {
		String path = request.getRequestURI();
		String context = request.getContextPath();
		if (path != null && context != null && path.startsWith(context)) {
			path = path.substring(context.length());
		}
		if (path == null || path.startsWith("/api/") || path.equals("/api") || path.startsWith("/actuator")
				|| path.startsWith("/v3/api-docs")) {
			return false;
		}
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		if (accept == null || accept.isBlank()) {
			return true;
		}
		try {
			return MediaType.parseMediaTypes(accept).stream().anyMatch((type) -> type.includes(MediaType.TEXT_HTML));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/** Whether the Accept header names HTML itself (not only through a wildcard). */
	public static boolean namesHtml(HttpServletRequest request) {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		try {
			return accept != null && MediaType.parseMediaTypes(accept)
				.stream()
				.anyMatch((type) -> "text".equals(type.getType()) && "html".equals(type.getSubtype()));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

}
