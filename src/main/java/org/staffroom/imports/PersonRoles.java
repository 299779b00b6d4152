package org.staffroom.imports;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Actor;
import org.staffroom.access.Assignment;
import org.staffroom.access.Decision;
import org.staffroom.access.RoleAt;

/**
 * "This person, these roles": the one decision that both the staff CSV and the roster
 * make of each person, as if the importing person gave each role by hand. A pure function
 * of what the file asks for and the snapshot: the engine decides each role, and the
 * answer is a value (the roles to add, and a problem with its rule code for each role
 * refused), never an exception.
 */
final class PersonRoles {

	private PersonRoles() {
	}

	/**
	 * A role the file asks for, and where it asks: the file, row and column a refusal is
	 * reported at, and the roster's sourcedId for it (null in a staff CSV).
	 */
	record Wanted(RoleAt role, String sourceId, String file, Integer row, String column) {
	}

	/**
	 * What is decided: the roles to add, in the file's order, and one problem per role
	 * refused. For someone invited with no role at all (none asked for, none refused),
	 * {@code withoutRoles} is the engine's decision on inviting them so (they belong to
	 * the whole organisation); otherwise null.
	 */
	record Decided(List<Wanted> toAdd, List<ImportProblem> problems, Decision withoutRoles) {

		boolean refused() {
			return !this.problems.isEmpty();
		}

		/** Whether someone with no role may not be invited. */
		boolean deniedWithoutRoles() {
			return this.withoutRoles != null && this.withoutRoles.denied();
		}

	}

	/**
	 * The roles to add to a member of the organisation: each wanted role they do not hold
	 * yet (once each), that {@code actor} may assign them.
	 */
	static Decided forMember(Actor actor, String memberId, List<Wanted> wanted, AccessSnapshot snapshot) {
		List<Wanted> toAdd = new ArrayList<>();
		List<ImportProblem> problems = new ArrayList<>();
		Set<RoleAt> seen = new HashSet<>();
		for (Wanted w : wanted) {
			if (!seen.add(w.role()) || holds(snapshot, memberId, w.role())) {
				continue;
			}
			Decision d = AccessPolicy.decide(new AccessRequest.Assign(actor, memberId, w.role()), snapshot);
			if (d.denied()) {
				problems.add(refusal(w, d));
			}
			else {
				toAdd.add(w);
			}
		}
		return new Decided(toAdd, problems, null);
	}

	/**
	 * The roles to invite someone new with: each wanted role (once each) that
	 * {@code actor} may invite them with. With no role wanted, the decision on inviting
	 * them without one.
	 */
	static Decided forInvitee(Actor actor, List<Wanted> wanted, AccessSnapshot snapshot) {
		List<Wanted> toAdd = new ArrayList<>();
		List<RoleAt> added = new ArrayList<>();
		List<ImportProblem> problems = new ArrayList<>();
		for (Wanted w : wanted) {
			// Only the roles kept are left out the second time: a refused one is refused
			// at each of its rows.
			if (added.contains(w.role())) {
				continue;
			}
			Decision d = AccessPolicy.decide(new AccessRequest.Invite(actor, List.of(w.role())), snapshot);
			if (d.denied()) {
				problems.add(refusal(w, d));
				continue;
			}
			toAdd.add(w);
			added.add(w.role());
		}
		Decision withoutRoles = (toAdd.isEmpty() && problems.isEmpty())
				? AccessPolicy.decide(new AccessRequest.Invite(actor, List.of()), snapshot) : null;
		return new Decided(toAdd, problems, withoutRoles);
	}

	/** Whether the member holds this role at this unit already. */
	static boolean holds(AccessSnapshot snapshot, String memberId, RoleAt role) {
		for (Assignment a : snapshot.assignmentsOf(memberId)) {
			if (a.roleKey().equals(role.roleKey()) && a.unitId().equals(role.unitId())) {
				return true;
			}
		}
		return false;
	}

	private static ImportProblem refusal(Wanted w, Decision d) {
		// The engine's reason names the role and the place already, in a person's words.
		return new ImportProblem(w.file(), w.row(), w.column(), d.code(), d.reason());
	}

}
