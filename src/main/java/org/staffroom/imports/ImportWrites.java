package org.staffroom.imports;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.Memberships;
import org.staffroom.grants.RoleAssignments;
import org.staffroom.grants.Snapshots;
import org.staffroom.invitations.InvitingStaff;
import org.staffroom.system.events.AuditEvent;
import org.staffroom.system.events.AuditEvents;
import org.staffroom.system.security.Acting;

/**
 * The imports' one way to change members and their roles, and to tell the rest of Staffroom: every
 * invitation, role assignment added or ended, membership adopted, touched or ended, rename, "members
 * changed" and audit event of the staff CSV and the roster goes through here, each in bulk, in the
 * caller's transaction. (When grants has one owner of role assignments, it is wired in here.)
 */
@Component
class ImportWrites {

	private final InvitingStaff inviting;

	private final RoleAssignments assignments;

	private final Memberships memberships;

	private final Accounts accounts;

	private final Snapshots snapshots;

	private final ApplicationEventPublisher events;

	ImportWrites(InvitingStaff inviting, RoleAssignments assignments, Memberships memberships, Accounts accounts,
			Snapshots snapshots, ApplicationEventPublisher events) {
		this.inviting = inviting;
		this.assignments = assignments;
		this.memberships = memberships;
		this.accounts = accounts;
		this.snapshots = snapshots;
		this.events = events;
	}

	/** Invites new members of staff (accounts, memberships, their roles, invitations, emails, audit). */
	void invite(AccessSnapshot snapshot, Acting actor, List<InvitingStaff.Invitee> invitees) {
		this.inviting.inviteAll(snapshot, actor, invitees);
	}

	/** Links members made by hand to their roster persons (account id to sourcedId). */
	void adopt(String organisationId, Map<String, String> sourceIdByAccount) {
		if (!sourceIdByAccount.isEmpty()) {
			this.memberships.setSourceIds(organisationId, sourceIdByAccount);
		}
	}

	/** Adds roles to members, and ends role assignments (by id). */
	void changeRoles(String organisationId, List<RoleAssignments.NewAssignment> added,
			Collection<String> revokedAssignmentIds, String grantedBy, Instant now) {
		this.assignments.addAll(organisationId, added, grantedBy, now);
		if (!revokedAssignmentIds.isEmpty()) {
			this.assignments.removeAll(revokedAssignmentIds);
		}
	}

	/** New names for members' accounts. */
	void rename(List<Accounts.NewAccount> renames) {
		this.accounts.renameAll(renames);
	}

	/** Ends these members' memberships of the organisation. */
	void removeMembers(String organisationId, Collection<String> accountIds) {
		this.memberships.deleteAll(organisationId, accountIds);
	}

	/** Moves the changed members' memberships on a version. */
	void touch(String organisationId, Collection<String> accountIds) {
		this.memberships.touchAll(organisationId, accountIds);
	}

	/** Tells the snapshots that these members changed. */
	void membersChanged(String organisationId, Collection<String> memberIds) {
		if (!memberIds.isEmpty()) {
			this.snapshots.membersChanged(organisationId, memberIds);
		}
	}

	/** Tells the snapshots that the organisation changed (units as well as members). */
	void organisationChanged(String organisationId) {
		this.snapshots.changed(organisationId);
	}

	/** Records one audit entry (an import started). */
	void audit(AuditEvent entry) {
		this.events.publishEvent(entry);
	}

	/** Records the import's audit entries, in one event. */
	void audit(List<AuditEvent> entries) {
		this.events.publishEvent(new AuditEvents(entries));
	}

}
