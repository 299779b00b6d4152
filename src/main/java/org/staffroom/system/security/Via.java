package org.staffroom.system.security;

import java.util.Locale;

/** The path a change came through, recorded in the audit log. */
public enum Via {

	PAGE, API, IMPORT, SCIM, SYSTEM;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

}
