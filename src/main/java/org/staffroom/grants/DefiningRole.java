package org.staffroom.grants;

import java.time.Clock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Actor;
import org.staffroom.access.RoleDefinition;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;

/**
 * An organisation defines a custom role (needs roles.manage). Rule 5: it may bundle only
 * permissions its creator holds, assign only roles the creator may assign, and must keep
 * the catalogue closed under delegation; otherwise it is refused and nothing is stored.
 */
@Component
public class DefiningRole {

	private final Snapshots snapshots;

	private final CustomRoles customRoles;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	DefiningRole(Snapshots snapshots, CustomRoles customRoles, ApplicationEventPublisher events, Clock clock) {
		this.snapshots = snapshots;
		this.customRoles = customRoles;
		this.events = events;
		this.clock = clock;
	}

	/** The caller has validated the role's fields and holds the organisation's lock. */
	@Transactional
	public void define(AccessSnapshot snapshot, RoleDefinition role, Acting actor) {
		if (snapshot.catalogue().find(role.key()).isPresent()) {
			throw Failure.conflict("role_exists", "There is already a role with the key " + role.key());
		}
		Refusals.throwIfDenied(AccessPolicy
			.decide(new AccessRequest.DefineRole(new Actor(actor.accountId(), actor.operator()), role), snapshot));
		this.customRoles.create(snapshot.organisationId(), role, actor.accountId(), this.clock.instant());
		this.snapshots.changed(snapshot.organisationId());
		this.events.publishEvent(new RoleDefined(snapshot.organisationId(), role.key(), role.name(),
				role.grants().stream().map((g) -> g.permission().key() + "@" + g.anchor().key()).toList(),
				role.mayAssign().stream().sorted().toList(), actor));
	}

}
