package org.staffroom.access;

import static org.staffroom.access.Anchor.ASSIGNED;
import static org.staffroom.access.Anchor.ORGANISATION;
import static org.staffroom.access.Anchor.SCHOOL;
import static org.staffroom.access.Permission.ACCOUNTS_MANAGE;
import static org.staffroom.access.Permission.ACCOUNTS_VIEW;
import static org.staffroom.access.Permission.ASSESSMENTS_CONDUCT;
import static org.staffroom.access.Permission.AUDIT_VIEW;
import static org.staffroom.access.Permission.ENTRIES_MANAGE;
import static org.staffroom.access.Permission.ENTRIES_VIEW;
import static org.staffroom.access.Permission.RESULTS_COMPARE;
import static org.staffroom.access.Permission.RESULTS_PUPILS;
import static org.staffroom.access.Permission.RESULTS_SUMMARY;
import static org.staffroom.access.Permission.ROLES_MANAGE;
import static org.staffroom.access.Permission.TRAINING_BOOK;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An independent reading of access-model.md sections 3 and 4, written for the property
 * tests: slow and plain on purpose, one method per sentence of the text, sharing nothing
 * with the engine but its data types (units, permissions, anchors, statuses,
 * assignments). It has its own copy of the role tables of section 3, so a mistake in
 * {@link RoleCatalogue} shows up as a disagreement too.
 *
 * <p>
 * A verdict names the rules of section 4 (by number, 1 to 7) that forbid the request;
 * none means allowed. An allowed assignment carries its witnesses: the actor's
 * assignments that gave the authority (rule 1) and made the role assignable (rule 2),
 * from which the provenance chains are followed.
 */
final class AccessModelOracle {

	// ---- section 3: the role tables, copied from the text ----

	/**
	 * A row of the role tables: where it fits, what it grants at which anchor, whom it
	 * may assign.
	 */
	record Role(String key, Set<UnitType> fits, List<Grant> grants, Set<String> mayAssign, boolean own,
			boolean operatorsOnly) {
	}

	private static final Set<UnitType> ORG = Set.of(UnitType.ORGANISATION);

	private static final Set<UnitType> ORG_OR_SCHOOL = Set.of(UnitType.ORGANISATION, UnitType.SCHOOL);

	static final List<Role> EXAM_CENTRE_PROFILES = List.of(
			new Role("user-accounts", ORG, at(ASSIGNED, ACCOUNTS_VIEW, ACCOUNTS_MANAGE, AUDIT_VIEW), Set.of(), true,
					false),
			new Role("registrations-and-entries", ORG, at(ASSIGNED, ENTRIES_VIEW, ENTRIES_MANAGE), Set.of(), false,
					false),
			new Role("results-analysis", ORG, at(ASSIGNED, RESULTS_SUMMARY, RESULTS_PUPILS), Set.of(), false, false),
			new Role("training-bookings", ORG, at(ASSIGNED, TRAINING_BOOK), Set.of(), false, false));

	static final List<Role> SCHOOL_TRUST_ROLES = List
		.of(new Role("ambassador", ORG, at(ASSIGNED, ACCOUNTS_VIEW, ACCOUNTS_MANAGE, RESULTS_SUMMARY),
				Set.of("org-admin", "examiner", "user-admin", "headteacher", "teacher", "org-overview"), false, true),
				new Role("project-manager", ORG, at(ASSIGNED, ACCOUNTS_VIEW, ACCOUNTS_MANAGE, RESULTS_SUMMARY),
						Set.of("org-admin", "examiner", "user-admin", "headteacher", "teacher", "org-overview"), false,
						true),
				new Role("org-admin", ORG,
						at(ASSIGNED, ACCOUNTS_VIEW, ACCOUNTS_MANAGE, ROLES_MANAGE, AUDIT_VIEW, RESULTS_SUMMARY),
						Set.of("examiner", "user-admin", "headteacher", "teacher", "org-overview", "org-admin"), false,
						false),
				new Role("examiner", ORG_OR_SCHOOL,
						at(ASSIGNED, ASSESSMENTS_CONDUCT, ACCOUNTS_VIEW, ACCOUNTS_MANAGE, RESULTS_PUPILS),
						Set.of("user-admin", "headteacher", "teacher", "org-overview"), false, false),
				new Role("user-admin", ORG_OR_SCHOOL, at(ASSIGNED, ACCOUNTS_VIEW, ACCOUNTS_MANAGE),
						Set.of("user-admin", "headteacher", "teacher", "org-overview"), false, false),
				new Role("headteacher", Set.of(UnitType.SCHOOL),
						List.of(Grant.at(ASSIGNED, RESULTS_PUPILS), Grant.at(ASSIGNED, RESULTS_SUMMARY),
								Grant.at(ORGANISATION, RESULTS_COMPARE)),
						Set.of(), false, false),
				new Role("teacher", Set.of(UnitType.CLASS, UnitType.YEAR),
						List.of(Grant.at(ASSIGNED, RESULTS_PUPILS), Grant.at(SCHOOL, RESULTS_SUMMARY),
								Grant.at(ORGANISATION, RESULTS_COMPARE)),
						Set.of(), false, false),
				new Role("org-overview", ORG_OR_SCHOOL, at(ASSIGNED, RESULTS_SUMMARY), Set.of(), false, false));

