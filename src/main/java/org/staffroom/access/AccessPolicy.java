package org.staffroom.access;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.staffroom.access.AccessRequest.Assign;
import org.staffroom.access.AccessRequest.ChangeMember;
import org.staffroom.access.AccessRequest.DefineRole;
import org.staffroom.access.AccessRequest.HoldsPermission;
import org.staffroom.access.AccessRequest.Invite;
import org.staffroom.access.AccessRequest.ReplaceRoles;
import org.staffroom.access.AccessRequest.Revoke;

/**
 * The decision engine: access-model.md section 4 as a pure function of a request and a
 * snapshot. Deny by default; every denial names the rules that denied it (see
 * {@link RuleId}); an error while evaluating is a denial with the error attached, never a
 * skipped rule.
 */
public final class AccessPolicy {

	private static final int ACCOUNTS_MANAGE = Permission.ACCOUNTS_MANAGE.bit();

	// The check API's denials depend on nothing but the permission or the status: made
	// once, so that a denied check allocates no reason text (Decision is immutable, so
	// sharing one is safe).
	private static final Decision UNKNOWN_MEMBER_OR_UNIT = Decision.deny(RuleId.UNKNOWN_REFERENCE,
			"Unknown member or unit");

	private static final Decision[] NOT_HELD = new Decision[Permission.values().length];

	private static final Decision[] NOT_ACTIVE = new Decision[MemberStatus.values().length];

	static {
		for (Permission p : Permission.values()) {
			NOT_HELD[p.ordinal()] = Decision.deny(RuleId.NOT_GRANTED,
					"No role assignment grants " + p.key() + " there");
		}
		for (MemberStatus status : MemberStatus.values()) {
			NOT_ACTIVE[status.ordinal()] = Decision.deny(RuleId.NOT_GRANTED, "The membership is " + status.key());
		}
	}

	private AccessPolicy() {
	}

	/**
	 * Decides one request against one snapshot. Never throws for a well-formed request;
	 * unknown members, units or roles are denied with {@link RuleId#UNKNOWN_REFERENCE}.
	 */
	public static Decision decide(AccessRequest request, AccessSnapshot snapshot) {
		try {
			if (request instanceof HoldsPermission q) {
				return holds(q, snapshot);
			}
			if (request instanceof Invite q) {
				return invite(q, snapshot);
			}
			if (request instanceof Assign q) {
				return replace(q.actor(), q.memberId(), plus(snapshot, q.memberId(), q.role()), snapshot);
			}
			if (request instanceof ReplaceRoles q) {
				return replace(q.actor(), q.memberId(), q.roles(), snapshot);
			}
			if (request instanceof Revoke q) {
				return revoke(q, snapshot);
			}
			if (request instanceof ChangeMember q) {
				return change(q, snapshot);
			}
			if (request instanceof DefineRole q) {
				return define(q, snapshot);
			}
			return Decision.deny(RuleId.EVALUATION_ERROR, "Unknown kind of request");
		}
		catch (RuntimeException ex) {
			return Decision.deny(RuleId.EVALUATION_ERROR, "Denied, because evaluating failed: " + ex);
		}
	}

	// ---- HoldsPermission: the hot path of the check API ----

	private static Decision holds(HoldsPermission q, AccessSnapshot s) {
		Member m = s.member(q.memberId());
		int u = s.unit(q.unitId());
		if (m == null || u < 0 || q.permission() == null) {
			return UNKNOWN_MEMBER_OR_UNIT;
		}
		if (m.status != MemberStatus.ACTIVE) {
			return NOT_ACTIVE[m.status.ordinal()];
		}
		int source = m.holdsAt(q.permission().bit(), u, s.units());
		if (source < 0) {
			return NOT_HELD[q.permission().ordinal()];
		}
		Assignment a = m.assignments[source];
		return Decision.allowBy(a, "Granted by " + a.roleKey() + " at " + s.unitLabel(m.assignmentUnit[source]));
	}

