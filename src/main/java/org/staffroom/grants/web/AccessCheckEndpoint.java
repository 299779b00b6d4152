package org.staffroom.grants.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.web.filter.OncePerRequestFilter;
import org.staffroom.grants.web.AccessQuestions.Answer;
import org.staffroom.grants.web.AccessQuestions.Question;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.security.EnrolmentRequired;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.TokenResolver;

/**
 * The short path of {@code POST /api/v1/access/check}, the one call that other services
 * make for every action of their users (docs/benchmarks.md, aim b). It answers the
 * ordinary case, a valid question from a live bearer token with a JSON body, before
 * Spring Security's filter chain, the session filter and Spring MVC's dispatch, whose
 * work on this call was most of its cost. It does what they would do for that case and
 * nothing else: the same token lookup as {@code BearerTokenFilter}, the same JSON mapper,
 * the same {@link AccessQuestions}, and the same security headers as the API filter chain
 * writes (Spring Security's defaults).
 *
 * <p>
 * Every other request goes on down the ordinary path untouched, with its body replayed:
 * no or a bad token (401), a body that is not a question (400), an invalid question, an
 * organisation the caller is not in, a member the caller may not see, another content
 * type or {@code Accept}, and any error. The answer there is the one the API has always
 * given, so this class cannot change an error's status, code or body; it only answers
 * sooner when the answer is a 200.
 */
class AccessCheckEndpoint extends OncePerRequestFilter {

	static final String PATH = "/api/v1/access/check";

	// A question is a few hundred bytes; anything much larger is not the ordinary case.
	private static final int MAX_BODY = 16 * 1024;

	private final TokenResolver tokens;

	private final AccessQuestions questions;

	private final ObjectReader reader;

	private final ObjectWriter writer;

	// Spring Security's default headers, in its order, as the API chain (which leaves
	// them as they are) writes them; HSTS only on a secure request, as there.
	private final List<HeaderWriter> headers = List.of(new XContentTypeOptionsHeaderWriter(),
			new XXssProtectionHeaderWriter(), new CacheControlHeadersWriter(), new HstsHeaderWriter(),
			new XFrameOptionsHeaderWriter());

	private final EnrolmentRequired enrolment;

	AccessCheckEndpoint(TokenResolver tokens, AccessQuestions questions, ObjectMapper json,
			EnrolmentRequired enrolment) {
		this.enrolment = enrolment;
		this.tokens = tokens;
		this.questions = questions;
		this.reader = json.readerFor(Question.class);
		this.writer = json.writerFor(Answer.class);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !isCheckPath(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<SignedIn> me = ordinary(request) ? signedIn(request) : Optional.empty();
		if (me.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readNBytes(request.getContentLength());
		byte[] answer = answer(body, me.get());
		if (answer == null) {
			chain.doFilter(new ReplayedBody(request, body), response);
			return;
		}
		response.setStatus(HttpServletResponse.SC_OK);
		for (HeaderWriter writer : this.headers) {
			writer.writeHeaders(request, response);
		}
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(answer.length);
		response.getOutputStream().write(answer);
	}

	/** The answer as JSON, or null when the ordinary path must answer (with an error). */
	private byte[] answer(byte[] body, SignedIn me) {
		try {
			Question question = this.reader.readValue(body);
			if (question == null) {
				return null;
			}
			FieldErrors errors = new FieldErrors();
			Answer answer = this.questions.answer(question, me, errors, "");
			if (answer == null || !errors.isEmpty()) {
				return null;
			}
			return this.writer.writeValueAsBytes(answer);
		}
		catch (RuntimeException ex) {
			// Unreadable JSON, a field of the wrong type, not_found, forbidden, or a
			// failure: the ordinary path gives the API's answer for each, exactly as
			// before.
			return null;
		}
	}

	private static boolean isCheckPath(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String context = request.getContextPath();
		return uri.length() == context.length() + PATH.length() && uri.startsWith(context)
				&& uri.startsWith(PATH, context.length());
	}

	/** A JSON body of known, small length, and a response that may be plain JSON. */
	private static boolean ordinary(HttpServletRequest request) {
		int length = request.getContentLength();
		return length > 0 && length <= MAX_BODY && isJson(request.getContentType())
				&& acceptsJson(request.getHeader(HttpHeaders.ACCEPT));
	}

	private static boolean isJson(String contentType) {
		if (contentType == null) {
			return false;
		}
		String type = contentType.strip();
		if (type.equalsIgnoreCase(MediaType.APPLICATION_JSON_VALUE)) {
			return true;
		}
		int semicolon = type.indexOf(';');
		return semicolon > 0 && type.substring(0, semicolon).strip().equalsIgnoreCase(MediaType.APPLICATION_JSON_VALUE)
				&& type.substring(semicolon + 1).strip().equalsIgnoreCase("charset=utf-8");
	}

	// Only the plain forms; anything else (parameters, q-values, other types) is left to
	// Spring MVC's content negotiation.
	private static boolean acceptsJson(String accept) {
		if (accept == null || accept.isBlank()) {
			return true;
		}
		for (String part : accept.split(",")) {
			String type = part.strip();
			if (type.equals("*/*") || type.equalsIgnoreCase(MediaType.APPLICATION_JSON_VALUE)
					|| type.equalsIgnoreCase("application/*")) {
				continue;
			}
			return false;
		}
		return true;
	}

	/**
	 * As {@code BearerTokenFilter} reads the header; empty for anything it would refuse.
	 */
	private Optional<SignedIn> signedIn(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return Optional.empty();
		}
		// Someone who must enrol a second factor first gets the ordinary path's 403.
		return this.tokens.resolve(header.substring(7).strip()).filter((who) -> !this.enrolment.needsEnrolment(who));
	}

	/** The request as it came, its body read again from the bytes this filter took. */
	private static final class ReplayedBody extends HttpServletRequestWrapper {

		private final byte[] body;

		ReplayedBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {
				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body has already been read");
				}
			};
		}

		@Override
		public java.io.BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
					encoding == null ? java.nio.charset.StandardCharsets.UTF_8.name() : encoding));
		}

	}

}
