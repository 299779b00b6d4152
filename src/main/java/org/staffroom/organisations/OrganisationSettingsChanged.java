package org.staffroom.organisations;

import org.staffroom.system.security.Acting;

/**
 * An organisation was renamed or its settings changed. Audited as
 * {@code organisation.settings_changed}.
 */
public record OrganisationSettingsChanged(String organisationId, Settings before, Settings after, Acting by) {

	/** The settings that an entry records. */
	public record Settings(String name, int invitationDays, int smallGroupK, String mfaRequired) {
	}

}
