package org.staffroom.access;

import java.util.Objects;

/** One permission of a role, granted at an anchor relative to the assigned unit. */
public record Grant(Permission permission, Anchor anchor) {

	public Grant {
		Objects.requireNonNull(permission, "permission");
		Objects.requireNonNull(anchor, "anchor");
	}

	public static Grant at(Anchor anchor, Permission permission) {
		return new Grant(permission, anchor);
	}

}
