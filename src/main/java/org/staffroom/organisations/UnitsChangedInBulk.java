package org.staffroom.organisations;

import java.util.List;

/**
 * Many units created, changed and archived in one bulk operation (a roster): the audit
 * log records them in one batch, each the same as if published on its own.
 */
public record UnitsChangedInBulk(List<UnitCreated> created, List<UnitChanged> changed, List<UnitArchived> archived) {

	public UnitsChangedInBulk {
		created = List.copyOf(created);
		changed = List.copyOf(changed);
		archived = List.copyOf(archived);
	}

}
