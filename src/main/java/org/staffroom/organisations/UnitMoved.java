package org.staffroom.organisations;

import org.staffroom.system.security.Acting;

/**
 * A unit moved under another parent. Audited as {@code unit.moved}.
 */
public record UnitMoved(String organisationId, String unitId, String name, Place before, Place after, Acting by) {

	/** A parent unit, by id and by name (null when it has none). */
	public record Place(String parentId, String parent) {
	}

}
