package org.staffroom.access;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a role's permission takes effect, relative to the unit the role is assigned at:
 * the unit itself, its enclosing school, or the organisation root.
 */
public enum Anchor {

	ASSIGNED, SCHOOL, ORGANISATION;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<Anchor> fromKey(String key) {
		for (Anchor anchor : values()) {
			if (anchor.key().equals(key)) {
				return Optional.of(anchor);
			}
		}
		return Optional.empty();
	}

}
