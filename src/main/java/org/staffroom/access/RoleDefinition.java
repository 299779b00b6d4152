package org.staffroom.access;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A role (an "access profile" in the exam-centre guide): a named bundle of permissions,
 * each at an anchor. It grants nothing by its name alone.
 *
 * @param key stable key, such as {@code teacher}
 * @param name display name
 * @param description what the holder can do, in a sentence
 * @param unitTypes where it may be assigned (rule 3)
 * @param grants its permissions and their anchors
 * @param mayAssign the roles its holder may assign, when {@code assignsOwn} is false
 * @param assignsOwn {@code own}: any role whose every permission the assigner holds there
 * @param operatorOnly only platform operators may assign it
 */
public record RoleDefinition(String key, String name, String description, Set<UnitType> unitTypes, List<Grant> grants,
		Set<String> mayAssign, boolean assignsOwn, boolean operatorOnly) {

	public RoleDefinition {
		Objects.requireNonNull(key, "key");
		unitTypes = unitTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(unitTypes));
		grants = List.copyOf(grants);
		mayAssign = Set.copyOf(mayAssign);
	}

	public boolean fits(UnitType type) {
		return this.unitTypes.contains(type);
	}

	/** A mask of every permission this role grants, whatever the anchor. */
	public int permissionMask() {
		int mask = 0;
		for (Grant grant : this.grants) {
			mask |= grant.permission().bit();
		}
		return mask;
	}

}
