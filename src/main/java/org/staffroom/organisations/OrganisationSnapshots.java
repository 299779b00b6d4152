package org.staffroom.organisations;

import org.staffroom.access.AccessSnapshot;
import org.staffroom.system.security.SignedIn;

/**
 * What organisation endpoints need from the grants module, which implements it (grants
 * builds snapshots from units, so it depends on this module and not the other way round).
 */
public interface OrganisationSnapshots {

	/**
	 * The snapshot if the caller is an active member or an operator; otherwise not_found
	 * (404).
	 */
	AccessSnapshot require(String organisationId, SignedIn caller);

	/**
	 * As {@link #require}, locking the organisation for a change inside the caller's
	 * transaction.
	 */
	AccessSnapshot requireForChange(String organisationId, SignedIn caller);

	/** The organisation changed: move its version on, and tell every node at commit. */
	void changed(String organisationId);

}
