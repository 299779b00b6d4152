package org.staffroom.grants;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.staffroom.access.AccessPolicy;
import org.staffroom.access.Reasons;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Actor;
import org.staffroom.access.Assignment;
import org.staffroom.access.Permission;
import org.staffroom.access.RoleDefinition;
import org.staffroom.access.RuleId;
import org.staffroom.organisations.UnitTree;
import org.staffroom.system.security.SignedIn;

/**
 * Which roles a person may give, and where, as the invite and member pages offer them:
 * the engine's {@link AccessPolicy#assignableRoles} at each unit in use. A role the
 * person may give nowhere is held back, with why in words: the role, the place, and who
 * to ask.
 */
public final class RoleChoices {

	/** A role the person may give, and the units where they may give it (tree order). */
	public record Offered(RoleDefinition role, List<UnitTree.Node> units) {

		public String key() {
			return this.role.key();
		}

	}

	/** A role the person may not give anywhere, and why, in words. */
	public record HeldBack(RoleDefinition role, String reason) {
	}

	private final AccessSnapshot snapshot;

	private final UnitTree tree;

	private final Actor actor;

	private final List<Offered> offered;

	private final List<HeldBack> heldBack;

	private final List<UnitTree.Node> places;

	private RoleChoices(AccessSnapshot snapshot, UnitTree tree, Actor actor) {
		this.snapshot = snapshot;
		this.tree = tree;
		this.actor = actor;
		List<UnitTree.Node> live = tree.live().stream().filter((n) -> snapshot.hasUnit(n.id())).toList();
		List<List<String>> assignable = new ArrayList<>();
		for (UnitTree.Node node : live) {
			assignable.add(AccessPolicy.assignableRoles(actor, node.id(), snapshot));
		}
		List<Offered> offered = new ArrayList<>();
		List<HeldBack> heldBack = new ArrayList<>();
		Set<UnitTree.Node> places = new LinkedHashSet<>();
		for (RoleDefinition role : snapshot.catalogue().all()) {
			List<UnitTree.Node> units = new ArrayList<>();
			for (int i = 0; i < live.size(); i++) {
				if (assignable.get(i).contains(role.key())) {
					units.add(live.get(i));
				}
			}
			if (units.isEmpty()) {
				heldBack.add(new HeldBack(role, reason(role, live)));
			}
			else {
				offered.add(new Offered(role, units));
				places.addAll(units);
			}
		}
		this.offered = List.copyOf(offered);
		this.heldBack = List.copyOf(heldBack);
		this.places = live.stream().filter(places::contains).toList();
	}

	/** The choices of the signed-in person in this organisation. */
	public static RoleChoices of(SignedIn me, AccessSnapshot snapshot, UnitTree tree) {
		return new RoleChoices(snapshot, tree, new Actor(me.accountId(), me.operator()));
	}

	public List<Offered> offered() {
		return this.offered;
	}

	public List<HeldBack> heldBack() {
		return this.heldBack;
	}

	/** Every unit where the person may give at least one role, in tree order. */
	public List<UnitTree.Node> places() {
		return this.places;
	}

	public Optional<RoleDefinition> role(String key) {
		return this.snapshot.catalogue().find(key);
	}

	/** The role's name, or its key for a role the catalogue no longer has. */
	public String roleName(String key) {
		return role(key).map(RoleDefinition::name).orElse(key);
	}

	/** The unit's name as people read it. */
	public String unitLabel(String unitId) {
		return this.tree.label(unitId);
	}

