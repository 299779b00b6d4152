package org.staffroom.invitations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.MemberStatus;
import org.staffroom.access.RoleAt;
import org.staffroom.access.RoleCatalogue;
import org.staffroom.accounts.Account;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.EmailAddress;
import org.staffroom.accounts.Memberships;
import org.staffroom.grants.AssigningRoles;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.grants.Snapshots;
import org.staffroom.mail.Email;
import org.staffroom.mail.Outbox;
import org.staffroom.organisations.Organisation;
import org.staffroom.organisations.OrganisationCreated;
import org.staffroom.organisations.Organisations;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.security.SecretTokens;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/**
 * Inviting a colleague: an account (new, or existing from another organisation) becomes
 * an invited member with its roles, and an email with a single-use link goes out in the
 * same transaction. Every role is decided by the engine first (rules 1-3, and 6 for a
 * member with no roles).
 */
@Component
public class InvitingStaff {

	private final OrganisationAccess access;

	private final Accounts accounts;

	private final Memberships memberships;

	private final AssigningRoles assigning;

	private final Invitations invitations;

	private final Organisations organisations;

	private final Snapshots snapshots;

	private final Outbox outbox;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final String baseUrl;

	InvitingStaff(OrganisationAccess access, Accounts accounts, Memberships memberships, AssigningRoles assigning,
			Invitations invitations, Organisations organisations, Snapshots snapshots, Outbox outbox,
			ApplicationEventPublisher events, Clock clock, @Value("${staffroom.public-base-url}") String baseUrl) {
		this.access = access;
		this.accounts = accounts;
		this.memberships = memberships;
		this.assigning = assigning;
		this.invitations = invitations;
		this.organisations = organisations;
		this.snapshots = snapshots;
		this.outbox = outbox;
		this.events = events;
		this.clock = clock;
		this.baseUrl = baseUrl;
	}

	/** An invitation as a person fills it in, on a page or in an API request. */
	public record Request(String email, String firstName, String lastName, String jobTitle, List<RoleRequest> roles) {
	}

	/**
	 * Checks every field (all problems at once, as validation_failed), locks the
	 * organisation and invites. The caller must be a member (or an operator); roles are
	 * decided by the engine.
	 * @throws Failure validation_failed (400), a rule's denial (403), already_member
	 * (409), not_found (404)
	 */
	@Transactional
	public Invited invite(String org, Request request, SignedIn me, Via via) {
		AccessSnapshot snapshot = this.access.requireForChange(org, me);
		FieldErrors errors = new FieldErrors();
		EmailAddress email = EmailAddress.parse(request.email()).orElse(null);
		if (email == null) {
			errors.add("email", request.email() == null || request.email().isBlank() ? "required" : "invalid_email",
					"Enter an email address in the correct format, like name@example.org");
		}
		String first = errors.text("firstName", request.firstName(), FieldErrors.MAX_NAME, true);
		String last = errors.text("lastName", request.lastName(), FieldErrors.MAX_NAME, true);
		String jobTitle = errors.text("jobTitle", request.jobTitle(), FieldErrors.MAX_NAME, false);
		List<RoleAt> roles = RequestedRoles.resolve(request.roles(), snapshot, errors);
		errors.throwIfAny();
		return invite(snapshot, Acting.of(me, via), email, first, last, jobTitle, roles, false);
	}

	/** A new invitation, as the API answers it. */
	public record Invited(String id, String memberId, String status, Instant expiresAt) {
	}

	/**
	 * Invites one person. The caller has validated the fields, locked the organisation
	 * ({@code snapshot} is of the locked version) and runs this in its transaction.
	 * @throws Failure already_member (409) or a rule's denial (403)
	 */
	@Transactional
	public Invited invite(AccessSnapshot snapshot, Acting actor, EmailAddress email, String firstName, String lastName,
			String jobTitle, List<RoleAt> roles, boolean mainAccountHolder) {
		String org = snapshot.organisationId();
		Account existing = this.accounts.findByEmail(email.key()).orElse(null);
		if (existing != null && snapshot.isMember(existing.id())) {
			throw Failure.conflict("already_member", existing.email() + " is already a member of, or invited to, "
					+ "this organisation; resend their invitation instead");
		}
		if (existing != null && existing.id().equals(actor.accountId())) {
			throw Failure.forbidden("self_grant_denied", "You cannot invite yourself");
		}
		this.assigning.checkInvitation(snapshot, roles, actor);
		Instant now = this.clock.instant();
		Account account = (existing != null) ? existing
				: this.accounts.create(email, firstName, lastName, jobTitle, now);
		this.memberships.create(org, account.id(), MemberStatus.INVITED, mainAccountHolder, now);
		// Writes the roles and moves the organisation's version on for the new member.
		this.assigning.invite(snapshot, account.id(), roles, actor);
		Organisation organisation = this.organisations.find(org).orElseThrow();
		String id = SecretTokens.newId();
		String token = SecretTokens.newToken();
		Instant expiresAt = expiry(organisation, now);
		this.invitations.create(id, org, account.id(), token, actor.accountId(), now, expiresAt);
		this.outbox.enqueue(invitationEmail(organisation, account, actor, roles, snapshot, token, expiresAt));
		this.events.publishEvent(new InvitationCreated(org, id, account.id(), account.email(), roles, actor));
		return new Invited(id, account.id(), "pending", expiresAt);
	}