	private static List<Grant> at(Anchor anchor, Permission... permissions) {
		List<Grant> grants = new ArrayList<>();
		for (Permission p : permissions) {
			grants.add(Grant.at(anchor, p));
		}
		return grants;
	}

	/** The roles of an organisation created from these templates. */
	static Map<String, Role> rolesOf(List<String> templates) {
		Map<String, Role> roles = new LinkedHashMap<>();
		if (templates.contains("exam-centre")) {
			EXAM_CENTRE_PROFILES.forEach((r) -> roles.put(r.key(), r));
		}
		if (templates.contains("school-trust")) {
			SCHOOL_TRUST_ROLES.forEach((r) -> roles.put(r.key(), r));
		}
		return roles;
	}

	// ---- the organisation as the oracle sees it ----

	/**
	 * What the oracle needs to know: the unit tree, each member's status, every
	 * assignment.
	 */
	record State(String root, Map<String, String> parentOf, Map<String, UnitType> typeOf,
			Map<String, MemberStatus> statusOf, List<Assignment> assignments) {
	}

	/**
	 * What an actor asks to do. {@code member} is the one changed; {@code roles} the
	 * roles asked for.
	 */
	enum Kind {

		INVITE, ASSIGN, REVOKE, REPLACE_ROLES, EDIT_DETAILS, DISABLE, ENABLE, REMOVE

	}

	/**
	 * The rules (numbers 1 to 7) that forbid it, and for each role allowed, the witnesses
	 * behind it.
	 */
	record Verdict(Set<Integer> broken, Map<RoleAt, List<Assignment>> witnesses) {

		boolean allowed() {
			return this.broken.isEmpty();
		}

	}

	private final Map<String, Role> roles;

	private final State state;

	private final Map<String, List<Assignment>> byMember = new LinkedHashMap<>();

	AccessModelOracle(Map<String, Role> roles, State state) {
		this.roles = roles;
		this.state = state;
		// Only to keep the property fast: a member's assignments, in the order they were
		// made.
		for (Assignment a : state.assignments()) {
			this.byMember.computeIfAbsent(a.memberId(), (m) -> new ArrayList<>()).add(a);
		}
	}

	// ---- section 1: units and scopes ----

