package org.staffroom.accounts;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Events that may email an account ("auto-email acknowledgement triggers" in the
 * exam-centre guide). Each account chooses; {@link #DEFAULTS} are on for a new account.
 */
public enum Notification {

	INVITATION_ACCEPTED, ACCESS_CHANGED, IMPORT_FINISHED, APPROVAL_REQUESTED;

	public static final Set<Notification> DEFAULTS = EnumSet.of(INVITATION_ACCEPTED, ACCESS_CHANGED, IMPORT_FINISHED,
			APPROVAL_REQUESTED);

	public String key() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	public static Optional<Notification> fromKey(String key) {
		return Arrays.stream(values()).filter((n) -> n.key().equals(key)).findFirst();
	}

	static String encode(Set<Notification> notifications) {
		return notifications.stream().map(Notification::key).sorted().collect(Collectors.joining(","));
	}

	static Set<Notification> decode(String stored) {
		Set<Notification> set = new LinkedHashSet<>();
		if (stored != null) {
			for (String key : stored.split(",")) {
				fromKey(key.strip()).ifPresent(set::add);
			}
		}
		return set;
	}

}
