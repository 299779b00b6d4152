package org.staffroom.grants.web;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.stereotype.Component;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Decision;
import org.staffroom.access.Permission;
import org.staffroom.accounts.EmailAddress;
import org.staffroom.grants.MemberVisibility;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.security.SignedIn;

/**
 * One question of the check API answered from the cached snapshot, for
 * {@link AccessController} and {@link AccessCheckEndpoint} alike, so that both give
 * exactly the same answers and errors.
 */
@Component
class AccessQuestions {

	private final OrganisationAccess access;

	AccessQuestions(OrganisationAccess access) {
		this.access = access;
	}

	record Question(String organisationId, String userId, String email, String permission, String unitId) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Answer(boolean allowed, String reason, String code, String grantedBy) {
	}

	/**
	 * The answer, or null when the question is invalid: its invalid fields are then added
	 * to {@code errors}, each named with {@code prefix}.
	 * @throws Failure not_found for an organisation the caller is not in, forbidden for a
	 * member the caller may not see
	 */
	Answer answer(Question q, SignedIn me, FieldErrors errors, String prefix) {
		if (q.organisationId() == null || q.organisationId().isBlank()) {
			errors.add(prefix + "organisationId", "required", "Name the organisation");
		}
		Permission permission = Permission.fromKey(q.permission()).orElse(null);
		if (permission == null) {
			errors.add(prefix + "permission", q.permission() == null ? "required" : "unknown_permission",
					"Unknown permission " + q.permission());
		}
		if ((q.userId() == null || q.userId().isBlank()) && (q.email() == null || q.email().isBlank())) {
			errors.add(prefix + "userId", "required", "Name the user by userId or email");
		}
		if (errors.has(prefix + "organisationId")) {
			return null;
		}
		AccessSnapshot snapshot = this.access.require(q.organisationId(), me);
		String unitId = (q.unitId() == null || q.unitId().isBlank()) ? snapshot.rootUnitId() : q.unitId();
		if (!snapshot.hasUnit(unitId)) {
			errors.add(prefix + "unitId", "unknown_unit", "There is no such unit in this organisation");
		}
		if (!errors.isEmpty()) {
			return null;
		}
		String memberId = (q.userId() != null && !q.userId().isBlank()) ? q.userId()
				: snapshot.memberIdByEmailKey(EmailAddress.keyOf(q.email())).orElse(null);
		if (memberId == null || !snapshot.isMember(memberId)) {
			return new Answer(false, "Not a member of this organisation", "not_member", null);
		}
		if (!memberId.equals(me.accountId()) && !MemberVisibility.canView(me, memberId, snapshot)) {
			throw Failure.forbidden("forbidden", "You may ask only about yourself or members you may see");
		}
		Decision decision = AccessPolicy.decide(new AccessRequest.HoldsPermission(memberId, permission, unitId),
				snapshot);
		return new Answer(decision.allowed(), decision.reason(), decision.code(),
				decision.grantedBy() == null ? null : decision.grantedBy().id());
	}

}
