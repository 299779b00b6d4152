package org.staffroom.grants;

import org.staffroom.access.Decision;
import org.staffroom.access.RuleId;
import org.staffroom.system.problems.Failure;

/**
 * Turns a denial into the API's answer: 403 with the rule's code (404 for unknown
 * references).
 */
public final class Refusals {

	private Refusals() {
	}

	public static void throwIfDenied(Decision decision) {
		if (decision.allowed()) {
			return;
		}
		if (decision.primaryRule() == RuleId.UNKNOWN_REFERENCE) {
			throw Failure.notFound("What the request names");
		}
		if (decision.primaryRule() == RuleId.EVALUATION_ERROR) {
			throw new Failure(Failure.Kind.INTERNAL, "internal_error", decision.reason());
		}
		throw Failure.forbidden(decision.code(), decision.reason());
	}

}
