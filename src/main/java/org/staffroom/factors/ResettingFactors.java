package org.staffroom.factors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.Actor;
import org.staffroom.accounts.Accounts;
import org.staffroom.grants.MemberVisibility;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.grants.Refusals;
import org.staffroom.mail.Email;
import org.staffroom.mail.Outbox;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.security.Acting;
import org.staffroom.system.security.SignedIn;

/**
 * An administrator who may edit a member resets that member's second factors, for the
 * normal day a phone is lost: every factor and recovery code goes, the member is emailed,
 * and it is audited. Needs a recent second factor of the administrator's own (step-up).
 */
@Service
public class ResettingFactors {

	private final OrganisationAccess access;

	private final Accounts accounts;

	private final SecondFactors factors;

	private final Outbox outbox;

	private final ApplicationEventPublisher events;

	private final String baseUrl;

	ResettingFactors(OrganisationAccess access, Accounts accounts, SecondFactors factors, Outbox outbox,
			ApplicationEventPublisher events,
			@org.springframework.beans.factory.annotation.Value("${staffroom.public-base-url}") String baseUrl) {
		this.access = access;
		this.accounts = accounts;
		this.factors = factors;
		this.outbox = outbox;
		this.events = events;
		this.baseUrl = baseUrl;
	}

	/**
	 * Resets the member's factors.
	 * @throws Failure {@code not_found} for a member the caller cannot see, the deciding
	 * rule's code when they may not edit the member, {@code step_up_required}
	 */
	@Transactional
	public void reset(String organisationId, String memberId, SignedIn me, Acting by) {
		var snapshot = this.access.requireForChange(organisationId, me);
		if (!MemberVisibility.canView(me, memberId, snapshot)) {
			throw Failure.notFound("That member");
		}
		Refusals
			.throwIfDenied(AccessPolicy.decide(new AccessRequest.ChangeMember(new Actor(me.accountId(), me.operator()),
					memberId, AccessRequest.Change.DETAILS), snapshot));
		this.factors.require(by);
		var account = this.accounts.find(memberId).orElseThrow(() -> Failure.notFound("That member"));
		this.factors.removeAll(memberId);
		this.events.publishEvent(new FactorsReset(organisationId, memberId, account.email(), by));
		String greeting = account.firstName().isBlank() ? "Hello" : "Hello " + account.firstName();
		this.outbox.enqueue(new Email(organisationId, account.email(), "Your Staffroom second factor was reset",
				greeting + ",\n\nAn administrator of your organisation reset the second factor of your Staffroom "
						+ "account: your authenticator app, your passkeys and your recovery codes no longer work "
						+ "for it. Your password is unchanged.\n\nSign in with your password and set up a second "
						+ "factor again:\n\n" + this.baseUrl + "/my-account/second-factor\n\nIf you did not ask "
						+ "for this, tell your organisation's administrators at once.\n",
				null));
	}

}