	/**
	 * One person of a bulk invitation: an account to create (or an existing one, from
	 * another organisation), the roster sourcedId of the person (or null), and their
	 * roles, each with the sourcedId of the roster row that gave it (or null).
	 */
	public record Invitee(EmailAddress email, String firstName, String lastName, String jobTitle,
			String existingAccountId, String sourceId, List<RoleAt> roles, List<String> roleSources) {
	}

	/**
	 * Invites many people at once, as
	 * {@link #invite(AccessSnapshot, Acting, EmailAddress, String, String, String, List, boolean)}
	 * does one by one (the engine decides each, an invitation email goes to each through
	 * the outbox, each is audited), but in a handful of batched statements: no password
	 * is hashed, and an import of thousands costs thousands of rows, not tens of
	 * thousands of round trips. The caller has locked the organisation and checked that
	 * nobody is a member already; {@code snapshot} may hold units the caller is creating
	 * in the same transaction.
	 * @return the new members' account ids, in the order given
	 * @throws Failure when the engine refuses someone (the caller should have asked
	 * first); nothing is written
	 */
	@Transactional
	public List<String> inviteAll(AccessSnapshot snapshot, Acting actor, List<Invitee> invitees) {
		if (invitees.isEmpty()) {
			return List.of();
		}
		String org = snapshot.organisationId();
		Instant now = this.clock.instant();
		Organisation organisation = this.organisations.find(org).orElseThrow();
		Instant expiresAt = expiry(organisation, now);
		List<Accounts.NewAccount> newAccounts = new java.util.ArrayList<>();
		List<String> accountIds = new java.util.ArrayList<>(invitees.size());
		List<String> sourceIds = new java.util.ArrayList<>(invitees.size());
		List<AssigningRoles.FirstRoles> firstRoles = new java.util.ArrayList<>(invitees.size());
		List<Invitations.NewInvitation> invitations = new java.util.ArrayList<>(invitees.size());
		List<Email> emails = new java.util.ArrayList<>(invitees.size());
		List<InvitationCreated> created = new java.util.ArrayList<>(invitees.size());
		for (Invitee invitee : invitees) {
			if (invitee.existingAccountId() != null && invitee.existingAccountId().equals(actor.accountId())) {
				throw new IllegalStateException("nobody invites themselves");
			}
			this.assigning.checkInvitation(snapshot, invitee.roles(), actor);
			String accountId = invitee.existingAccountId();
			if (accountId == null) {
				accountId = SecretTokens.newId();
				newAccounts.add(new Accounts.NewAccount(accountId, invitee.email(), invitee.firstName(),
						invitee.lastName(), invitee.jobTitle()));
			}
			accountIds.add(accountId);
			sourceIds.add(invitee.sourceId());
			firstRoles.add(new AssigningRoles.FirstRoles(accountId, invitee.email().display(), invitee.roles(),
					invitee.roleSources()));
			String id = SecretTokens.newId();
			String token = SecretTokens.newToken();
			invitations.add(new Invitations.NewInvitation(id, accountId, token));
			Account account = new Account(accountId, invitee.email().display(), invitee.email().key(),
					invitee.firstName(), invitee.lastName(), invitee.jobTitle(), null, false, java.util.Set.of(), 0,
					false);
			emails.add(invitationEmail(organisation, account, actor, invitee.roles(), snapshot, token, expiresAt));
			created.add(new InvitationCreated(org, id, accountId, account.email(), invitee.roles(), actor));
		}
		this.accounts.createAll(newAccounts, now);
		this.memberships.createAll(org, accountIds, sourceIds, MemberStatus.INVITED, now);
		// Many members at once: this moves the organisation's version on, and every node
		// reloads it rather than patching thousands of members in.
		this.assigning.inviteAll(snapshot, firstRoles, actor);
		this.invitations.createAll(org, invitations, actor.accountId(), now, expiresAt);
		this.outbox.enqueueAll(emails);
		this.events.publishEvent(new InvitationsCreated(created));
		return accountIds;
	}