	/**
	 * Why the person may not give the role at the unit, in the engine's words (the role,
	 * the place, and who to ask); empty when they may.
	 */
	public Optional<String> whyNot(String roleKey, String unitId) {
		RoleDefinition role = role(roleKey).orElse(null);
		if (role == null) {
			return Optional.of("There is no role called " + roleKey + " here");
		}
		if (unitId == null || !this.snapshot.hasUnit(unitId)
				|| this.tree.find(unitId).map(UnitTree.Node::archived).orElse(true)) {
			return Optional.of("Choose a school, year or class that is in use");
		}
		List<RuleId> denials = AccessPolicy.whyNotAssignable(this.actor, roleKey, unitId, this.snapshot);
		if (denials.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(Reasons.refusal(role, unitId, denials, this.snapshot));
	}

	/**
	 * Why the person may invite nobody, as the Invite staff page refuses at once: they
	 * may give no role anywhere, nor invite someone without one. Empty when they may
	 * invite.
	 */
	public Optional<String> whyNoInvitations() {
		if (!this.offered.isEmpty() || this.actor.operator()
				|| AccessPolicy.decide(new AccessRequest.Invite(this.actor, List.of()), this.snapshot).allowed()) {
			return Optional.empty();
		}
		List<String> managed = this.snapshot.scopesOf(this.actor.accountId(), Permission.ACCOUNTS_MANAGE);
		String why = managed.isEmpty() ? "none of your roles lets you give anyone access"
				: "none of your roles lets you give a role " + where(managed);
		return Optional.of("You cannot invite staff: " + why + ". " + whoToAsk(managed));
	}

	/**
	 * Whether the role may be given at that unit's type at all (rule 3), whoever gives
	 * it.
	 */
	public boolean fits(String roleKey, String unitId) {
		return role(roleKey).map((r) -> this.snapshot.unitType(unitId).map(r::fits).orElse(false)).orElse(false);
	}

	/**
	 * The units where the person may give this role; every place they may give any role
	 * when it is not offered.
	 */
	public List<UnitTree.Node> placesFor(String roleKey) {
		return this.offered.stream()
			.filter((o) -> o.key().equals(roleKey))
			.map(Offered::units)
			.findFirst()
			.orElse(this.places);
	}

	/** Where a role may be given, in words: "a school", "a year or a class". */
	public static String types(RoleDefinition role) {
		return Reasons.kindsOfPlace(role);
	}

	/**
	 * Why a role the person may give nowhere is held back: the role, the places, and who
	 * to ask.
	 */
	private String reason(RoleDefinition role, List<UnitTree.Node> live) {
		List<UnitTree.Node> fitting = live.stream().filter((n) -> role.fits(n.type())).toList();
		if (fitting.isEmpty()) {
			return Reasons.nameOf(role) + " is given at " + types(role)
					+ ", and this organisation has none in use yet.";
		}
		if (role.operatorOnly()) {
			return "Only Staffroom's operators give " + Reasons.nameOf(role) + ".";
		}
		List<String> managed = this.snapshot.scopesOf(this.actor.accountId(), Permission.ACCOUNTS_MANAGE);
		for (UnitTree.Node node : fitting) {
			if (!AccessPolicy.whyNotAssignable(this.actor, role.key(), node.id(), this.snapshot)
				.contains(RuleId.AUTHORITY)) {
				// The telling reason: where they manage accounts, none of their roles may
				// give it.
				return "None of your roles lets you give " + Reasons.nameOf(role) + " " + where(managed) + ". "
						+ whoToAsk(managed);
			}
		}
		boolean onlyAtTheTop = fitting.stream().allMatch(UnitTree.Node::root);
		return Reasons.nameOf(role) + " is given at " + types(role) + ", and you do not manage accounts "
				+ (onlyAtTheTop ? Reasons.at(this.snapshot, this.snapshot.rootUnitId()) : "at any of them") + ". "
				+ (onlyAtTheTop ? Reasons.whoToAsk(this.snapshot, List.of()) : whoToAsk(managed));
	}

	/**
	 * Where the person manages accounts: "anywhere in Oak Trust", "at Oak", "at Oak or
	 * Elm".
	 */
	private String where(List<String> managed) {
		if (managed.contains(this.snapshot.rootUnitId())) {
			return "anywhere in " + this.snapshot.unitName(this.snapshot.rootUnitId()).orElse("this organisation");
		}
		if (managed.size() == 1) {
			return Reasons.at(this.snapshot, managed.get(0));
		}
		return "at " + Reasons.either(managed.stream().map((u) -> Reasons.place(this.snapshot, u)).toList());
	}

	/**
	 * Who to ask: about where they manage accounts, or else about where their own roles
	 * are.
	 */
	private String whoToAsk(List<String> managed) {
		if (!managed.isEmpty()) {
			return Reasons.whoToAsk(this.snapshot, managed);
		}
		return Reasons.whoToAsk(this.snapshot,
				this.snapshot.assignmentsOf(this.actor.accountId()).stream().map(Assignment::unitId).toList());
	}

}
