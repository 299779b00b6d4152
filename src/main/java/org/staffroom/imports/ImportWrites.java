package org.staffroom.imports;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.RoleAt;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.Memberships;
import org.staffroom.grants.AssigningRoles;
import org.staffroom.grants.Snapshots;
import org.staffroom.invitations.InvitingStaff;
import org.staffroom.members.MemberDetailsChanged;
import org.staffroom.members.MemberDetailsChangedInBulk;
import org.staffroom.members.MemberRemoved;
import org.staffroom.members.MembersRemoved;
import org.staffroom.organisations.UnitsChangedInBulk;
import org.staffroom.system.security.Acting;

/**
 * The imports' one way to change members and their roles, and to tell the rest of
 * Staffroom: every invitation, change of roles, membership adopted or ended, rename and
 * typed event of the staff CSV and the roster goes through here, each in bulk, in the
 * caller's transaction. Roles change only through {@link AssigningRoles} (which decides
 * them again, writes them, moves the members' ETags and the version on and publishes
 * {@code RolesChangedInBulk}); everything else is published here as the typed event of
 * its module, a bulk operation's in one event so that its entries are written in one
 * batch.
 */
@Component
class ImportWrites {

	private final InvitingStaff inviting;

	private final AssigningRoles assigning;

	private final Memberships memberships;

	private final Accounts accounts;

	private final Snapshots snapshots;

	private final ApplicationEventPublisher events;

	ImportWrites(InvitingStaff inviting, AssigningRoles assigning, Memberships memberships, Accounts accounts,
			Snapshots snapshots, ApplicationEventPublisher events) {
		this.inviting = inviting;
		this.assigning = assigning;
		this.memberships = memberships;
		this.accounts = accounts;
		this.snapshots = snapshots;
		this.events = events;
	}

	/**
	 * Invites new members of staff (accounts, memberships, their roles, invitations,
	 * emails, audit).
	 */
	void invite(AccessSnapshot snapshot, Acting actor, List<InvitingStaff.Invitee> invitees) {
		this.inviting.inviteAll(snapshot, actor, invitees);
	}

	/** Links members made by hand to their roster persons (account id to sourcedId). */
	void adopt(String organisationId, Map<String, String> sourceIdByAccount) {
		if (!sourceIdByAccount.isEmpty()) {
			this.memberships.setSourceIds(organisationId, sourceIdByAccount);
		}
	}

	/**
	 * Adds roles to members and ends their assignments, through
	 * {@link AssigningRoles#changeAll} (decided there as if by hand, against
	 * {@code snapshot}).
	 */
	void changeRoles(AccessSnapshot snapshot, Acting actor, List<AssigningRoles.Change> changes) {
		if (!changes.isEmpty()) {
			this.assigning.changeAll(snapshot, changes, actor);
		}
	}

	/**
	 * New names for members' accounts, and their {@code member.details_changed} entries.
	 */
	void rename(List<Accounts.NewAccount> renames, List<MemberDetailsChanged> changes) {
		if (!renames.isEmpty()) {
			this.accounts.renameAll(renames);
		}
		if (!changes.isEmpty()) {
			this.events.publishEvent(new MemberDetailsChangedInBulk(changes));
		}
	}

	/**
	 * Ends these members' memberships of the organisation (their assignments end with
	 * them), each recorded with the status and roles it had in {@code snapshot}.
	 */
	void removeMembers(AccessSnapshot snapshot, Acting actor, Collection<String> accountIds) {
		if (accountIds.isEmpty()) {
			return;
		}
		String org = snapshot.organisationId();
		List<String> ids = List.copyOf(accountIds);
		Map<String, String> emails = new HashMap<>();
		for (int from = 0; from < ids.size(); from += 1_000) {
			this.accounts.findAll(ids.subList(from, Math.min(ids.size(), from + 1_000)))
				.forEach((a) -> emails.put(a.id(), a.email()));
		}
		List<MemberRemoved> removed = ids.stream()
			.map((id) -> new MemberRemoved(org, id, emails.get(id), snapshot.memberStatus(id).orElseThrow(),
					RoleAt.of(snapshot.assignmentsOf(id)), actor))
			.toList();
		this.memberships.deleteAll(org, ids);
		this.events.publishEvent(new MembersRemoved(removed));
	}

	/** Records a roster's units created, changed and archived (written by the caller). */
	void unitsChanged(UnitsChangedInBulk changes) {
		if (!changes.created().isEmpty() || !changes.changed().isEmpty() || !changes.archived().isEmpty()) {
			this.events.publishEvent(changes);
		}
	}

	/** Tells the snapshots that the organisation changed (units as well as members). */
	void organisationChanged(String organisationId) {
		this.snapshots.changed(organisationId);
	}

	/** Records that an import started. */
	void started(ImportStarted started) {
		this.events.publishEvent(started);
	}

}