	/**
	 * Every permission the member holds at the unit, each with the first assignment
	 * granting it.
	 */
	public static List<HeldPermission> permissionsAt(String memberId, String unitId, AccessSnapshot s) {
		Member m = s.member(memberId);
		int u = s.unit(unitId);
		List<HeldPermission> held = new ArrayList<>();
		if (m == null || u < 0 || m.status != MemberStatus.ACTIVE) {
			return held;
		}
		for (Permission p : Permission.values()) {
			int source = m.holdsAt(p.bit(), u, s.units());
			if (source >= 0) {
				Assignment a = m.assignments[source];
				RoleDefinition role = m.assignmentRole[source];
				Anchor anchor = role.grants()
					.stream()
					.filter((g) -> g.permission() == p && s.within(u, s.anchored(m.assignmentUnit[source], g.anchor())))
					.map(Grant::anchor)
					.findFirst()
					.orElse(Anchor.ASSIGNED);
				held.add(new HeldPermission(p, a, anchor, s.unitId(s.anchored(m.assignmentUnit[source], anchor))));
			}
		}
		return held;
	}

	/**
	 * The role keys the actor may assign at the unit now (rules 1-3), in catalogue order.
	 */
	public static List<String> assignableRoles(Actor actor, String unitId, AccessSnapshot s) {
		int u = s.unit(unitId);
		List<String> keys = new ArrayList<>();
		if (u < 0) {
			return keys;
		}
		for (RoleDefinition role : s.catalogue().all()) {
			if (assignDenials(actor, role, u, s).isEmpty()) {
				keys.add(role.key());
			}
		}
		return keys;
	}

	/** Why the actor may not assign the role at the unit: empty when they may. */
	public static List<RuleId> whyNotAssignable(Actor actor, String roleKey, String unitId, AccessSnapshot s) {
		int u = s.unit(unitId);
		RoleDefinition role = s.catalogue().find(roleKey).orElse(null);
		if (u < 0 || role == null) {
			return List.of(RuleId.UNKNOWN_REFERENCE);
		}
		return assignDenials(actor, role, u, s);
	}

	// ---- rules 1-3 for one role at one unit ----

	/**
	 * The rules among 1-3 that deny assigning the role at unit u, in rule order; empty =
	 * allowed.
	 */
	private static List<RuleId> assignDenials(Actor actor, RoleDefinition role, int u, AccessSnapshot s) {
		List<RuleId> denials = new ArrayList<>(3);
		if (actor.operator()) {
			if (!role.fits(s.type(u))) {
				denials.add(RuleId.FITS);
			}
			return denials;
		}
		Member a = activeMember(actor, s);
		if (a == null || a.holdsAt(ACCOUNTS_MANAGE, u, s.units()) < 0) {
			denials.add(RuleId.AUTHORITY);
		}
		if (a == null || !assignable(a, role, u, s)) {
			denials.add(RuleId.ASSIGNABLE);
		}
		if (!role.fits(s.type(u))) {
			denials.add(RuleId.FITS);
		}
		return denials;
	}

