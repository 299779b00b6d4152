package org.staffroom.members;

import java.util.List;

/**
 * Many memberships ended in one bulk operation (a roster whose people left): the audit
 * log records them in one batch, each the same as if published on its own. It is no
 * {@link org.staffroom.accounts.MembershipChange}: the operation moves the organisation's
 * version on once for all of them.
 */
public record MembersRemoved(List<MemberRemoved> removed) {

	public MembersRemoved {
		removed = List.copyOf(removed);
	}

}
