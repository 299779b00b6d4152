package org.staffroom.organisations;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.access.RoleCatalogue;
import org.staffroom.access.UnitType;
import org.staffroom.accounts.EmailAddress;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.security.SecretTokens;

/**
 * An operator creates an organisation from its templates and names its main account
 * holder.
 */
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

	/**
	 * An operator's request, as a form or the API gives it; {@code mainAccountHolder} may
	 * be null.
	 */
	public record Request(String name, List<String> templates, Person mainAccountHolder) {
	}

	/** The main account holder the request names. */
	public record Person(String email, String firstName, String lastName) {
	}

	/**
	 * Checks every field (all problems at once, as validation_failed with API field names
	 * such as {@code mainAccountHolder.email}), then creates the organisation.
	 */
	@Transactional
	public Organisation create(Request request, Acting actor) {
		FieldErrors errors = new FieldErrors();
		String name = errors.text("name", request.name(), FieldErrors.MAX_NAME, true);
		List<String> templates = new ArrayList<>();
		if (request.templates() == null || request.templates().isEmpty()) {
			errors.add("templates", "required", "Choose at least one template: school-trust or exam-centre");
		}
		else {
			for (int i = 0; i < request.templates().size(); i++) {
				String t = request.templates().get(i);
				if (!RoleCatalogue.isTemplate(t)) {
					errors.add("templates[" + i + "]", "unknown_template",
							"Unknown template " + t + "; use school-trust or exam-centre");
				}
				else if (!templates.contains(t)) {
					templates.add(t);
				}
			}
		}
		Person mah = request.mainAccountHolder();
		String email = null;
		String first = null;
		String last = null;
		if (mah == null) {
			errors.add("mainAccountHolder", "required", "Name the main account holder");
		}
		else {
			email = EmailAddress.parse(mah.email()).map(EmailAddress::display).orElse(null);
			if (email == null) {
				errors.add("mainAccountHolder.email", mah.email() == null ? "required" : "invalid_email",
						"Enter an email address in the correct format, like name@example.org");
			}
			first = errors.text("mainAccountHolder.firstName", mah.firstName(), FieldErrors.MAX_NAME, true);
			last = errors.text("mainAccountHolder.lastName", mah.lastName(), FieldErrors.MAX_NAME, true);
		}
		errors.throwIfAny();
		return create(name, templates, email, first, last, actor);
	}

	/**
	 * Inputs are already validated. The main account holder is invited in the same
	 * transaction.
	 */
	@Transactional
	public Organisation create(String name, List<String> templates, String mahEmail, String mahFirstName,
			String mahLastName, Acting actor) {
		String id = SecretTokens.newId();
		Instant now = this.clock.instant();
		this.organisations.create(id, name, templates, actor.accountId(), now);
		Unit root = this.units.create(id, null, UnitType.ORGANISATION, name, null, now);
		// Audited as organisation.created, before the main account holder's invitation
		// that it causes.
		this.events.publishEvent(
				new OrganisationCreated(id, name, templates, root.id(), mahEmail, mahFirstName, mahLastName, actor));
		return this.organisations.find(id).orElseThrow();
	}

}