	/**
	 * Rule 2: R is in the may-assign set of one of A's assignments whose scope contains
	 * u.
	 */
	private static boolean assignable(Member a, RoleDefinition role, int u, AccessSnapshot s) {
		if (role.operatorOnly()) {
			return false;
		}
		for (int i = 0; i < a.assignments.length; i++) {
			if (!s.within(u, a.assignmentUnit[i])) {
				continue;
			}
			RoleDefinition held = a.assignmentRole[i];
			if (held.assignsOwn() ? holdsEveryGrant(a, role, u, s) : held.mayAssign().contains(role.key())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * For {@code own}: A holds every permission of R at every anchor R would grant from
	 * u.
	 */
	private static boolean holdsEveryGrant(Member a, RoleDefinition role, int u, AccessSnapshot s) {
		for (Grant grant : role.grants()) {
			if (a.holdsAt(grant.permission().bit(), s.anchored(u, grant.anchor()), s.units()) < 0) {
				return false;
			}
		}
		return true;
	}

	private static Member activeMember(Actor actor, AccessSnapshot s) {
		Member m = s.member(actor.accountId());
		return (m != null && m.status == MemberStatus.ACTIVE) ? m : null;
	}

	// ---- invitations ----

	private static Decision invite(Invite q, AccessSnapshot s) {
		if (q.roles().isEmpty()) {
			// A member with no roles belongs to the root (rule 6).
			return rootAuthority(q.actor(), s, "invite someone without a role");
		}
		return checkNewRoles(q.actor(), q.roles(), List.of(), s);
	}

	private static Decision rootAuthority(Actor actor, AccessSnapshot s, String what) {
		if (actor.operator()) {
			return Decision.allow("Operators may " + what);
		}
		Member a = activeMember(actor, s);
		if (a == null || a.holdsAt(ACCOUNTS_MANAGE, 0, s.units()) < 0) {
			return Decision.deny(RuleId.AUTHORITY, "Only someone who manages accounts for " + Reasons.place(s, 0)
					+ " may " + what + ". " + Reasons.whoToAsk(s, 0));
		}
		return Decision.allow("accounts.manage at the organisation");
	}

	/**
	 * Rules 1-3 for each role not already held; the first denied role decides the reason.
	 */
	private static Decision checkNewRoles(Actor actor, List<RoleAt> roles, List<Assignment> held, AccessSnapshot s) {
		for (RoleAt r : roles) {
			if (alreadyHeld(r, held)) {
				continue;
			}
			RoleDefinition role = s.catalogue().find(r.roleKey()).orElse(null);
			int u = s.unit(r.unitId());
			if (role == null || u < 0) {
				return Decision.deny(RuleId.UNKNOWN_REFERENCE, "Unknown role " + r.roleKey() + " or unit");
			}
			List<RuleId> denials = assignDenials(actor, role, u, s);
			if (!denials.isEmpty()) {
				return Decision.deny(denials, Reasons.refusal(role, u, denials, s));
			}
		}
		return Decision.allow("Every role may be assigned by you there");
	}

	private static boolean alreadyHeld(RoleAt r, List<Assignment> held) {
		for (Assignment a : held) {
			if (a.roleKey().equals(r.roleKey()) && a.unitId().equals(r.unitId())) {
				return true;
			}
		}
		return false;
	}

	// ---- changes to an existing member ----

	/**
	 * Rule 6: A could have assigned every role B holds; B with none belongs to the root.
	 */
	private static Decision mayTouch(Actor actor, Member b, AccessSnapshot s) {
		if (actor.operator()) {
			return Decision.allow("Operators may change any member");
		}
		if (b.assignments.length == 0) {
			Decision root = rootAuthority(actor, s, "change a member who has no role");
			return root.allowed() ? root
					: Decision.deny(List.of(RuleId.TOUCH_ONLY_WHAT_YOU_COULD_ASSIGN, RuleId.AUTHORITY), root.reason());
		}
		for (int i = 0; i < b.assignments.length; i++) {
			List<RuleId> denials = assignDenials(actor, b.assignmentRole[i], b.assignmentUnit[i], s);
			if (!denials.isEmpty()) {
				List<RuleId> rules = new ArrayList<>();
				rules.add(RuleId.TOUCH_ONLY_WHAT_YOU_COULD_ASSIGN);
				rules.addAll(denials);
				return Decision.deny(rules,
						"You cannot change this member: they have " + Reasons.nameOf(b.assignmentRole[i]) + " "
								+ Reasons.at(s, b.assignmentUnit[i]) + ", which you cannot give. "
								+ Reasons.whoToAsk(s, b.assignmentUnit[i]));
			}
		}
		return Decision.allow("You could have assigned every role this member holds");
	}

	private static Decision change(ChangeMember q, AccessSnapshot s) {
		Member b = s.member(q.memberId());
		if (b == null || q.change() == null) {
			return Decision.deny(RuleId.UNKNOWN_REFERENCE, "Unknown member");
		}
		boolean self = q.actor().accountId().equals(b.id);
		if (self) {
			return (q.change() == AccessRequest.Change.DETAILS)
					? Decision.allow("Anyone may change their own contact details") : Decision.deny(RuleId.NOT_YOURSELF,
							"You cannot change your own access; ask a main account holder");
		}
		Decision touch = mayTouch(q.actor(), b, s);
		if (touch.denied()) {
			return touch;
		}
		boolean endsAccess = q.change() == AccessRequest.Change.DISABLE || q.change() == AccessRequest.Change.REMOVE;
		if (endsAccess && isLastRootAdministrator(b, s)) {
			return Decision.deny(RuleId.NO_LOCK_OUT, RuleId.NO_LOCK_OUT.description());
		}
		return touch;
	}

	private static Decision revoke(Revoke q, AccessSnapshot s) {
		Assignment target = s.assignment(q.assignmentId()).orElse(null);
		if (target == null) {
			return Decision.deny(RuleId.UNKNOWN_REFERENCE, "Unknown assignment");
		}
		List<RoleAt> rest = new ArrayList<>();
		for (Assignment a : s.assignmentsOf(target.memberId())) {
			if (!a.id().equals(target.id())) {
				rest.add(new RoleAt(a.roleKey(), a.unitId()));
			}
		}
		return replace(q.actor(), target.memberId(), rest, s);
	}

	private static Decision replace(Actor actor, String memberId, List<RoleAt> roles, AccessSnapshot s) {
		Member b = s.member(memberId);
		if (b == null) {
			return Decision.deny(RuleId.UNKNOWN_REFERENCE, "Unknown member");
		}
		if (actor.accountId().equals(b.id)) {
			return Decision.deny(RuleId.NOT_YOURSELF, "You cannot change your own roles; ask a main account holder");
		}
		Decision touch = mayTouch(actor, b, s);
		if (touch.denied()) {
			return touch;
		}
		Decision added = checkNewRoles(actor, roles, List.of(b.assignments), s);
		if (added.denied()) {
			return added;
		}
		if (isLastRootAdministrator(b, s) && !grantsRootManage(roles, s)) {
			return Decision.deny(RuleId.NO_LOCK_OUT, RuleId.NO_LOCK_OUT.description());
		}
		return Decision.allow("You may make this change");
	}

	private static List<RoleAt> plus(AccessSnapshot s, String memberId, RoleAt role) {
		List<RoleAt> roles = new ArrayList<>();
		for (Assignment a : s.assignmentsOf(memberId)) {
			roles.add(new RoleAt(a.roleKey(), a.unitId()));
		}
		roles.add(role);
		return roles;
	}

	// ---- rule 7 ----

	private static boolean isLastRootAdministrator(Member b, AccessSnapshot s) {
		return b.isActiveRootAdministrator(s.units()) && s.activeRootAdministrators() <= 1;
	}

	private static boolean grantsRootManage(List<RoleAt> roles, AccessSnapshot s) {
		for (RoleAt r : roles) {
			RoleDefinition role = s.catalogue().find(r.roleKey()).orElse(null);
			int u = s.unit(r.unitId());
			if (role == null || u < 0) {
				continue;
			}
			for (Grant g : role.grants()) {
				if (g.permission() == Permission.ACCOUNTS_MANAGE && s.anchored(u, g.anchor()) == 0) {
					return true;
				}
			}
		}
		return false;
	}

	// ---- rule 5 ----

	private static Decision define(DefineRole q, AccessSnapshot s) {
		RoleDefinition role = q.role();
		if (role.operatorOnly() && !q.actor().operator()) {
			return Decision.deny(RuleId.CLOSED_DELEGATION, "Only operators may define operator-only roles");
		}
		if (!q.actor().operator()) {
			Member a = activeMember(q.actor(), s);
			if (a == null || a.holdsAt(Permission.ROLES_MANAGE.bit(), 0, s.units()) < 0) {
				return Decision.deny(RuleId.AUTHORITY, "Only someone who manages roles for " + Reasons.place(s, 0)
						+ " may define roles. " + Reasons.whoToAsk(s, 0));
			}
			Set<String> missing = new LinkedHashSet<>();
			for (Grant g : role.grants()) {
				// The creator must hold each permission at the root, where a custom role
				// could reach it.
				if (a.holdsAt(g.permission().bit(), 0, s.units()) < 0) {
					missing.add(g.permission().key());
				}
			}
			if (!missing.isEmpty()) {
				return Decision.deny(RuleId.CLOSED_DELEGATION,
						"A custom role may only bundle permissions you hold; you do not hold "
								+ String.join(", ", missing));
			}
			for (String key : role.mayAssign()) {
				RoleDefinition x = s.catalogue().find(key).orElse(null);
				if (x != null && !assignable(a, x, 0, s)) {
					return Decision.deny(RuleId.CLOSED_DELEGATION,
							"A custom role may only assign roles you may assign; you may not assign " + key);
				}
			}
			if (role.assignsOwn()) {
				return Decision.deny(RuleId.CLOSED_DELEGATION, "Only built-in roles may assign by own permissions");
			}
		}
		// Redefining a role, built-in or custom, would change what its holders hold
		// without rules 1-3, 6 and 7.
		if (s.catalogue().find(role.key()).isPresent()) {
			return Decision.deny(RuleId.CLOSED_DELEGATION,
					"A role with this key exists already and cannot be redefined");
		}
		return s.catalogue()
			.with(role)
			.closureProblem()
			.map((problem) -> Decision.deny(RuleId.CLOSED_DELEGATION, "The catalogue would not be closed: " + problem))
			.orElseGet(() -> Decision.allow("The role keeps the catalogue closed"));
	}

}
