package org.staffroom.system.problems;

import java.util.List;
import java.util.Map;

/**
 * A request that cannot be done: a {@link Kind} of failure and a stable {@code code} (a
 * rule's code where a rule refused it). Thrown from use cases and web adapters, never
 * from access decisions (those return denials). Only the web edge
 * ({@link ProblemHandler}, {@link ProblemWriter}) turns the kind into an HTTP status and
 * the failure into application/problem+json. The transaction it leaves is rolled back, so
 * nothing is half-changed.
 */
public class Failure extends RuntimeException {

	/**
	 * What went wrong, in the domain's terms; the web edge maps each to one HTTP status.
	 */
	public enum Kind {

		/** The input is malformed or breaks a field's rule. */
		INVALID,
		/** Nobody is signed in, or the credentials are wrong. */
		UNAUTHENTICATED,
		/** An access rule (or a lack of permission) refuses it. */
		FORBIDDEN,
		/** The thing does not exist, or the caller may not know that it does. */
		NOT_FOUND,
		/** The operation is not offered on that address. */
		NOT_OFFERED,
		/** No representation the caller accepts can be given. */
		NOT_ACCEPTABLE,
		/**
		 * It clashes with the current state (a duplicate, a last administrator, a race).
		 */
		CONFLICT,
		/** It existed, but is used up, withdrawn or expired. */
		GONE,
		/** The caller's version is stale. */
		STALE,
		/** The caller must say which version it changes. */
		VERSION_REQUIRED,
		/** The input is larger than allowed. */
		TOO_LARGE,
		/** The input's format is not one this operation reads. */
		UNSUPPORTED_FORMAT,
		/** Too many attempts: wait and try again. */
		THROTTLED,
		/** A dependency (the database) is down for now: try again shortly. */
		UNAVAILABLE,
		/** A fault of ours. */
		INTERNAL

	}

	private final Kind kind;

	private final String code;

	private final List<FieldError> errors;

	private final Map<String, String> headers;

	public Failure(Kind kind, String code, String detail) {
		this(kind, code, detail, List.of(), Map.of());
	}

	public Failure(Kind kind, String code, String detail, List<FieldError> errors, Map<String, String> headers) {
		super(detail);
		this.kind = kind;
		this.code = code;
		this.errors = List.copyOf(errors);
		this.headers = Map.copyOf(headers);
	}

	public static Failure notFound(String what) {
		return new Failure(Kind.NOT_FOUND, "not_found", what + " was not found");
	}

	public static Failure invalid(List<FieldError> errors) {
		return new Failure(Kind.INVALID, "validation_failed",
				errors.size() == 1 ? errors.get(0).message() : errors.size() + " fields are invalid", errors, Map.of());
	}

	public static Failure invalid(String field, String code, String message) {
		return invalid(List.of(new FieldError(field, code, message)));
	}

	public static Failure forbidden(String code, String detail) {
		return new Failure(Kind.FORBIDDEN, code, detail);
	}

	public static Failure conflict(String code, String detail) {
		return new Failure(Kind.CONFLICT, code, detail);
	}

	public static Failure gone(String code, String detail) {
		return new Failure(Kind.GONE, code, detail);
	}

	public static Failure unauthenticated(String detail) {
		return new Failure(Kind.UNAUTHENTICATED, "unauthenticated", detail);
	}

	public Kind kind() {
		return this.kind;
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
