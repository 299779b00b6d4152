package org.staffroom.access;

import java.util.List;
import java.util.Objects;

/**
 * A role at a unit, not yet assigned to anyone: what an invitation or an edit asks for,
 * and what a change of roles records. It prints itself one way everywhere:
 * {@code role@unit}.
 */
public record RoleAt(String roleKey, String unitId) {

	public RoleAt {
		Objects.requireNonNull(roleKey, "roleKey");
		Objects.requireNonNull(unitId, "unitId");
	}

	/** The role and unit of an assignment. */
	public static RoleAt of(Assignment assignment) {
		return new RoleAt(assignment.roleKey(), assignment.unitId());
	}

	/** The roles and units of assignments, in their order. */
	public static List<RoleAt> of(List<Assignment> assignments) {
		return assignments.stream().map(RoleAt::of).toList();
	}

	/** The labels of roles, in their order. */
	public static List<String> labels(List<RoleAt> roles) {
		return roles.stream().map(RoleAt::label).toList();
	}

	/** {@code role@unit}: how audit entries and messages write a role at a unit. */
	public String label() {
		return this.roleKey + "@" + this.unitId;
	}

	@Override
	public String toString() {
		return label();
	}

}
