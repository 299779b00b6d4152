package org.staffroom.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An organisation's members, indexed by id, by normalised email and by assignment id,
 * with the count that rule 7 protects. It exists so that the engine finds the member
 * behind any reference with one map lookup, and so that a change to some members can be
 * applied as a patch ({@link #patched}) instead of a rebuild of an organisation of a
 * million members.
 *
 * <p>
 * Immutable once built: a patch makes new maps and leaves this one as it was.
 */
final class Members {

	private final Map<String, Member> members;

	private final Map<String, String> memberByEmailKey;

	private final Map<String, Member> memberByAssignment;

	private final int activeRootAdministrators;

	/**
	 * Resolves every member's assignments against the tree and the catalogue.
	 * @throws IllegalArgumentException when an assignment names an unknown member, unit
	 * or role
	 */
	static Members index(Collection<Member.Row> rows, List<Assignment> assignments, UnitTree units,
			RoleCatalogue catalogue) {
		return new Members(rows, assignments, units, catalogue);
	}

	private Members(Collection<Member.Row> rows, List<Assignment> assignments, UnitTree units,
			RoleCatalogue catalogue) {
		this.members = new HashMap<>(rows.size() * 2);
		this.memberByEmailKey = new HashMap<>(rows.size() * 2);
		this.memberByAssignment = new HashMap<>(assignments.size() * 2);
		Map<String, List<Assignment>> assignmentsByMember = new HashMap<>();
		for (Assignment assignment : assignments) {
			assignmentsByMember.computeIfAbsent(assignment.memberId(), (k) -> new ArrayList<>()).add(assignment);
		}
		int rootAdmins = 0;
		for (Member.Row row : rows) {
			Member member = new Member(row, assignmentsByMember.getOrDefault(row.id(), List.of()), units, catalogue);
			this.members.put(row.id(), member);
			if (row.emailKey() != null) {
				this.memberByEmailKey.put(row.emailKey(), row.id());
			}
			for (Assignment assignment : member.assignments) {
				this.memberByAssignment.put(assignment.id(), member);
			}
			if (member.isActiveRootAdministrator(units)) {
				rootAdmins++;
			}
		}
		for (String memberId : assignmentsByMember.keySet()) {
			if (!this.members.containsKey(memberId)) {
				throw new IllegalArgumentException("assignment of unknown member " + memberId);
			}
		}
		this.activeRootAdministrators = rootAdmins;
	}

	/**
	 * These members with some replaced or removed: a copy of the three maps plus the
	 * changed members, the rest shared. The tree and catalogue must be the ones this was
	 * built with.
	 */
	Members patched(List<AccessSnapshot.MemberUpdate> updates, Collection<String> removed, UnitTree units,
			RoleCatalogue catalogue) {
		return new Members(this, updates, removed, units, catalogue);
	}

	private Members(Members base, List<AccessSnapshot.MemberUpdate> updates, Collection<String> removed, UnitTree units,
			RoleCatalogue catalogue) {
		this.members = new HashMap<>(base.members);
		this.memberByEmailKey = new HashMap<>(base.memberByEmailKey);
		this.memberByAssignment = new HashMap<>(base.memberByAssignment);
		int rootAdmins = base.activeRootAdministrators;
		List<String> gone = new ArrayList<>(removed);
		updates.forEach((u) -> gone.add(u.id()));
		for (String id : gone) {
			Member old = this.members.remove(id);
			if (old != null) {
				if (old.emailKey != null && id.equals(this.memberByEmailKey.get(old.emailKey))) {
					this.memberByEmailKey.remove(old.emailKey);
				}
				for (Assignment a : old.assignments) {
					this.memberByAssignment.remove(a.id());
				}
				if (old.isActiveRootAdministrator(units)) {
					rootAdmins--;
				}
			}
		}
		for (AccessSnapshot.MemberUpdate u : updates) {
			Member member = new Member(new Member.Row(u.id(), u.status(), u.mainAccountHolder(), u.emailKey()),
					u.assignments(), units, catalogue);
			this.members.put(u.id(), member);
			if (u.emailKey() != null) {
				this.memberByEmailKey.put(u.emailKey(), u.id());
			}
			for (Assignment a : member.assignments) {
				this.memberByAssignment.put(a.id(), member);
			}
			if (member.isActiveRootAdministrator(units)) {
				rootAdmins++;
			}
		}
		this.activeRootAdministrators = rootAdmins;
	}

	/** The member with this id, or null when it is null or unknown. */
	Member get(String memberId) {
		return (memberId == null) ? null : this.members.get(memberId);
	}

	boolean contains(String memberId) {
		return memberId != null && this.members.containsKey(memberId);
	}

	/** The id of the member with this normalised email, or null. */
	String idByEmailKey(String emailKey) {
		return (emailKey == null) ? null : this.memberByEmailKey.get(emailKey);
	}

	/** The assignment with this id, or null. */
	Assignment assignment(String assignmentId) {
		Member m = (assignmentId == null) ? null : this.memberByAssignment.get(assignmentId);
		return (m == null) ? null : m.assignment(assignmentId);
	}

	/** The ids of every active member. */
	List<String> activeIds() {
		List<String> ids = new ArrayList<>();
		for (Member m : this.members.values()) {
			if (m.status == MemberStatus.ACTIVE) {
				ids.add(m.id);
			}
		}
		return ids;
	}

	int count() {
		return this.members.size();
	}

	int activeRootAdministrators() {
		return this.activeRootAdministrators;
	}

	/** Every member, in no particular order (for rebuilding with more units). */
	Collection<Member> all() {
		return this.members.values();
	}

}
