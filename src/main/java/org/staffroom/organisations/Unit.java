package org.staffroom.organisations;

import org.staffroom.access.UnitType;

/**
 * A unit of an organisation's tree: the organisation itself, a school, a year or a class.
 */
public record Unit(String id, String organisationId, String parentId, UnitType type, String name, String sourceId,
		boolean archived) {
}