	/** A new link for a pending or expired invitation; the old link dies. */
	@Transactional
	public Invited resend(AccessSnapshot snapshot, Acting actor, Invitation invitation) {
		Instant now = this.clock.instant();
		String status = invitation.statusAt(now);
		if (!status.equals("pending") && !status.equals("expired")) {
			throw Failure.conflict("invitation_used", "That invitation was " + status + "; it cannot be resent");
		}
		Organisation organisation = this.organisations.find(snapshot.organisationId()).orElseThrow();
		Account account = this.accounts.find(invitation.accountId()).orElseThrow();
		String token = SecretTokens.newToken();
		Instant expiresAt = expiry(organisation, now);
		this.invitations.renew(invitation.id(), token, now, expiresAt);
		List<RoleAt> roles = snapshot.assignmentsOf(account.id())
			.stream()
			.map((a) -> new RoleAt(a.roleKey(), a.unitId()))
			.toList();
		this.outbox.enqueue(invitationEmail(organisation, account, actor, roles, snapshot, token, expiresAt));
		this.events.publishEvent(new InvitationResent(snapshot.organisationId(), account.id(), account.email(),
				invitation.expiresAt(), expiresAt, actor));
		return new Invited(invitation.id(), account.id(), "pending", expiresAt);
	}

	/** Revokes a pending invitation: the link dies and the invited membership ends. */
	@Transactional
	public void revoke(AccessSnapshot snapshot, Acting actor, Invitation invitation) {
		Instant now = this.clock.instant();
		String status = invitation.statusAt(now);
		if (!status.equals("pending") && !status.equals("expired")) {
			throw Failure.conflict("invitation_used", "That invitation was " + status + "; it cannot be revoked");
		}
		if (!this.invitations.end(invitation.id(), "revoked", now)) {
			throw Failure.conflict("invitation_used", "That invitation is no longer pending");
		}
		if (snapshot.memberStatus(invitation.accountId()).orElse(null) == MemberStatus.INVITED) {
			this.memberships.delete(snapshot.organisationId(), invitation.accountId());
		}
		Account account = this.accounts.find(invitation.accountId()).orElseThrow();
		// The snapshot cache listens to it (a MembershipChange) and reloads the member.
		this.events.publishEvent(
				new InvitationRevoked(snapshot.organisationId(), account.id(), account.email(), status, actor));
	}

	/**
	 * The operator named a main account holder: they are invited with the template's top
	 * role.
	 */
	@EventListener
	void onOrganisationCreated(OrganisationCreated created) {
		AccessSnapshot snapshot = this.snapshots.forChange(created.organisationId());
		String topRole = RoleCatalogue.topRole(created.templates());
		invite(snapshot, created.actor(), EmailAddress.parse(created.mainAccountHolderEmail()).orElseThrow(),
				created.mainAccountHolderFirstName(), created.mainAccountHolderLastName(), null,
				List.of(new RoleAt(topRole, created.rootUnitId())), true);
	}

	private static Instant expiry(Organisation organisation, Instant now) {
		return now.plus(Duration.ofDays(organisation.invitationDays()))
			.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
	}

	private Email invitationEmail(Organisation organisation, Account account, Acting actor, List<RoleAt> roles,
			AccessSnapshot snapshot, String token, Instant expiresAt) {
		String link = this.baseUrl + "/invitations/" + token;
		StringBuilder text = new StringBuilder();
		text.append("Hello ")
			.append(account.firstName())
			.append(",\n\n")
			.append(actor.label())
			.append(" has invited you to join ")
			.append(organisation.name())
			.append(" on Staffroom.\n\n");
		if (!roles.isEmpty()) {
			text.append("Your roles:\n");
			for (RoleAt role : roles) {
				text.append("- ")
					.append(snapshot.catalogue().find(role.roleKey()).map((r) -> r.name()).orElse(role.roleKey()))
					.append(" at ")
					.append(snapshot.unitName(role.unitId()).orElse(organisation.name()))
					.append('\n');
			}
			text.append('\n');
		}
		text.append("Accept the invitation here:\n\n")
			.append(link)
			.append("\n\n")
			.append("The link works once and expires on ")
			.append(expiresAt)
			.append(".\n");
		return new Email(organisation.id(), account.email(),
				"You are invited to join " + organisation.name() + " on Staffroom", text.toString(), null);
	}

}
