package org.staffroom.access;

/**
 * Every rule that can decide a request, each with the stable code that the API, the pages
 * and the audit log show. Rules 1 to 7 are those of access-model.md section 4.
 */
public enum RuleId {

	/** Rule 1: the actor holds accounts.manage at a scope containing the unit. */
	AUTHORITY("out_of_scope", "You do not manage accounts there"),
	/**
	 * Rule 2: the role is in the may-assign set of one of the actor's assignments there.
	 */
	ASSIGNABLE("escalation_denied", "None of your roles there lets you give that role"),
	/** Rule 3: the role may be assigned at the unit's type. */
	FITS("unit_type_mismatch", "That role cannot be given at that kind of place"),
	/** Rule 4: nobody changes their own access. */
	NOT_YOURSELF("self_grant_denied", "Nobody can change their own access"),
	/**
	 * Rule 5: the catalogue is closed under delegation, and custom roles bundle only what
	 * the creator holds.
	 */
	CLOSED_DELEGATION("delegation_not_closed", "The role would let people give more access than they hold"),
	/** Rule 6: the actor could have assigned every role the member holds. */
	TOUCH_ONLY_WHAT_YOU_COULD_ASSIGN("escalation_denied", "You could not have given every role this member has"),
	/** Rule 7: the last active administrator at the root stays. */
	NO_LOCK_OUT("last_administrator",
			"This is the last active member who manages accounts for the whole organisation, so they keep that access: "
					+ "give it to someone else first"),
	/** Deny by default: no assignment grants the permission there. */
	NOT_GRANTED("not_granted", "None of the roles gives that permission there"),
	/** The request names a role, unit or member that the snapshot does not have. */
	UNKNOWN_REFERENCE("not_found", "The request names something this organisation does not have"),
	/** Evaluation failed; the error is attached and the answer is deny. */
	EVALUATION_ERROR("evaluation_error", "The decision could not be evaluated, so it is denied"),
	/** The grant that allowed a request (an allow carries it too). */
	GRANTED("granted", "A role assignment grants it");

	private final String code;

	private final String description;

	RuleId(String code, String description) {
		this.code = code;
		this.description = description;
	}

	/** The stable snake_case code shown to API clients. */
	public String code() {
		return this.code;
	}

	/**
	 * What the rule says, in a person's words and without its number. A decision's reason
	 * says more: which role, where, and who to ask.
	 */
	public String description() {
		return this.description;
	}

}
