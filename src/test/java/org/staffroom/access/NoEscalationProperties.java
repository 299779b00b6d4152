package org.staffroom.access;

import static org.staffroom.access.AccessModelOracle.Kind.ASSIGN;
import static org.staffroom.access.AccessModelOracle.Kind.DISABLE;
import static org.staffroom.access.AccessModelOracle.Kind.EDIT_DETAILS;
import static org.staffroom.access.AccessModelOracle.Kind.ENABLE;
import static org.staffroom.access.AccessModelOracle.Kind.INVITE;
import static org.staffroom.access.AccessModelOracle.Kind.REMOVE;
import static org.staffroom.access.AccessModelOracle.Kind.REPLACE_ROLES;
import static org.staffroom.access.AccessModelOracle.Kind.REVOKE;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.staffroom.access.AccessModelOracle.Kind;
import org.staffroom.access.AccessModelOracle.Role;
import org.staffroom.access.AccessModelOracle.Verdict;
import org.staffroom.access.AccessRequest.Change;

/**
 * The invariant of access-model.md section 4: no member ever holds a permission at a
 * scope unless some chain of assignments, each allowed by rules 1 to 7, starting from an
 * operator or a main account holder, put it there.
 *
 * <p>
 * Random actors (mostly members who manage accounts somewhere, sometimes anyone, now and
 * then the operator) make random requests (invite with roles, assign, revoke, replace
 * roles, edit details, disable, enable, remove, define a custom role; invitees accept) on
 * a random organisation: a trust of a few schools, years and classes, an exam centre, or
 * both templates at once, seeded with its main account holder by the operator. A request
 * changes the in-memory organisation only when the engine allows it, and the snapshot is
 * rebuilt, one version up, after every change. After every step:
 * <ol>
 * <li>(a) the engine agrees with {@link AccessModelOracle}, an independent reading of the
 * text: it allows nothing the text forbids and denies nothing the text allows; the rule
 * it names first is one the text says is broken (and it names it by a stable code, rule
 * 8); for each role asked for, it names exactly the rules among 1 to 3 that the text says
 * are broken; and it agrees on every permission every member holds at every unit;</li>
 * <li>(b) every assignment anyone holds has a provenance chain: made by the operator, or
 * by an actor whom the oracle allowed at that moment, through assignments that actor held
 * then and that have such a chain themselves; and it grants no more now than its role
 * granted then;</li>
 * <li>(c) rule 7: there is always an active member holding accounts.manage at the root
 * (the engine binds the operator to rule 7 too, so there is no exception for them);</li>
 * <li>(d) nobody changed their own assignments or status.</li>
 * </ol>
 * On failure, the message shows the organisation and its last steps, each with both
 * verdicts.
 */
class NoEscalationProperties {

	private static final Actor OPERATOR = Actor.operator("operator@vendor.example");

	@Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
	void noMemberEverHoldsMoreThanAChainOfAllowedAssignmentsGaveThem(@ForAll("organisations") Shape shape,
			@ForAll("steps") List<Step> steps) {
		Organisation org = new Organisation(shape);
		org.checkInvariants();
		for (Step step : steps) {
			org.take(step);
			org.checkInvariants();
		}
		// Meaningful only if every kind of request was both allowed and denied, many
		// times over.
		Statistics.label("requests").coverage((coverage) -> {
			for (String kind : List.of("INVITE", "ASSIGN", "REVOKE", "REPLACE_ROLES", "EDIT_DETAILS", "DISABLE",
					"ENABLE", "REMOVE", "DEFINE_ROLE")) {
				coverage.check(kind, "allowed").count((n) -> n >= 10);
				coverage.check(kind, "denied").count((n) -> n >= 10);
			}
		});
	}

	// ---- generators ----

	/**
	 * The shape of a random organisation: a few schools, years and classes, and its
	 * templates.
	 */
	record Shape(int schools, int yearsPerSchool, int classesPerYear, int classesUnderSchool, List<String> templates) {
	}

	/**
	 * One request, as random picks resolved against the organisation at the time it is
	 * made.
	 */
	record Step(StepKind kind, int actor, int target, int keep, List<Tuple.Tuple2<Integer, Integer>> roles) {
	}

