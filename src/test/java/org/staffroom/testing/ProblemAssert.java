package org.staffroom.testing;

import java.util.ArrayList;
import java.util.List;

import org.assertj.core.api.AbstractAssert;
import tools.jackson.databind.JsonNode;

/**
 * One assertion for every refusal:
 * {@code assertThatProblem(response).is(403, "escalation_denied")} checks the status,
 * that the body is application/problem+json (RFC 9457) with type, title, status and
 * detail, and its stable {@code code}; {@code hasFieldErrors(...)} checks
 * validation_failed's list.
 */
public final class ProblemAssert extends AbstractAssert<ProblemAssert, Api.Response> {

	private ProblemAssert(Api.Response actual) {
		super(actual, ProblemAssert.class);
	}

	public static ProblemAssert assertThatProblem(Api.Response response) {
		return new ProblemAssert(response);
	}

	public ProblemAssert is(int status, String code) {
		isNotNull();
		if (this.actual.status() != status) {
			failWithMessage("Expected status %s (%s) but got %s", status, code, this.actual);
		}
		String type = this.actual.contentType();
		if (type == null || !type.startsWith("application/problem+json")) {
			failWithMessage("Expected application/problem+json but got %s: %s", type, this.actual);
		}
		JsonNode body = this.actual.json();
		for (String field : List.of("type", "title", "detail", "code")) {
			if (body.path(field).asString("").isBlank()) {
				failWithMessage("Expected the problem to have a %s: %s", field, this.actual);
			}
		}
		if (body.path("status").asInt(-1) != status) {
			failWithMessage("Expected the problem's status to be %s: %s", status, this.actual);
		}
		if (!code.equals(body.path("code").asString(null))) {
			failWithMessage("Expected code %s but got %s", code, this.actual);
		}
		return this;
	}

	/**
	 * A 400 validation_failed listing exactly these fields (each once or more), in any
	 * order.
	 */
	public ProblemAssert isInvalid(String... fields) {
		is(400, "validation_failed");
		List<String> listed = fields();
		for (JsonNode error : this.actual.json().path("errors")) {
			for (String part : List.of("field", "code", "message")) {
				if (error.path(part).asString("").isBlank()) {
					failWithMessage("Every field error needs a %s: %s", part, this.actual);
				}
			}
		}
		if (!new java.util.HashSet<>(listed).equals(new java.util.HashSet<>(List.of(fields)))) {
			failWithMessage("Expected errors for exactly %s but got %s: %s", List.of(fields), listed, this.actual);
		}
		return this;
	}

	public ProblemAssert hasFieldError(String field, String code) {
		for (JsonNode error : this.actual.json().path("errors")) {
			if (field.equals(error.path("field").asString(null)) && code.equals(error.path("code").asString(null))) {
				return this;
			}
		}
		failWithMessage("Expected a field error %s/%s: %s", field, code, this.actual);
		return this;
	}

	private List<String> fields() {
		List<String> fields = new ArrayList<>();
		this.actual.json().path("errors").forEach((e) -> fields.add(e.path("field").asString(null)));
		return fields;
	}

}
