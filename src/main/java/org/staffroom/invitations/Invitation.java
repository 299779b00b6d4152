package org.staffroom.invitations;

import java.time.Instant;

/** An invitation of one account to one organisation. */
public record Invitation(String id, String organisationId, String accountId, String storedStatus, String invitedBy,
		Instant createdAt, Instant expiresAt, Instant endedAt) {

	/**
	 * pending, accepted, expired or revoked: a pending invitation past its expiry is
	 * expired.
	 */
	public String statusAt(Instant now) {
		if ("pending".equals(this.storedStatus) && !this.expiresAt.isAfter(now)) {
			return "expired";
		}
		return this.storedStatus;
	}

}