	enum StepKind {

		INVITE, ASSIGN, REVOKE, REPLACE_ROLES, EDIT_DETAILS, DISABLE, ENABLE, REMOVE, ACCEPT_INVITATION, DEFINE_ROLE

	}

	@Provide
	Arbitrary<Shape> organisations() {
		Arbitrary<List<String>> templates = Arbitraries.frequencyOf(
				Tuple.of(6, Arbitraries.just(List.of(RoleCatalogue.SCHOOL_TRUST))),
				Tuple.of(2, Arbitraries.just(List.of(RoleCatalogue.EXAM_CENTRE, RoleCatalogue.SCHOOL_TRUST))),
				Tuple.of(1, Arbitraries.just(List.of(RoleCatalogue.EXAM_CENTRE))));
		return Combinators
			.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 2),
					Arbitraries.integers().between(1, 2), Arbitraries.integers().between(0, 1), templates)
			.as((schools, years, classes, loose, t) -> t.contains(RoleCatalogue.SCHOOL_TRUST)
					? new Shape(schools, years, classes, loose, t) : new Shape(0, 0, 0, 0, t));
	}

	@Provide
	Arbitrary<List<Step>> steps() {
		Arbitrary<StepKind> kinds = Arbitraries.frequency(Tuple.of(5, StepKind.INVITE), Tuple.of(5, StepKind.ASSIGN),
				Tuple.of(2, StepKind.REVOKE), Tuple.of(2, StepKind.REPLACE_ROLES), Tuple.of(1, StepKind.EDIT_DETAILS),
				Tuple.of(2, StepKind.DISABLE), Tuple.of(1, StepKind.ENABLE), Tuple.of(1, StepKind.REMOVE),
				Tuple.of(3, StepKind.ACCEPT_INVITATION), Tuple.of(2, StepKind.DEFINE_ROLE));
		Arbitrary<Integer> pick = Arbitraries.integers().between(0, 9999);
		Arbitrary<List<Tuple.Tuple2<Integer, Integer>>> roles = Combinators.combine(pick, pick)
			.as(Tuple::of)
			.list()
			.ofMaxSize(3);
		Arbitrary<Step> step = Combinators.combine(kinds, Arbitraries.integers().between(0, 99), pick, pick, roles)
			.as(Step::new);
		return step.list().ofMinSize(1).ofMaxSize(40).withSizeDistribution(RandomDistribution.uniform());
	}

	// ---- the organisation, in memory ----

	/**
	 * Where an assignment came from: who made it, when, the assignments that allowed them
	 * to, and what the role granted then.
	 */
	record Provenance(Assignment assignment, int step, Actor grantor, List<Assignment> witnesses, List<Grant> grants) {
	}

	/**
	 * Keys for custom roles; one of them is built in, so that redefining a built-in role
	 * is tried too.
	 */
	private static final List<String> CUSTOM_KEYS = List.of("deputy", "pastoral-lead", "teacher");

	static final class Organisation {

		private final List<String> templates;

		private final Map<String, Role> roles;

		private RoleCatalogue catalogue;

		private final Map<String, String> parentOf = new LinkedHashMap<>();

		private final Map<String, UnitType> typeOf = new LinkedHashMap<>();

		private final Map<String, MemberStatus> statusOf = new LinkedHashMap<>();

		private final List<Assignment> assignments = new ArrayList<>();

		private final Map<String, Provenance> provenance = new HashMap<>();

		private final List<String> log = new ArrayList<>();

		private final String mainAccountHolder = "main";

		private long version;

		private int step;

		private int nextMember;

		private int nextAssignment;

		private AccessSnapshot snapshot;

		private AccessModelOracle oracle;

		/** After the step just taken: the member whose access it changed, and by whom. */
		private String changedMember;

		private Actor changedBy;

		Organisation(Shape shape) {
			this.templates = shape.templates();
			this.roles = new LinkedHashMap<>(AccessModelOracle.rolesOf(this.templates));
			this.catalogue = RoleCatalogue.builtIn(this.templates);
			unit("root", null, UnitType.ORGANISATION);
			for (int s = 1; s <= shape.schools(); s++) {
				String school = unit("school-" + s, "root", UnitType.SCHOOL);
				for (int y = 1; y <= shape.yearsPerSchool(); y++) {
					String year = unit(school + "/year-" + (6 + y), school, UnitType.YEAR);
					for (int c = 1; c <= shape.classesPerYear(); c++) {
						unit(year + "/class-" + c, year, UnitType.CLASS);
					}
				}
				for (int c = 1; c <= shape.classesUnderSchool(); c++) {
					unit(school + "/mixed-class-" + c, school, UnitType.CLASS);
				}
			}
			// The operator creates the organisation and names its main account holder.
			this.statusOf.put(this.mainAccountHolder, MemberStatus.ACTIVE);
			record(new RoleAt(RoleCatalogue.topRole(this.templates), "root"), this.mainAccountHolder, OPERATOR,
					List.of());
			this.log.add("0: " + shape + "; the operator makes " + this.mainAccountHolder + " "
					+ RoleCatalogue.topRole(this.templates) + " at root");
			rebuild();
		}

		private String unit(String id, String parent, UnitType type) {
			this.parentOf.put(id, parent);
			this.typeOf.put(id, type);
			return id;
		}

		private void rebuild() {
			AccessSnapshot.Builder b = AccessSnapshot.builder("org", ++this.version, this.catalogue);
			this.typeOf.forEach((id, type) -> b.unit(id, this.parentOf.get(id), type, id));
			this.statusOf
				.forEach((id, status) -> b.member(id, status, id.equals(this.mainAccountHolder), id + "@example.org"));
			this.assignments.forEach((a) -> b.assignment(a.id(), a.memberId(), a.roleKey(), a.unitId()));
			this.snapshot = b.build();
			this.oracle = new AccessModelOracle(Map.copyOf(this.roles),
					new AccessModelOracle.State("root", Map.copyOf(nonNullParents()), Map.copyOf(this.typeOf),
							Map.copyOf(this.statusOf), List.copyOf(this.assignments)));
		}

		private Map<String, String> nonNullParents() {
			Map<String, String> parents = new HashMap<>();
			this.parentOf.forEach((id, parent) -> {
				if (parent != null) {
					parents.put(id, parent);
				}
			});
			return parents;
		}

		private Assignment record(RoleAt role, String member, Actor grantor, List<Assignment> witnesses) {
			Assignment a = new Assignment("a" + (++this.nextAssignment), member, role.roleKey(), role.unitId());
			this.assignments.add(a);
			List<Grant> grants = this.roles.get(role.roleKey()).grants();
			this.provenance.put(a.id(), new Provenance(a, this.step, grantor, List.copyOf(witnesses), grants));
			return a;
		}

		// ---- taking one step ----

		void take(Step s) {
			this.step++;
			this.changedMember = null;
			this.changedBy = null;
			List<String> members = new ArrayList<>(this.statusOf.keySet());
			if (s.kind() == StepKind.ACCEPT_INVITATION) {
				// Not a decision of the engine: the invitee follows their link.
				List<String> invited = members.stream()
					.filter((m) -> this.statusOf.get(m) == MemberStatus.INVITED)
					.toList();
				if (!invited.isEmpty()) {
					String m = invited.get(s.target() % invited.size());
					this.statusOf.put(m, MemberStatus.ACTIVE);
					this.log.add(this.step + ": " + m + " accepts the invitation");
					rebuild();
				}
				return;
			}
			Actor actor = actor(s.actor(), members);
			if (s.kind() == StepKind.DEFINE_ROLE) {
				define(actor, s);
				return;
			}
			String target = members.get(s.target() % members.size());
			List<RoleAt> asked = new ArrayList<>();
			for (Tuple.Tuple2<Integer, Integer> pick : s.roles()) {
				asked.add(roleAt(pick.get1(), pick.get2()));
			}
			switch (s.kind()) {
				case INVITE -> decide(actor, INVITE, null, asked, new AccessRequest.Invite(actor, asked));
				case ASSIGN -> {
					RoleAt role = asked.isEmpty() ? roleAt(s.keep(), s.target()) : asked.get(0);
					decide(actor, ASSIGN, target, List.of(role), new AccessRequest.Assign(actor, target, role));
				}
				case REVOKE -> {
					if (this.assignments.isEmpty()) {
						return;
					}
					Assignment a = this.assignments.get(s.target() % this.assignments.size());
					List<RoleAt> rest = new ArrayList<>();
					for (Assignment other : this.oracle.assignmentsOf(a.memberId())) {
						if (!other.id().equals(a.id())) {
							rest.add(new RoleAt(other.roleKey(), other.unitId()));
						}
					}
					decide(actor, REVOKE, a.memberId(), rest, new AccessRequest.Revoke(actor, a.id()), a);
				}
				case REPLACE_ROLES -> {
					List<RoleAt> replacement = new ArrayList<>();
					List<Assignment> held = this.oracle.assignmentsOf(target);
					for (int i = 0; i < held.size(); i++) {
						if ((s.keep() & (1 << i)) != 0) {
							replacement.add(new RoleAt(held.get(i).roleKey(), held.get(i).unitId()));
						}
					}
					replacement.addAll(asked);
					decide(actor, REPLACE_ROLES, target, replacement,
							new AccessRequest.ReplaceRoles(actor, target, replacement));
				}
				case EDIT_DETAILS -> decide(actor, EDIT_DETAILS, target, List.of(),
						new AccessRequest.ChangeMember(actor, target, Change.DETAILS));
				case DISABLE -> decide(actor, DISABLE, target, List.of(),
						new AccessRequest.ChangeMember(actor, target, Change.DISABLE));
				case ENABLE -> decide(actor, ENABLE, target, List.of(),
						new AccessRequest.ChangeMember(actor, target, Change.ENABLE));
				case REMOVE -> decide(actor, REMOVE, target, List.of(),
						new AccessRequest.ChangeMember(actor, target, Change.REMOVE));
				default -> throw new IllegalStateException();
			}
		}

		/**
		 * Mostly someone who manages accounts somewhere, sometimes anyone, now and then
		 * the operator.
		 */
		private Actor actor(int pick, List<String> members) {
			if (pick < 10) {
				return OPERATOR;
			}
			List<String> pool = members;
			if (pick < 60) {
				List<String> managers = new ArrayList<>();
				for (String m : members) {
					for (String u : this.typeOf.keySet()) {
						if (this.oracle.holds(m, Permission.ACCOUNTS_MANAGE, u)) {
							managers.add(m);
							break;
						}
					}
				}
				pool = managers.isEmpty() ? members : managers;
			}
			return Actor.member(pool.get(pick % pool.size()));
		}

		/**
		 * A role, and mostly a unit where it fits (else rule 3 would deny nearly
		 * everything).
		 */
		private RoleAt roleAt(int rolePick, int unitPick) {
			List<Role> all = new ArrayList<>(this.roles.values());
			List<Role> custom = all.stream()
				.filter((r) -> CUSTOM_KEYS.contains(r.key()) && !r.key().equals("teacher"))
				.toList();
			// Custom roles, once defined, are asked for as often as all the built-in ones
			// together.
			Role role = (!custom.isEmpty() && rolePick % 2 == 0) ? custom.get((rolePick / 2) % custom.size())
					: all.get(rolePick % all.size());
			List<String> units = new ArrayList<>(this.typeOf.keySet());
			if (unitPick % 4 != 0) {
				List<String> fitting = units.stream().filter((u) -> role.fits().contains(this.typeOf.get(u))).toList();
				if (!fitting.isEmpty()) {
					units = fitting;
				}
			}
			return new RoleAt(role.key(), units.get((unitPick / 4) % units.size()));
		}

		/**
		 * A random custom role: a key, where it fits, a few permissions at anchors, maybe
		 * roles it may assign.
		 */
		private void define(Actor actor, Step s) {
			String key = CUSTOM_KEYS.get(s.target() % CUSTOM_KEYS.size());
			Set<UnitType> fits = EnumSet.noneOf(UnitType.class);
			for (UnitType type : UnitType.values()) {
				if ((s.keep() & (1 << type.ordinal())) != 0) {
					fits.add(type);
				}
			}
			if (fits.isEmpty()) {
				fits.add(UnitType.SCHOOL);
			}
			List<Grant> grants = new ArrayList<>();
			for (Tuple.Tuple2<Integer, Integer> pick : s.roles()) {
				grants.add(Grant.at(Anchor.values()[pick.get2() % Anchor.values().length],
						Permission.values()[pick.get1() % Permission.values().length]));
			}
			if (grants.isEmpty()) {
				grants.add(Grant.at(Anchor.ASSIGNED, Permission.RESULTS_SUMMARY));
			}
			Set<String> mayAssign = new java.util.TreeSet<>();
			List<String> candidates = new ArrayList<>(this.roles.keySet());
			CUSTOM_KEYS.stream().filter((k) -> !candidates.contains(k)).forEach(candidates::add);
			int choice = s.keep() >> 4;
			if (choice % 3 != 0) {
				for (int i = 0; i < candidates.size(); i++) {
					if ((choice & (1 << (i + 2))) != 0) {
						mayAssign.add(candidates.get(i));
					}
				}
				if (choice % 3 == 1) {
					// Close the set downwards, as a careful administrator would: what it
					// lists may assign, it may too.
					for (boolean grew = true; grew;) {
						grew = false;
						for (String x : List.copyOf(mayAssign)) {
							Role listed = this.roles.get(x);
							if (listed != null && !listed.own()) {
								grew |= mayAssign.addAll(listed.mayAssign());
							}
						}
					}
				}
			}
			Role asOracleSees = new Role(key, fits, grants, mayAssign, false, false);
			RoleDefinition asEngineSees = new RoleDefinition(key, key, "A custom role", fits, grants, mayAssign, false,
					false);
			Decision engine = AccessPolicy.decide(new AccessRequest.DefineRole(actor, asEngineSees), this.snapshot);
			Set<Integer> broken = this.oracle.mayDefine(actor, asOracleSees);
			String what = this.step + ": " + who(actor) + " DEFINE_ROLE " + asOracleSees;
			compare(what, "DEFINE_ROLE", engine, broken);
			if (engine.allowed()) {
				this.catalogue = this.catalogue.with(asEngineSees);
				this.roles.put(key, asOracleSees);
				rebuild();
			}
		}

		private void decide(Actor actor, Kind kind, String member, List<RoleAt> roles, AccessRequest request) {
			decide(actor, kind, member, roles, request, null);
		}

		private void decide(Actor actor, Kind kind, String member, List<RoleAt> roles, AccessRequest request,
				Assignment revoked) {
			Decision engine = AccessPolicy.decide(request, this.snapshot);
			Verdict oracle = this.oracle.decide(actor, kind, member, roles);
			String what = this.step + ": " + who(actor) + " " + kind + " " + (member != null ? member + " " : "")
					+ (revoked != null ? revoked : roles);
			compare(what, kind.name(), engine, oracle.broken());
			// Rules 1 to 3 one role at a time: the engine names exactly the rules the
			// text says are broken.
			for (RoleAt r : roles) {
				Set<Integer> byEngine = new java.util.TreeSet<>();
				AccessPolicy.whyNotAssignable(actor, r.roleKey(), r.unitId(), this.snapshot)
					.forEach((rule) -> byEngine.add(ruleNumber(rule)));
				Set<Integer> byText = this.oracle.mayAssign(actor, r.roleKey(), r.unitId(), new ArrayList<>());
				if (!byEngine.equals(byText)) {
					fail("(a) for " + who(actor) + " assigning " + r + ", the engine names rules " + byEngine
							+ " but by the text rules " + byText + " are broken");
				}
			}
			if (engine.denied()) {
				return;
			}
			apply(actor, kind, member, roles, revoked, oracle);
			rebuild();
		}

		/**
		 * (a) The engine and the oracle agree, both ways, and on the rule a denial names
		 * first.
		 */
		private void compare(String what, String kind, Decision engine, Set<Integer> broken) {
			this.log.add(what + " -> engine " + (engine.allowed() ? "allows" : "denies " + engine.rules()) + ", oracle "
					+ (broken.isEmpty() ? "allows" : "denies by rules " + broken));
			Statistics.label("requests").collect(kind, engine.allowed() ? "allowed" : "denied");
			if (engine.allowed() && !broken.isEmpty()) {
				fail("(a) the engine allowed what rules " + broken + " of access-model.md forbid");
			}
			if (engine.denied() && broken.isEmpty()) {
				fail("(a) the engine denied by " + engine.rules() + " what access-model.md allows");
			}
			if (engine.denied()) {
				// Rule 8: a denial names its rule by a stable code, and grants nothing.
				if (engine.rules().isEmpty() || engine.code() == null || engine.grantedBy() != null) {
					fail("rule 8: a denial must name a rule by its code and grant nothing: " + engine);
				}
				int first = ruleNumber(engine.primaryRule());
				if (!broken.contains(first)) {
					fail("(a) the engine denied by rule " + first + " (" + engine.primaryRule().code()
							+ "), but by the text only rules " + broken + " are broken");
				}
			}
		}

		private void apply(Actor actor, Kind kind, String member, List<RoleAt> roles, Assignment revoked,
				Verdict verdict) {
			switch (kind) {
				case INVITE -> {
					String invitee = "m" + (++this.nextMember);
					this.statusOf.put(invitee, MemberStatus.INVITED);
					for (RoleAt r : new java.util.LinkedHashSet<>(roles)) {
						record(r, invitee, actor, verdict.witnesses().get(r));
					}
				}
				case ASSIGN -> {
					RoleAt r = roles.get(0);
					if (!holdsAssignment(member, r)) {
						record(r, member, actor, verdict.witnesses().get(r));
						changed(member, actor);
					}
				}
				case REVOKE -> {
					this.assignments.remove(revoked);
					changed(member, actor);
				}
				case REPLACE_ROLES -> {
					Set<RoleAt> wanted = new java.util.LinkedHashSet<>(roles);
					List<Assignment> kept = new ArrayList<>();
					for (Assignment a : this.oracle.assignmentsOf(member)) {
						RoleAt r = new RoleAt(a.roleKey(), a.unitId());
						if (wanted.remove(r)) {
							kept.add(a);
						}
						else {
							this.assignments.remove(a);
						}
					}
					for (RoleAt r : wanted) {
						record(r, member, actor, verdict.witnesses().get(r));
					}
					changed(member, actor);
				}
				case EDIT_DETAILS -> {
					// Contact details only: no access changes.
				}
				case DISABLE -> {
					this.statusOf.put(member, MemberStatus.DISABLED);
					changed(member, actor);
				}
				case ENABLE -> {
					if (this.statusOf.get(member) == MemberStatus.DISABLED) {
						this.statusOf.put(member, MemberStatus.ACTIVE);
					}
					changed(member, actor);
				}
				case REMOVE -> {
					this.statusOf.remove(member);
					this.assignments.removeIf((a) -> a.memberId().equals(member));
					changed(member, actor);
				}
			}
		}

		private boolean holdsAssignment(String member, RoleAt r) {
			return this.assignments.stream()
				.anyMatch((a) -> a.memberId().equals(member) && a.roleKey().equals(r.roleKey())
						&& a.unitId().equals(r.unitId()));
		}

		private void changed(String member, Actor actor) {
			this.changedMember = member;
			this.changedBy = actor;
		}

		// ---- the invariants ----

		void checkInvariants() {
			// (b) Every assignment held has a chain of allowed assignments back to the
			// operator.
			for (Assignment a : this.assignments) {
				chainToOperator(a, new ArrayList<>());
				// ... and grants no more than its role granted when that chain allowed
				// it.
				List<Grant> then = this.provenance.get(a.id()).grants();
				List<Grant> now = this.roles.get(a.roleKey()).grants();
				if (!then.containsAll(now)) {
					fail("(b) " + a + " grants " + now + " now, but only " + then + " when it was assigned");
				}
			}
			// (a) and (b), permission by permission: the engine and the oracle agree on
			// what everyone holds, and whatever the engine says grants a permission is an
			// assignment with such a chain.
			Set<String> current = new java.util.HashSet<>();
			this.assignments.forEach((a) -> current.add(a.id()));
			for (String member : this.statusOf.keySet()) {
				for (String unit : this.typeOf.keySet()) {
					Set<Permission> byEngine = EnumSet.noneOf(Permission.class);
					for (HeldPermission held : AccessPolicy.permissionsAt(member, unit, this.snapshot)) {
						byEngine.add(held.permission());
						if (!current.contains(held.grantedBy().id()) || !held.grantedBy().memberId().equals(member)) {
							fail("(b) " + member + " holds " + held.permission().key() + " at " + unit
									+ " through an assignment they do not have: " + held.grantedBy());
						}
					}
					Set<Permission> byText = this.oracle.permissionsAt(member, unit);
					if (!byEngine.equals(byText)) {
						fail("(a) at " + unit + ", the engine says " + member + " holds " + byEngine
								+ " but by the text they hold " + byText);
					}
				}
			}
			// (c) Rule 7: there is always an active member holding accounts.manage at the
			// root.
			if (this.oracle.rootAdministrators().isEmpty()) {
				fail("(c) nobody active holds accounts.manage at the root any more");
			}
			if (this.snapshot.activeRootAdministrators() != this.oracle.rootAdministrators().size()) {
				fail("(c) the snapshot counts " + this.snapshot.activeRootAdministrators()
						+ " root administrators, the text " + this.oracle.rootAdministrators());
			}
			// (d) Nobody changed their own assignments or status.
			if (this.changedMember != null && !this.changedBy.operator()
					&& this.changedBy.accountId().equals(this.changedMember)) {
				fail("(d) " + this.changedMember + " changed their own access");
			}
		}

		/**
		 * Follows "who granted it" from the assignment back to the operator; fails if the
		 * chain breaks.
		 */
		private List<String> chainToOperator(Assignment a, List<String> path) {
			Provenance p = this.provenance.get(a.id());
			path.add(a.roleKey() + "@" + a.unitId() + " of " + a.memberId() + " (step " + (p == null ? "?" : p.step())
					+ ")");
			if (p == null) {
				fail("(b) " + a + " has no recorded provenance: " + path);
			}
			if (p.grantor().operator()) {
				return path;
			}
			if (p.witnesses() == null || p.witnesses().isEmpty()) {
				fail("(b) " + a + " was made by " + p.grantor().accountId()
						+ " without any assignment that allowed it: " + path);
			}
			for (Assignment w : p.witnesses()) {
				Provenance behind = this.provenance.get(w.id());
				if (behind == null || behind.step() >= p.step() || !w.memberId().equals(p.grantor().accountId())) {
					fail("(b) " + a + " was allowed by assignments that " + p.grantor().accountId()
							+ " did not hold before: " + path);
				}
			}
			for (Assignment w : p.witnesses()) {
				chainToOperator(w, new ArrayList<>(path));
			}
			return path;
		}

		private static int ruleNumber(RuleId rule) {
			return switch (rule) {
				case AUTHORITY -> 1;
				case ASSIGNABLE -> 2;
				case FITS -> 3;
				case NOT_YOURSELF -> 4;
				case CLOSED_DELEGATION -> 5;
				case TOUCH_ONLY_WHAT_YOU_COULD_ASSIGN -> 6;
				case NO_LOCK_OUT -> 7;
				default -> -1;
			};
		}

		private static String who(Actor actor) {
			return actor.operator() ? "the operator" : actor.accountId();
		}

		private void fail(String message) {
			List<String> tail = this.log.subList(Math.max(0, this.log.size() - 25), this.log.size());
			throw new AssertionError(message + "\n  state: members " + this.statusOf + "\n  assignments "
					+ this.assignments + "\n  steps:\n    " + String.join("\n    ", tail));
		}

	}

}
