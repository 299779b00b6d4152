package org.staffroom.imports;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.staffroom.accounts.Accounts;
import org.staffroom.grants.AssigningRoles;
import org.staffroom.invitations.InvitingStaff;
import org.staffroom.members.MemberDetailsChanged;

/**
 * What a roster decided of its members of staff, to be written: people to invite, members
 * made by hand to link to their roster persons (account to sourcedId), members' roles to
 * add and assignments to end, renames (with their {@code member.details_changed} events),
 * and members who leave.
 */
record RosterStaffChanges(List<InvitingStaff.Invitee> invitees, Map<String, String> adoptions,
		List<AssigningRoles.Change> roles, List<Accounts.NewAccount> renames, List<MemberDetailsChanged> renamed,
		Set<String> removals, ImportCounts.Staff counts) {

	static final RosterStaffChanges NONE = new RosterStaffChanges(List.of(), Map.of(), List.of(), List.of(), List.of(),
			Set.of(), ImportCounts.Staff.NONE);

}
