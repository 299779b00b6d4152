package org.staffroom.organisations;

import java.util.List;

import org.staffroom.system.security.Acting;

/**
 * An operator created an organisation; published inside the creating transaction, so that
 * the invitation of its main account holder commits with it or not at all.
 */
public record OrganisationCreated(String organisationId, String name, List<String> templates, String rootUnitId,
		String mainAccountHolderEmail, String mainAccountHolderFirstName, String mainAccountHolderLastName,
		Acting actor) {
}
