package org.staffroom.organisations;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Permission;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.security.Acting;
import org.staffroom.system.security.SignedIn;

/**
 * Renaming an organisation and changing its settings, from the API and from its settings
 * page alike: only holders of accounts.manage at the organisation itself (or operators).
 */
@Service
public class ChangingSettings {

	/** Who must have a second factor (identity.md section 1). */
	public static final java.util.List<String> MFA_POLICIES = java.util.List.of("none", "administrators", "everyone");

	private final Organisations organisations;

	private final OrganisationSnapshots snapshots;

	private final ApplicationEventPublisher events;

	ChangingSettings(Organisations organisations, OrganisationSnapshots snapshots, ApplicationEventPublisher events) {
		this.organisations = organisations;
		this.snapshots = snapshots;
		this.events = events;
	}

	/** What to change; a null leaves that setting as it is. */
	public record Change(@Nullable String name, @Nullable Integer invitationDays, @Nullable Integer smallGroupK,
			@Nullable String mfaRequired) {
	}

	/** Whether the person may change the organisation's settings. */
	public boolean mayChange(String organisationId, SignedIn me) {
		return mayChange(this.snapshots.require(organisationId, me), me);
	}

	/** The same, on a snapshot the caller has already. */
	public static boolean mayChange(AccessSnapshot snapshot, SignedIn me) {
		return me.operator() || AccessPolicy
			.decide(new AccessRequest.HoldsPermission(me.accountId(), Permission.ACCOUNTS_MANAGE,
					snapshot.rootUnitId()), snapshot)
			.allowed();
	}

	/**
	 * Applies the change, all of it or none.
	 * @throws Failure {@code out_of_scope} without accounts.manage at the organisation,
	 * {@code validation_failed} for a value out of range
	 */
	@Transactional
	public Organisation change(String organisationId, Change change, SignedIn me, Acting by) {
		var snapshot = this.snapshots.requireForChange(organisationId, me);
		if (!mayChange(snapshot, me)) {
			throw Failure.forbidden("out_of_scope",
					"Changing settings needs accounts.manage for the whole organisation");
		}
		Organisation current = this.organisations.find(organisationId).orElseThrow();
		FieldErrors errors = new FieldErrors();
		String name = (change.name() == null) ? current.name()
				: errors.text("name", change.name(), FieldErrors.MAX_NAME, true);
		int days = (change.invitationDays() == null) ? current.invitationDays() : change.invitationDays();
		int k = (change.smallGroupK() == null) ? current.smallGroupK() : change.smallGroupK();
		String mfa = (change.mfaRequired() == null) ? current.mfaRequired()
				: change.mfaRequired().strip().toLowerCase(Locale.ROOT);
		if (days < 1 || days > 90) {
			errors.add("invitationDays", "out_of_range", "Invitations last between 1 and 90 days");
		}
		if (k < 2 || k > 100) {
			errors.add("smallGroupK", "out_of_range", "The smallest group shown is between 2 and 100 pupils");
		}
		if (!MFA_POLICIES.contains(mfa)) {
			errors.add("mfaRequired", "invalid_choice",
					"Choose who needs a second factor: none, administrators or everyone");
		}
		errors.throwIfAny();
		this.organisations.updateSettings(organisationId, name, days, k, mfa);
		// The policy decides who may call what, so every node's caches must hear of it.
		this.snapshots.changed(organisationId);
		this.events.publishEvent(new OrganisationSettingsChanged(organisationId,
				new OrganisationSettingsChanged.Settings(current.name(), current.invitationDays(),
						current.smallGroupK(), current.mfaRequired()),
				new OrganisationSettingsChanged.Settings(name, days, k, mfa), by));
		return this.organisations.find(organisationId).orElseThrow();
	}

}
