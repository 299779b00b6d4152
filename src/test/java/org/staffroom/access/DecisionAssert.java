package org.staffroom.access;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.assertj.core.api.AbstractAssert;

/**
 * The one assertion for decisions: {@code assertThat(decision).isAllowed()} or
 * {@code assertThat(decision).isDenied().by(RuleId.ASSIGNABLE)}.
 *
 * <p>
 * {@link #isDenied()} also checks rule 8 on every denial it sees: the denial names at
 * least one rule, and the rule shown first carries one of the stable codes of
 * access-model.md.
 */
final class DecisionAssert extends AbstractAssert<DecisionAssert, Decision> {

	/**
	 * The codes a denial may show: those of section 4 rule 8, and the engine's own three.
	 */
	static final Set<String> STABLE_CODES = Set.of("out_of_scope", "escalation_denied", "unit_type_mismatch",
			"self_grant_denied", "delegation_not_closed", "last_administrator", "not_granted", "not_found",
			"evaluation_error");

	private DecisionAssert(Decision actual) {
		super(actual, DecisionAssert.class);
	}

	static DecisionAssert assertThat(Decision decision) {
		return new DecisionAssert(decision);
	}

	DecisionAssert isAllowed() {
		isNotNull();
		if (!this.actual.allowed()) {
			failWithMessage("Expected the request to be allowed, but it was denied by %s: %s", codes(),
					this.actual.reason());
		}
		return this;
	}

	Denial isDenied() {
		isNotNull();
		if (this.actual.allowed()) {
			failWithMessage("Expected the request to be denied, but it was allowed: %s", this.actual.reason());
		}
		if (this.actual.rules().isEmpty()) {
			failWithMessage("Expected the denial to name a rule, but it names none: %s", this.actual.reason());
		}
		String code = this.actual.code();
		if (code == null || !STABLE_CODES.contains(code)) {
			failWithMessage("Expected the denial to carry a stable code, but it carries <%s>", code);
		}
		if (this.actual.reason() == null || this.actual.reason().isBlank()) {
			failWithMessage("Expected the denial to say why in words, but its reason is blank");
		}
		return new Denial();
	}

	private String codes() {
		return this.actual.rules().stream().map((r) -> r + "(" + r.code() + ")").collect(Collectors.joining(", "));
	}

	/** What may be said about a denial once it is known to be one. */
	final class Denial {

		/** The rule shown first, the one the API, the pages and the audit log report. */
		Denial by(RuleId rule) {
			if (actual.primaryRule() != rule) {
				failWithMessage("Expected the denial to be by %s (%s), but it was by %s: %s", rule, rule.code(),
						codes(), actual.reason());
			}
			return this;
		}

		/** Any of the rules the denial names, first or not. */
		Denial alsoNaming(RuleId... rules) {
			if (!actual.rules().containsAll(Arrays.asList(rules))) {
				failWithMessage("Expected the denial to name %s, but it names %s", Arrays.toString(rules), codes());
			}
			return this;
		}

		Denial withCode(String code) {
			if (!code.equals(actual.code())) {
				failWithMessage("Expected the code <%s>, but it was <%s>", code, actual.code());
			}
			return this;
		}

	}

}
