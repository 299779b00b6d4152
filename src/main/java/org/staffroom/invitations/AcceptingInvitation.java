package org.staffroom.invitations;

import java.time.Clock;
import java.time.Instant;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.access.MemberStatus;
import org.staffroom.accounts.Account;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.Membership;
import org.staffroom.accounts.Memberships;
import org.staffroom.accounts.Notification;
import org.staffroom.accounts.PasswordPolicy;
import org.staffroom.grants.Snapshots;
import org.staffroom.mail.Email;
import org.staffroom.mail.Outbox;
import org.staffroom.organisations.Organisation;
import org.staffroom.organisations.Organisations;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/**
 * Accepting an invitation by its link. A new account sets its password (which must meet
 * the policy); an existing account joins with its own password, signed in. The link works
 * once.
 */
@Component
public class AcceptingInvitation {

	private final Invitations invitations;

	private final Accounts accounts;

	private final Memberships memberships;

	private final Organisations organisations;

	private final Snapshots snapshots;

	private final PasswordEncoder encoder;

	private final Outbox outbox;

	private final org.springframework.context.ApplicationEventPublisher events;

	private final Clock clock;

	AcceptingInvitation(Invitations invitations, Accounts accounts, Memberships memberships,
			Organisations organisations, Snapshots snapshots, PasswordEncoder encoder, Outbox outbox,
			org.springframework.context.ApplicationEventPublisher events, Clock clock) {
		this.invitations = invitations;
		this.accounts = accounts;
		this.memberships = memberships;
		this.organisations = organisations;
		this.snapshots = snapshots;
		this.encoder = encoder;
		this.outbox = outbox;
		this.events = events;
		this.clock = clock;
	}

	/** What the link shows before accepting. */
	public record Offer(Invitation invitation, Organisation organisation, Account account, String invitedBy) {
	}

	/**
	 * The live invitation behind a link; 404 for an unknown link, 410 for a used, revoked
	 * or expired one.
	 */
	public Offer look(String token) {
		Invitation invitation = this.invitations.findByToken(token).orElse(null);
		if (invitation == null) {
			if (this.invitations.isRetiredToken(token)) {
				throw new Failure(Failure.Kind.GONE, "invitation_used",
						"This link was replaced by a newer one; use the latest email");
			}
			throw Failure.notFound("That invitation");
		}
		String status = invitation.statusAt(this.clock.instant());
		if (status.equals("expired")) {
			throw new Failure(Failure.Kind.GONE, "invitation_expired",
					"This invitation has expired; ask the person who invited you to send a new one");
		}
		if (!status.equals("pending")) {
			throw new Failure(Failure.Kind.GONE, "invitation_used", "This invitation has been " + status);
		}
		// An administrator may disable an invited member: the link must not bring them
		// back.
		if (this.memberships.find(invitation.organisationId(), invitation.accountId())
			.map(Membership::status)
			.orElse(null) != MemberStatus.INVITED) {
			throw new Failure(Failure.Kind.GONE, "invitation_used",
					"This invitation no longer admits you; ask the person who invited you");
		}
		Organisation organisation = this.organisations.find(invitation.organisationId()).orElseThrow();
		Account account = this.accounts.find(invitation.accountId()).orElseThrow();
		String invitedBy = (invitation.invitedBy() == null) ? "Staffroom"
				: this.accounts.find(invitation.invitedBy()).map(Account::displayName).orElse("Staffroom");
		return new Offer(invitation, organisation, account, invitedBy);
	}

	/**
	 * Accepts. {@code password} is for an account that has none yet; {@code signedIn} is
	 * the caller, if any, which an existing account must be.
	 */
	@Transactional
	public Offer accept(String token, String password, SignedIn signedIn) {
		return accept(token, password, signedIn, Via.API);
	}

	/**
	 * As {@link #accept(String, String, SignedIn)}, recording the path it came through.
	 */
	@Transactional
	public Offer accept(String token, String password, SignedIn signedIn, Via via) {
		Offer offer = look(token);
		Account account = offer.account();
		if (account.hasPassword()) {
			if (signedIn == null) {
				throw Failure.unauthenticated(
						"You already have a Staffroom account: sign in as " + account.email() + " and accept again");
			}
			if (!signedIn.accountId().equals(account.id())) {
				throw Failure.forbidden("forbidden", "This invitation is for another account");
			}
		}
		else {
			PasswordPolicy.problem(password).ifPresent((problem) -> {
				throw Failure.invalid("password", password == null || password.isEmpty() ? "required" : "weak_password",
						problem);
			});
			this.accounts.setPasswordHash(account.id(), this.encoder.encode(password));
		}
		Instant now = this.clock.instant();
		if (!this.invitations.end(offer.invitation().id(), "accepted", now)) {
			throw new Failure(Failure.Kind.GONE, "invitation_used", "This invitation has been used already");
		}
		String org = offer.organisation().id();
		this.snapshots.forChange(org);
		this.memberships.setStatus(org, account.id(), MemberStatus.ACTIVE);
		Acting actor = new Acting(account.id(), account.email(), false, via);
		// The snapshot cache listens to it (a MembershipChange) and reloads the member.
		this.events.publishEvent(new InvitationAccepted(org, account.id(), account.email(), actor));
		notifyInviter(offer, account);
		return offer;
	}

	private void notifyInviter(Offer offer, Account account) {
		String inviterId = offer.invitation().invitedBy();
		if (inviterId == null) {
			return;
		}
		this.accounts.find(inviterId)
			.filter((inviter) -> inviter.notifications().contains(Notification.INVITATION_ACCEPTED))
			.ifPresent((inviter) -> this.outbox.enqueue(new Email(offer.organisation().id(), inviter.email(), account
				.displayName() + " accepted your invitation to " + offer.organisation().name(), "Hello "
						+ inviter.firstName() + ",\n\n" + account.displayName() + " (" + account.email()
						+ ") accepted your invitation and is now a member of " + offer.organisation().name()
						+ " on Staffroom.\n\nYou get this email because your notification preferences ask for it.\n",
					null)));
	}

}
