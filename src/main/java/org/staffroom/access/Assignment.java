package org.staffroom.access;

import java.util.Objects;

/** A role assignment: (member, role, unit), with its own id. */
public record Assignment(String id, String memberId, String roleKey, String unitId) {

	public Assignment {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(memberId, "memberId");
		Objects.requireNonNull(roleKey, "roleKey");
		Objects.requireNonNull(unitId, "unitId");
	}

}
