package org.staffroom.organisations;

import org.jspecify.annotations.Nullable;
import org.staffroom.system.security.Acting;

/**
 * Several of a unit's details changed at once, as a roster changes them: its name, its
 * parent, whether it is archived (a roster restores a unit it lists again) and the roster
 * sourcedId it is linked to. (A change by hand is one of {@link UnitRenamed},
 * {@link UnitMoved}, {@link UnitArchived} or {@link UnitRestored}; a roster that archives
 * a unit publishes {@link UnitArchived}.) Audited as {@code unit.changed}.
 */
public record UnitChanged(String organisationId, String unitId, String name, @Nullable State before, State after,
		Acting by) {

	/** What a roster may change of a unit. */
	public record State(String name, @Nullable String parentId, boolean archived, @Nullable String sourcedId) {

		public static State of(Unit unit) {
			return new State(unit.name(), unit.parentId(), unit.archived(), unit.sourceId());
		}

	}

}
