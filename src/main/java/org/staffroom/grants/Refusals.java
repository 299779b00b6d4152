package org.staffroom.grants;

import org.springframework.http.HttpStatus;
import org.staffroom.access.Decision;
import org.staffroom.access.RuleId;
import org.staffroom.system.ApiProblem;

/** Turns a denial into the API's answer: 403 with the rule's code (404 for unknown references). */
public final class Refusals {

	private Refusals() {
	}

	public static void throwIfDenied(Decision decision) {
		if (decision.allowed()) {
			return;
		}
		if (decision.primaryRule() == RuleId.UNKNOWN_REFERENCE) {
			throw ApiProblem.notFound("What the request names");
		}
		if (decision.primaryRule() == RuleId.EVALUATION_ERROR) {
			throw new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", decision.reason());
		}
		throw ApiProblem.forbidden(decision.code(), decision.reason());
	}

}
