package org.staffroom.grants;

import java.util.List;

/**
 * Many members' roles changed in one bulk operation (invitations in bulk, imports):
 * listeners handle them together, the audit log in one batch. Each is the same as if
 * published on its own.
 */
public record RolesChangedInBulk(List<RolesChanged> changes) {

	public RolesChangedInBulk {
		changes = List.copyOf(changes);
	}

}
