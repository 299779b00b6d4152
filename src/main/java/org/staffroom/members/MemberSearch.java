package org.staffroom.members;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Assignment;
import org.staffroom.access.MemberStatus;
import org.staffroom.grants.MemberVisibility;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.grants.RoleAssignments;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.web.Paging;
import org.staffroom.system.security.SignedIn;

/**
 * The member directory, for the API and the Administration page alike: search by name or
 * email, role, unit (and everything within it) and status, a page at a time, showing only
 * the members the caller may see (accounts.view within a scope shows the members holding
 * a role in it).
 */
@Component
public class MemberSearch {

	private final OrganisationAccess access;

	private final MemberDirectory directory;

	private final RoleAssignments assignments;

	MemberSearch(OrganisationAccess access, MemberDirectory directory, RoleAssignments assignments) {
		this.access = access;
		this.directory = directory;
		this.assignments = assignments;
	}

	/** What to look for; blanks and nulls mean "any". Pages are numbered from 1. */
	public record Criteria(String q, String role, String unitId, String status, Integer page, Integer size) {
	}

	/**
	 * One page of members, each with their roles.
	 *
	 * @param totalAtLeast the total was counted up to a limit (for a caller who sees
	 * everyone in a very large organisation): there are more than {@code total} matches
	 */
	public record Result(List<MemberView> items, long total, boolean totalAtLeast, int page, int size) {

		/**
		 * The pages known to exist: when the total is a bound, one more after a full
		 * page.
		 */
		public int pages() {
			int counted = (int) Math.max(1, (this.total + this.size - 1) / this.size);
			boolean more = this.totalAtLeast && this.items.size() == this.size;
			return Math.max(counted, more ? this.page + 1 : this.page);
		}

	}

	/**
	 * @throws Failure validation_failed for a bad criterion (every one listed), forbidden
	 * without accounts.view, not_found for an organisation the caller is not in
	 */
	public Result search(String org, Criteria criteria, SignedIn me) {
		AccessSnapshot snapshot = this.access.require(org, me);
		FieldErrors errors = new FieldErrors();
		Paging paging = Paging.read(criteria.page(), criteria.size(), errors);
		int p = paging.page();
		int s = paging.size();
		MemberStatus status = null;
		if (!blank(criteria.status())) {
			status = MemberStatus.fromKey(criteria.status()).orElse(null);
			if (status == null) {
				errors.add("status", "invalid", "Status is one of invited, active, disabled");
			}
		}
		String role = blank(criteria.role()) ? null : criteria.role();
		if (role != null && snapshot.catalogue().find(role).isEmpty()) {
			errors.add("role", "unknown_role", "There is no role called " + role + " here");
		}
		String unitId = blank(criteria.unitId()) ? null : criteria.unitId();
		if (unitId != null && !snapshot.hasUnit(unitId)) {
			errors.add("unitId", "unknown_unit", "There is no such unit in this organisation");
		}
		if (criteria.q() != null && criteria.q().length() > 200) {
			errors.add("q", "too_long", "Search text must be 200 characters or fewer");
		}
		errors.throwIfAny();
		List<String> scopes = MemberVisibility.scopes(me, snapshot);
		if (scopes.isEmpty()) {
			throw Failure.forbidden("forbidden", "Seeing the member directory needs accounts.view");
		}
		List<String> visible = null;
		if (!MemberVisibility.seesEveryone(scopes, snapshot)) {
			visible = scopes.stream().flatMap((scope) -> snapshot.unitsWithin(scope).stream()).distinct().toList();
		}
		List<String> unitFilter = (unitId == null) ? null : snapshot.unitsWithin(unitId);
		var found = this.directory.search(new MemberDirectory.Query(org, criteria.q(), status, role, unitFilter,
				visible, snapshot.memberCount(), p, s));
		Map<String, List<Assignment>> roles = this.assignments.ofMembers(org,
				found.rows().stream().map(MemberDirectory.Row::id).toList());
		List<MemberView> items = found.rows()
			.stream()
			.map((row) -> new MemberView(row.id(), row.email(), row.firstName(), row.lastName(), row.jobTitle(),
					row.phone(), row.status().key(), row.mainAccountHolder(),
					MemberView.roles(roles.getOrDefault(row.id(), List.of())), null, null))
			.toList();
		return new Result(items, found.total(), found.totalAtLeast(), p, s);
	}

	private static boolean blank(String s) {
		return s == null || s.isBlank();
	}

}
