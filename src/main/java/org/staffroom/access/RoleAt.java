package org.staffroom.access;

import java.util.Objects;

/** A role at a unit, not yet assigned to anyone: what an invitation or an edit asks for. */
public record RoleAt(String roleKey, String unitId) {

	public RoleAt {
		Objects.requireNonNull(roleKey, "roleKey");
		Objects.requireNonNull(unitId, "unitId");
	}

}
