package org.staffroom.members;

import java.util.List;

/**
 * Many members' details changed in one bulk operation (a roster that renamed them): the
 * audit log records them in one batch, each the same as if published on its own.
 */
public record MemberDetailsChangedInBulk(List<MemberDetailsChanged> changes) {

	public MemberDetailsChangedInBulk {
		changes = List.copyOf(changes);
	}

}
