package org.staffroom.grants;

import org.springframework.stereotype.Component;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.MemberStatus;
import org.staffroom.organisations.OrganisationSnapshots;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.security.SignedIn;

/**
 * The first check of every organisation-scoped request: the caller is an active member
 * (or an operator). Anyone else gets 404, exactly as if the organisation did not exist.
 */
@Component
public class OrganisationAccess implements OrganisationSnapshots {

	private final Snapshots snapshots;

	OrganisationAccess(Snapshots snapshots) {
		this.snapshots = snapshots;
	}

	@Override
	public AccessSnapshot require(String organisationId, SignedIn caller) {
		AccessSnapshot snapshot = this.snapshots.current(organisationId)
			.orElseThrow(() -> Failure.notFound("That organisation"));
		if (!caller.operator() && snapshot.memberStatus(caller.accountId()).orElse(null) != MemberStatus.ACTIVE) {
			throw Failure.notFound("That organisation");
		}
		return snapshot;
	}

	@Override
	public AccessSnapshot requireForChange(String organisationId, SignedIn caller) {
		require(organisationId, caller);
		AccessSnapshot snapshot = this.snapshots.forChange(organisationId);
		if (!caller.operator() && snapshot.memberStatus(caller.accountId()).orElse(null) != MemberStatus.ACTIVE) {
			throw Failure.notFound("That organisation");
		}
		return snapshot;
	}

	@Override
	public void changed(String organisationId) {
		this.snapshots.changed(organisationId);
	}

}
