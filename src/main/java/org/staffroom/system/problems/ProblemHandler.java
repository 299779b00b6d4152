package org.staffroom.system.problems;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Every API error as application/problem+json (RFC 9457) with a stable {@code code}. */
@RestControllerAdvice
// After PageProblems, which answers for page controllers only.
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 1)
class ProblemHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	private final ObjectMapper json;

	ProblemHandler(ObjectMapper json) {
		this.json = json;
	}

	@ExceptionHandler(Failure.class)
	ResponseEntity<ProblemDetail> apiProblem(Failure ex) {
		ResponseEntity.BodyBuilder builder = ResponseEntity.status(statusOf(ex.kind()));
		ex.headers().forEach(builder::header);
		return builder.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body(ex));
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex, HttpServletRequest request) {
		Throwable cause = ex.getCause();
		if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
			List<FieldError> all = wrongTypes(request);
			if (!all.isEmpty()) {
				return apiProblem(Failure.invalid(all));
			}
			String field = fieldPath(mismatch);
			String expected = (mismatch.getTargetType() != null) ? describe(mismatch.getTargetType()) : "another type";
			return apiProblem(Failure.invalid(field, "wrong_type", field + " must be " + expected));
		}
		if (cause instanceof InvalidFormatException format && !format.getPath().isEmpty()) {
			return apiProblem(Failure.invalid(fieldPath(format), "wrong_type", "Wrong type"));
		}
		String detail = (cause == null) ? "The request body is missing" : "The request body is not valid JSON";
		return apiProblem(Failure.invalid("body", "malformed", detail));
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException ex) {
		return apiProblem(Failure.invalid(ex.getName(), "wrong_type", ex.getName() + " has the wrong type"));
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException ex) {
		return apiProblem(Failure.invalid(ex.getParameterName(), "required", ex.getParameterName() + " is required"));
	}

	@ExceptionHandler(MissingRequestHeaderException.class)
	ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException ex) {
		if (HttpHeaders.IF_MATCH.equalsIgnoreCase(ex.getHeaderName())) {
			return apiProblem(new Failure(Failure.Kind.VERSION_REQUIRED, "precondition_required",
					"Send If-Match with the ETag you read, so that nobody's change is lost"));
		}
		return apiProblem(Failure.invalid(ex.getHeaderName(), "required", ex.getHeaderName() + " is required"));
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException ex) {
		return apiProblem(new Failure(Failure.Kind.UNSUPPORTED_FORMAT, "unsupported_media_type",
				"Content type " + ex.getContentType() + " is not supported here"));
	}

	/**
	 * No representation the caller accepts (or an Accept header that is not one). The
	 * problem itself is always written as application/problem+json, whatever the Accept
	 * header said.
	 */
	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException ex) {
		List<MediaType> supported = ex.getSupportedMediaTypes();
		String detail = supported.isEmpty() ? "None of the media types in Accept can be given here"
				: "None of the media types in Accept can be given here; this gives " + MediaType.toString(supported);
		return apiProblem(new Failure(Failure.Kind.NOT_ACCEPTABLE, "not_acceptable", detail));
	}

	/**
	 * A query or form parameter that is not valid percent-encoded UTF-8 (Tomcat will not
	 * decode it).
	 */
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<ProblemDetail> undecodable(InvalidParameterException ex) {
		return apiProblem(badEncoding());
	}

	static Failure badEncoding() {
		return new Failure(Failure.Kind.INVALID, "bad_request",
				"A parameter is not valid percent-encoded UTF-8; nothing was changed");
	}

	/**
	 * A multipart body that cannot be read (no boundary, cut short) is the caller's
	 * mistake, and one larger than the upload limits is too large; a browser gets a page.
	 */
	@ExceptionHandler(MultipartException.class)
	Object multipart(MultipartException ex, HttpServletRequest request) {
		Failure failure = (ex instanceof MaxUploadSizeExceededException)
				? new Failure(Failure.Kind.TOO_LARGE, "file_too_large", "The upload is larger than allowed")
				: new Failure(Failure.Kind.INVALID, "bad_request",
						"The multipart body cannot be read; nothing was changed");
		if (ProblemWriter.wantsPage(request)) {
			return PageProblems.page(statusOf(failure.kind()), failure.getMessage());
		}
		return apiProblem(failure);
	}

	/**
	 * The database cannot be reached or did not answer in time: 503 with Retry-After,
	 * never a 500.
	 */
	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessResourceException.class,
			CannotCreateTransactionException.class, QueryTimeoutException.class, RecoverableDataAccessException.class })
	ResponseEntity<ProblemDetail> unavailable(Exception ex, HttpServletRequest request) {
		log.warn("Database unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), ex.toString());
		return apiProblem(Outages.unavailable());
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException ex) {
		return apiProblem(
				new Failure(Failure.Kind.NOT_OFFERED, "method_not_allowed", ex.getMethod() + " is not allowed here"));
	}

	@ExceptionHandler(NoResourceFoundException.class)
	Object noResource(NoResourceFoundException ex, HttpServletRequest request) {
		if (!request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
			// A person typed or followed a wrong address: a page, not JSON.
			return PageProblems.page(HttpStatus.NOT_FOUND, null);
		}
		return apiProblem(Failure.notFound("That address"));
	}

	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException ex) {
		// A unique constraint lost a race with another request: the same answer as a
		// clean check.
		String message = String.valueOf(ex.getMostSpecificCause().getMessage()).toLowerCase(Locale.ROOT);
		if (message.contains("email_key")) {
			return apiProblem(Failure.conflict("email_taken", "Another account already uses that email address"));
		}
		log.warn("Conflicting write", ex);
		return apiProblem(Failure.conflict("conflict", "The change conflicts with another one; try again"));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex, HttpServletRequest request) {
		if (Outages.isOutage(ex)) {
			return unavailable(ex, request);
		}
		log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), ex);
		return apiProblem(new Failure(Failure.Kind.INTERNAL, "internal_error",
				"Something went wrong on our side; nothing was changed"));
	}

	/** The one place where a kind of failure becomes an HTTP status. */
	public static HttpStatus statusOf(Failure.Kind kind) {
		return switch (kind) {
			case INVALID -> HttpStatus.BAD_REQUEST;
			case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
			case FORBIDDEN -> HttpStatus.FORBIDDEN;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case NOT_OFFERED -> HttpStatus.METHOD_NOT_ALLOWED;
			case NOT_ACCEPTABLE -> HttpStatus.NOT_ACCEPTABLE;
			case CONFLICT -> HttpStatus.CONFLICT;
			case GONE -> HttpStatus.GONE;
			case STALE -> HttpStatus.PRECONDITION_FAILED;
			case VERSION_REQUIRED -> HttpStatus.PRECONDITION_REQUIRED;
			case TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
			case UNSUPPORTED_FORMAT -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
			case THROTTLED -> HttpStatus.TOO_MANY_REQUESTS;
			case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
			case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
		};
	}

	/**
	 * The problem body; also used by the security layer, which answers before any
	 * controller.
	 */
	public static ProblemDetail body(Failure ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(statusOf(ex.kind()), ex.getMessage());
		problem.setType(URI.create("https://staffroom.example/problems/" + ex.code().replace('_', '-')));
		problem.setTitle(statusOf(ex.kind()).getReasonPhrase());
		problem.setProperty("code", ex.code());
		if (!ex.errors().isEmpty() || "validation_failed".equals(ex.code())) {
			problem.setProperty("errors", ex.errors());
		}
		return problem;
	}

	/**
	 * Every field of the kept request body (see {@link RequestBodies}) whose JSON cannot
	 * become the type of its record component, checked one field at a time with the same
	 * mapper, so that the rules of coercion are exactly those that refused the body.
	 */
	private List<FieldError> wrongTypes(HttpServletRequest request) {
		if (!(request.getAttribute(RequestBodies.BODY) instanceof byte[] body)
				|| !(request.getAttribute(RequestBodies.TYPE) instanceof Class<?> type)) {
			return List.of();
		}
		List<FieldError> errors = new ArrayList<>();
		try {
			wrongTypes(this.json.readTree(body), type, "", errors);
		}
		catch (RuntimeException ex) {
			return List.of();
		}
		return errors;
	}

	private void wrongTypes(JsonNode node, Type type, String path, List<FieldError> errors) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return;
		}
		Class<?> raw = this.json.getTypeFactory().constructType(type).getRawClass();
		if (raw.isRecord() && node.isObject()) {
			for (RecordComponent component : raw.getRecordComponents()) {
				wrongTypes(node.get(component.getName()), component.getGenericType(),
						path.isEmpty() ? component.getName() : path + "." + component.getName(), errors);
			}
			return;
		}
		if (List.class.isAssignableFrom(raw) && node.isArray() && type instanceof ParameterizedType list) {
			for (int i = 0; i < node.size(); i++) {
				wrongTypes(node.get(i), list.getActualTypeArguments()[0], path + "[" + i + "]", errors);
			}
			return;
		}
		try {
			this.json.convertValue(node, this.json.getTypeFactory().constructType(type));
		}
		catch (RuntimeException ex) {
			String field = path.isEmpty() ? "body" : path;
			errors.add(new FieldError(field, "wrong_type", field + " must be " + describe(raw)));
		}
	}

	private static String fieldPath(DatabindException ex) {
		StringBuilder path = new StringBuilder();
		for (var ref : ex.getPath()) {
			if (ref.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(ref.getPropertyName());
			}
			else if (ref.getIndex() >= 0) {
				path.append('[').append(ref.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "body" : path.toString();
	}

	private static String describe(Class<?> type) {
		if (type == String.class) {
			return "a string";
		}
		if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
			return "a number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (List.class.isAssignableFrom(type) || type.isArray()) {
			return "a list";
		}
		return "an object";
	}

}
