package org.staffroom.access;

import java.util.List;

/**
 * The answer to an {@link AccessRequest}. A denial is a value, never an exception: it
 * names every rule that denied the request, first the one to show. An allow may name the
 * assignment behind it.
 *
 * @param allowed whether the request may go ahead
 * @param rules the rules that decided it; on a denial at least one
 * @param reason a sentence a person can read
 * @param grantedBy the assignment that grants a held permission, or {@code null}
 */
public record Decision(boolean allowed, List<RuleId> rules, String reason, Assignment grantedBy) {

	public Decision {
		rules = List.copyOf(rules);
		if (!allowed && rules.isEmpty()) {
			throw new IllegalArgumentException("a denial names its rule");
		}
	}

	public static Decision allow(String reason) {
		return new Decision(true, List.of(), reason, null);
	}

	public static Decision allowBy(Assignment assignment, String reason) {
		return new Decision(true, List.of(RuleId.GRANTED), reason, assignment);
	}

	public static Decision deny(RuleId rule, String reason) {
		return new Decision(false, List.of(rule), reason, null);
	}

	public static Decision deny(List<RuleId> rules, String reason) {
		return new Decision(false, rules, reason, null);
	}

	public boolean denied() {
		return !this.allowed;
	}

	/** The rule to report first; {@code null} for an allow. */
	public RuleId primaryRule() {
		return this.allowed ? null : this.rules.get(0);
	}

	/** The API code of the primary rule, or {@code null} for an allow. */
	public String code() {
		return this.allowed ? null : primaryRule().code();
	}

}
