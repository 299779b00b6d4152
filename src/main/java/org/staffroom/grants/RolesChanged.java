package org.staffroom.grants;

import java.util.List;
import java.util.Objects;

import org.staffroom.access.RoleAt;
import org.staffroom.system.security.Acting;
import org.staffroom.system.security.Via;

/**
 * A member's roles changed, published by {@link AssigningRoles} (its only publisher) in
 * the transaction of the change. The audit log records it as
 * {@code member.roles_changed}, except for an invitation's first roles, which the
 * invitation's own entry carries.
 *
 * @param before the roles held before, in the order they were assigned
 * @param after the roles held after
 * @param by who acted
 * @param via the path the change came through
 * @param cause why the roles changed
 */
public record RolesChanged(String organisationId, String memberId, String memberEmail, List<RoleAt> before,
		List<RoleAt> after, Acting by, Via via, Cause cause) {

	public RolesChanged {
		Objects.requireNonNull(organisationId, "organisationId");
		Objects.requireNonNull(memberId, "memberId");
		before = List.copyOf(before);
		after = List.copyOf(after);
		Objects.requireNonNull(by, "by");
		Objects.requireNonNull(via, "via");
		Objects.requireNonNull(cause, "cause");
	}

	/** Why a member's roles changed. */
	public enum Cause {

		/** Someone amended the member's roles. */
		AMENDED,
		/** Someone approved the member's request for access. */
		REQUEST_APPROVED,
		/**
		 * The member was invited with these roles (the invitation's audit entry records
		 * them).
		 */
		INVITED

	}

	/** The roles added by the change, in their order. */
	public List<RoleAt> added() {
		return this.after.stream().filter((r) -> !this.before.contains(r)).toList();
	}

	/** The roles taken away by the change, in their order. */
	public List<RoleAt> removed() {
		return this.before.stream().filter((r) -> !this.after.contains(r)).toList();
	}

}
