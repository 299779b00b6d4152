package org.staffroom.access;

import java.util.Locale;
import java.util.Optional;

/** The levels of an organisation's tree: organisation (the root), school, year, class. */
public enum UnitType {

	ORGANISATION, SCHOOL, YEAR, CLASS;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<UnitType> fromKey(String key) {
		if (key == null) {
			return Optional.empty();
		}
		for (UnitType type : values()) {
			if (type.key().equals(key)) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

	/**
	 * Which types may sit directly under this one. An exam centre simply has no children.
	 */
	public boolean mayContain(UnitType child) {
		return switch (this) {
			case ORGANISATION -> child == SCHOOL;
			case SCHOOL -> child == YEAR || child == CLASS;
			case YEAR -> child == CLASS;
			case CLASS -> false;
		};
	}

}
