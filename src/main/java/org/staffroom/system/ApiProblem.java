package org.staffroom.system;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A request that cannot be done, answered as application/problem+json with a stable {@code code}.
 * Thrown from web adapters and use cases, never from access decisions (those return denials). The
 * transaction it leaves is rolled back, so nothing is half-changed.
 */
public class ApiProblem extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	private final List<FieldError> errors;

	private final Map<String, String> headers;

	public ApiProblem(HttpStatus status, String code, String detail) {
		this(status, code, detail, List.of(), Map.of());
	}

	public ApiProblem(HttpStatus status, String code, String detail, List<FieldError> errors,
			Map<String, String> headers) {
		super(detail);
		this.status = status;
		this.code = code;
		this.errors = List.copyOf(errors);
		this.headers = Map.copyOf(headers);
	}

	public static ApiProblem notFound(String what) {
		return new ApiProblem(HttpStatus.NOT_FOUND, "not_found", what + " was not found");
	}

	public static ApiProblem invalid(List<FieldError> errors) {
		return new ApiProblem(HttpStatus.BAD_REQUEST, "validation_failed",
				errors.size() == 1 ? errors.get(0).message() : errors.size() + " fields are invalid", errors, Map.of());
	}

	public static ApiProblem invalid(String field, String code, String message) {
		return invalid(List.of(new FieldError(field, code, message)));
	}

	public static ApiProblem forbidden(String code, String detail) {
		return new ApiProblem(HttpStatus.FORBIDDEN, code, detail);
	}

	public static ApiProblem conflict(String code, String detail) {
		return new ApiProblem(HttpStatus.CONFLICT, code, detail);
	}

	public static ApiProblem unauthenticated(String detail) {
		return new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthenticated", detail);
	}

	public HttpStatus status() {
		return this.status;
	}

	public String code() {
		return this.code;
	}

	public List<FieldError> errors() {
		return this.errors;
	}

	public Map<String, String> headers() {
		return this.headers;
	}

}