	/** "Within scope S" means S or a descendant. */
	boolean within(String unit, String scope) {
		for (String u = unit; u != null; u = this.state.parentOf().get(u)) {
			if (u.equals(scope)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Where a permission lands: the assigned unit itself, or its enclosing school, or the
	 * root.
	 */
	String anchorUnit(String assignedUnit, Anchor anchor) {
		if (anchor == ASSIGNED) {
			return assignedUnit;
		}
		if (anchor == ORGANISATION) {
			return this.state.root();
		}
		for (String u = assignedUnit; u != null; u = this.state.parentOf().get(u)) {
			if (this.state.typeOf().get(u) == UnitType.SCHOOL) {
				return u;
			}
		}
		// No enclosing school (a role assigned above school level): the permission stays
		// where it was assigned.
		return assignedUnit;
	}

	// ---- section 3: what a member holds ----

	List<Assignment> assignmentsOf(String member) {
		return this.byMember.getOrDefault(member, List.of());
	}

	/**
	 * The assignment through which the member holds the permission at the unit, or null:
	 * a member holds nothing unless active, and holds P at U when one of their roles
	 * grants P at an anchor whose scope contains U.
	 */
	Assignment grantOf(String member, Permission permission, String unit) {
		if (this.state.statusOf().get(member) != MemberStatus.ACTIVE) {
			return null;
		}
		for (Assignment a : assignmentsOf(member)) {
			for (Grant g : this.roles.get(a.roleKey()).grants()) {
				if (g.permission() == permission && within(unit, anchorUnit(a.unitId(), g.anchor()))) {
					return a;
				}
			}
		}
		return null;
	}

	boolean holds(String member, Permission permission, String unit) {
		return grantOf(member, permission, unit) != null;
	}

	/**
	 * Every permission the member holds at the unit: the same rule as {@link #grantOf},
	 * for all at once.
	 */
	Set<Permission> permissionsAt(String member, String unit) {
		Set<Permission> held = java.util.EnumSet.noneOf(Permission.class);
		if (this.state.statusOf().get(member) != MemberStatus.ACTIVE) {
			return held;
		}
		for (Assignment a : assignmentsOf(member)) {
			for (Grant g : this.roles.get(a.roleKey()).grants()) {
				if (within(unit, anchorUnit(a.unitId(), g.anchor()))) {
					held.add(g.permission());
				}
			}
		}
		return held;
	}

	/**
	 * Active members who hold accounts.manage at the organisation root: those rule 7
	 * protects.
	 */
	List<String> rootAdministrators() {
		List<String> admins = new ArrayList<>();
		for (String member : this.state.statusOf().keySet()) {
			if (holds(member, ACCOUNTS_MANAGE, this.state.root())) {
				admins.add(member);
			}
		}
		return admins;
	}

	// ---- section 4 ----

	/**
	 * Rules 1 to 3 for actor A assigning role R at unit U; the witnesses go into
	 * {@code witnesses}.
	 */
	Set<Integer> mayAssign(Actor a, String roleKey, String unit, List<Assignment> witnesses) {
		Set<Integer> broken = new TreeSet<>();
		Role role = this.roles.get(roleKey);
		// Rule 3, which binds operators too: R may be assigned at U's unit type.
		if (!role.fits().contains(this.state.typeOf().get(unit))) {
			broken.add(3);
		}
		if (a.operator()) {
			return broken;
		}
		// Rule 1: A holds accounts.manage at a scope containing U.
		Assignment authority = grantOf(a.accountId(), ACCOUNTS_MANAGE, unit);
		if (authority == null) {
			broken.add(1);
		}
		else {
			witnesses.add(authority);
		}
		// Rule 2: R is in the may-assign set of one of A's assignments whose scope
		// contains U; for own, A holds every permission of R at every anchor R would
		// grant. Vendor roles: operators only.
		List<Assignment> assignable = role.operatorsOnly() ? null : assignableThrough(a.accountId(), role, unit);
		if (assignable == null) {
			broken.add(2);
		}
		else {
			witnesses.addAll(assignable);
		}
		return broken;
	}

	/** The assignments that make R assignable at U for the member (rule 2), or null. */
	private List<Assignment> assignableThrough(String member, Role role, String unit) {
		if (this.state.statusOf().get(member) != MemberStatus.ACTIVE) {
			return null;
		}
		for (Assignment h : assignmentsOf(member)) {
			if (!within(unit, h.unitId())) {
				continue;
			}
			Role held = this.roles.get(h.roleKey());
			if (!held.own() && held.mayAssign().contains(role.key())) {
				return List.of(h);
			}
			if (held.own()) {
				List<Assignment> through = new ArrayList<>(List.of(h));
				for (Grant g : role.grants()) {
					Assignment source = grantOf(member, g.permission(), anchorUnit(unit, g.anchor()));
					if (source == null) {
						through = null;
						break;
					}
					through.add(source);
				}
				if (through != null) {
					return through;
				}
			}
		}
		return null;
	}

	/**
	 * Rule 6: A may change B only if A could have assigned every role B holds (rules 1 to
	 * 3); a member with no role assignments belongs to the root, so changing them needs
	 * accounts.manage at the root.
	 */
	boolean mayTouch(Actor a, String member) {
		if (a.operator()) {
			return true;
		}
		List<Assignment> held = assignmentsOf(member);
		if (held.isEmpty()) {
			return holds(a.accountId(), ACCOUNTS_MANAGE, this.state.root());
		}
		for (Assignment b : held) {
			if (!mayAssign(a, b.roleKey(), b.unitId(), new ArrayList<>()).isEmpty()) {
				return false;
			}
		}
		return true;
	}

	/** Rule 7: B is the last active member holding accounts.manage at the root. */
	boolean isLastRootAdministrator(String member) {
		List<String> admins = rootAdministrators();
		return admins.size() == 1 && admins.get(0).equals(member);
	}

	/** Whether these roles give accounts.manage at the root. */
	boolean giveRootManage(List<RoleAt> roles) {
		for (RoleAt r : roles) {
			for (Grant g : this.roles.get(r.roleKey()).grants()) {
				if (g.permission() == ACCOUNTS_MANAGE && anchorUnit(r.unitId(), g.anchor()).equals(this.state.root())) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * May the actor do this? {@code member} is the member changed (null for an
	 * invitation), {@code roles} the roles asked for: the new one for an assignment, the
	 * full list for a replacement or an invitation, the remaining ones for a revocation.
	 */
	Verdict decide(Actor a, Kind kind, String member, List<RoleAt> roles) {
		Set<Integer> broken = new TreeSet<>();
		Map<RoleAt, List<Assignment>> witnesses = new LinkedHashMap<>();
		boolean self = !a.operator() && a.accountId().equals(member);
		switch (kind) {
			case INVITE -> {
				if (roles.isEmpty() && !a.operator() && !holds(a.accountId(), ACCOUNTS_MANAGE, this.state.root())) {
					// Rule 6's second sentence: someone with no roles belongs to the
					// root.
					broken.add(1);
					broken.add(6);
				}
				checkRoles(a, roles, broken, witnesses);
			}
			case ASSIGN, REPLACE_ROLES -> {
				if (self) {
					broken.add(4);
				}
				if (!mayTouch(a, member)) {
					broken.add(6);
				}
				checkRoles(a, roles, broken, witnesses);
				if (kind == Kind.REPLACE_ROLES && isLastRootAdministrator(member) && !giveRootManage(roles)) {
					broken.add(7);
				}
			}
			case REVOKE -> {
				if (self) {
					broken.add(4);
				}
				if (!mayTouch(a, member)) {
					broken.add(6);
				}
				if (isLastRootAdministrator(member) && !giveRootManage(roles)) {
					broken.add(7);
				}
			}
			case EDIT_DETAILS -> {
				// "Edit my account" changes contact details and preferences only: anyone
				// may.
				if (!self && !mayTouch(a, member)) {
					broken.add(6);
				}
			}
			case DISABLE, REMOVE -> {
				if (self) {
					broken.add(4);
				}
				if (!mayTouch(a, member)) {
					broken.add(6);
				}
				if (isLastRootAdministrator(member)) {
					broken.add(7);
				}
			}
			case ENABLE -> {
				if (self) {
					broken.add(4);
				}
				if (!mayTouch(a, member)) {
					broken.add(6);
				}
			}
		}
		return new Verdict(broken, witnesses);
	}

	/**
	 * Rule 5, for a custom role the actor asks to define. Defining roles is what
	 * roles.manage is for, and a custom role is the organisation's, so it takes
	 * roles.manage at the root (an operator may too). The catalogue stays closed: for
	 * every role X that a role Y may assign, X's may-assign set is within Y's (an
	 * {@code own} role's is not a list, so no list contains it). The creator may only
	 * bundle permissions they hold, everywhere the role could be assigned (so at the
	 * root), and, as nobody may give more than they may, only list roles they may assign.
	 * What is defined stays as it was defined: an existing key is not defined again, or
	 * its holders' access would change without rules 1 to 3, 6 and 7.
	 */
	Set<Integer> mayDefine(Actor a, Role role) {
		Set<Integer> broken = new TreeSet<>();
		if (this.roles.containsKey(role.key())) {
			broken.add(5);
		}
		if (!a.operator()) {
			if (!holds(a.accountId(), ROLES_MANAGE, this.state.root())) {
				broken.add(1);
				return broken;
			}
			for (Grant g : role.grants()) {
				if (!holds(a.accountId(), g.permission(), this.state.root())) {
					broken.add(5);
				}
			}
			for (String x : role.mayAssign()) {
				Role listed = this.roles.get(x);
				if (listed != null && (listed.operatorsOnly()
						|| assignableThrough(a.accountId(), listed, this.state.root()) == null)) {
					broken.add(5);
				}
			}
		}
		Map<String, Role> catalogue = new LinkedHashMap<>(this.roles);
		catalogue.put(role.key(), role);
		for (Role y : catalogue.values()) {
			if (y.own()) {
				continue;
			}
			for (String x : y.mayAssign()) {
				Role listed = catalogue.get(x);
				if (listed == null || listed.own() || !y.mayAssign().containsAll(listed.mayAssign())) {
					broken.add(5);
				}
			}
		}
		return broken;
	}

	private void checkRoles(Actor a, List<RoleAt> roles, Set<Integer> broken, Map<RoleAt, List<Assignment>> witnesses) {
		for (RoleAt r : roles) {
			List<Assignment> behind = new ArrayList<>();
			Set<Integer> rules = mayAssign(a, r.roleKey(), r.unitId(), behind);
			broken.addAll(rules);
			if (rules.isEmpty()) {
				witnesses.put(r, behind);
			}
		}
	}

}
