package org.staffroom.organisations;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.access.UnitType;
import org.staffroom.system.Acting;
import org.staffroom.system.AuditEvent;
import org.staffroom.system.SecretTokens;

/** An operator creates an organisation from its templates and names its main account holder. */
@Component
public class CreatingOrganisation {

	private final Organisations organisations;

	private final Units units;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	CreatingOrganisation(Organisations organisations, Units units, ApplicationEventPublisher events, Clock clock) {
		this.organisations = organisations;
		this.units = units;
		this.events = events;
		this.clock = clock;
	}

	/** Inputs are already validated. The main account holder is invited in the same transaction. */
	@Transactional
	public Organisation create(String name, List<String> templates, String mahEmail, String mahFirstName,
			String mahLastName, Acting actor) {
		String id = SecretTokens.newId();
		Instant now = this.clock.instant();
		this.organisations.create(id, name, templates, actor.accountId(), now);
		Unit root = this.units.create(id, null, UnitType.ORGANISATION, name, null, now);
		this.events.publishEvent(new AuditEvent(id, actor, "organisation.created", id, name, null,
				Map.of("name", name, "templates", templates)));
		this.events.publishEvent(new OrganisationCreated(id, name, templates, root.id(), mahEmail, mahFirstName,
				mahLastName, actor));
		return this.organisations.find(id).orElseThrow();
	}

}
