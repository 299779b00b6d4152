package org.staffroom.imports;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.staffroom.accounts.Accounts;
import org.staffroom.grants.RoleAssignments;
import org.staffroom.invitations.InvitingStaff;
import org.staffroom.system.events.AuditEvent;

/**
 * What a roster decided of its members of staff, to be written: people to invite, members made by
 * hand to link to their roster persons (account to sourcedId), roles to add and assignments to end,
 * renames, members who leave, and the audit entries of these changes.
 */
record RosterStaffChanges(List<InvitingStaff.Invitee> invitees, Map<String, String> adoptions,
		List<RoleAssignments.NewAssignment> rolesToAdd, Set<String> rolesToRevoke, List<Accounts.NewAccount> renames,
		Set<String> removals, List<AuditEvent> audit, ImportCounts.Staff counts) {

	static final RosterStaffChanges NONE = new RosterStaffChanges(List.of(), Map.of(), List.of(), Set.of(), List.of(),
			Set.of(), List.of(), ImportCounts.Staff.NONE);

}
