package org.staffroom.invitations;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Actor;
import org.staffroom.accounts.Account;
import org.staffroom.accounts.Accounts;
import org.staffroom.grants.MemberVisibility;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.grants.Refusals;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.web.Paging;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/**
 * An organisation's invitations as administrators see them (pending, accepted, expired,
 * revoked), with resending and revoking. Someone sees an invitation when they may see its
 * member; resending needs the right to change that member (rule 6), revoking the right to
 * remove them.
 */
@Component
public class ReviewingInvitations {

	/** The statuses an invitation can have. */
	public static final List<String> STATUSES = List.of("pending", "accepted", "expired", "revoked");

	private final OrganisationAccess access;

	private final Invitations invitations;

	private final InvitingStaff inviting;

	private final Accounts accounts;

	private final Clock clock;

	ReviewingInvitations(OrganisationAccess access, Invitations invitations, InvitingStaff inviting, Accounts accounts,
			Clock clock) {
		this.access = access;
		this.invitations = invitations;
		this.inviting = inviting;
		this.accounts = accounts;
		this.clock = clock;
	}

	/** One invitation with its person and its status now. */
	public record Row(Invitation invitation, Account account, String status) {
	}

	/**
	 * The invitations the caller may see, newest first, of one status or all (null).
	 * @throws Failure validation_failed for an unknown status, forbidden without
	 * accounts.view
	 */
	public List<Row> list(String org, String status, SignedIn me) {
		AccessSnapshot snapshot = this.access.require(org, me);
		if (status != null && !STATUSES.contains(status)) {
			throw Failure.invalid("status", "invalid", "Status is one of pending, accepted, expired, revoked");
		}
		return rows(seen(org, status, me, snapshot));
	}

	/** One page of invitations, as the members list pages them. */
	public record Page(List<Row> items, long total, int page, int size) {
	}

	/**
	 * One page of {@link #list}: pages numbered from 1, 50 unless asked, at most 200.
	 * @throws Failure validation_failed for a bad status, page or size (every one
	 * listed), forbidden without accounts.view
	 */
	public Page page(String org, String status, Integer page, Integer size, SignedIn me) {
		AccessSnapshot snapshot = this.access.require(org, me);
		FieldErrors errors = new FieldErrors();
		Paging paging = Paging.read(page, size, errors);
		if (status != null && !STATUSES.contains(status)) {
			errors.add("status", "invalid", "Status is one of pending, accepted, expired, revoked");
		}
		errors.throwIfAny();
		List<Invitation> found = seen(org, status, me, snapshot);
		long from = (long) (paging.page() - 1) * paging.size();
		List<Invitation> slice = (from >= found.size()) ? List.of()
				: found.subList((int) from, (int) Math.min(found.size(), from + paging.size()));
		return new Page(rows(slice), found.size(), paging.page(), paging.size());
	}

	private List<Invitation> seen(String org, String status, SignedIn me, AccessSnapshot snapshot) {
		List<String> scopes = MemberVisibility.scopes(me, snapshot);
		if (scopes.isEmpty()) {
			throw Failure.forbidden("forbidden", "Seeing invitations needs accounts.view");
		}
		Instant now = this.clock.instant();
		String stored = (status == null) ? null : (status.equals("expired") ? "pending" : status);
		List<Invitation> found = this.invitations.ofOrganisation(org, stored)
			.stream()
			.filter((i) -> status == null || i.statusAt(now).equals(status))
			.filter((i) -> snapshot.isMember(i.accountId()) ? MemberVisibility.canView(me, i.accountId(), snapshot)
					: MemberVisibility.seesEveryone(scopes, snapshot))
			.toList();
		return found;
	}

	private List<Row> rows(List<Invitation> found) {
		Instant now = this.clock.instant();
		Map<String, Account> people = new HashMap<>();
		this.accounts.findAll(found.stream().map(Invitation::accountId).distinct().toList())
			.forEach((a) -> people.put(a.id(), a));
		return found.stream().map((i) -> new Row(i, people.get(i.accountId()), i.statusAt(now))).toList();
	}

	/** A new link for a pending or expired invitation; the old one stops working. */
	@Transactional
	public InvitingStaff.Invited resend(String org, String id, SignedIn me, Via via) {
		AccessSnapshot snapshot = this.access.requireForChange(org, me);
		Invitation invitation = visible(org, id, me, snapshot);
		Refusals.throwIfDenied(AccessPolicy.decide(
				new AccessRequest.ChangeMember(actor(me), invitation.accountId(), AccessRequest.Change.DETAILS),
				snapshot));
		return this.inviting.resend(snapshot, Acting.of(me, via), invitation);
	}

	/** Revokes a pending (or expired) invitation; the invited membership ends with it. */
	@Transactional
	public Account revoke(String org, String id, SignedIn me, Via via) {
		AccessSnapshot snapshot = this.access.requireForChange(org, me);
		Invitation invitation = visible(org, id, me, snapshot);
		Refusals.throwIfDenied(AccessPolicy.decide(
				new AccessRequest.ChangeMember(actor(me), invitation.accountId(), AccessRequest.Change.REMOVE),
				snapshot));
		this.inviting.revoke(snapshot, Acting.of(me, via), invitation);
		return this.accounts.find(invitation.accountId()).orElseThrow();
	}

	private Invitation visible(String org, String id, SignedIn me, AccessSnapshot snapshot) {
		Invitation invitation = this.invitations.find(org, id).orElseThrow(() -> Failure.notFound("That invitation"));
		boolean visible = snapshot.isMember(invitation.accountId())
				? MemberVisibility.canView(me, invitation.accountId(), snapshot)
				: MemberVisibility.seesEveryone(MemberVisibility.scopes(me, snapshot), snapshot);
		if (!visible) {
			throw Failure.notFound("That invitation");
		}
		return invitation;
	}

	private static Actor actor(SignedIn me) {
		return new Actor(me.accountId(), me.operator());
	}

}
