package org.staffroom.invitations;

import java.util.List;

/**
 * Many people invited at once (invitations in bulk, imports): the audit log records them
 * in one batch, each as if published on its own.
 */
public record InvitationsCreated(List<InvitationCreated> invitations) {

	public InvitationsCreated {
		invitations = List.copyOf(invitations);
	}

}
