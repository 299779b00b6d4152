package org.staffroom.access;

import java.util.Locale;
import java.util.Optional;

/** A membership's status. Only an active membership's assignments grant anything. */
public enum MemberStatus {

	INVITED, ACTIVE, DISABLED;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<MemberStatus> fromKey(String key) {
		for (MemberStatus status : values()) {
			if (status.key().equals(key)) {
				return Optional.of(status);
			}
		}
		return Optional.empty();
	}

}
