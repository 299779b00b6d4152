package org.staffroom.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.staffroom.access.AccessRequest.Assign;
import org.staffroom.access.AccessRequest.Change;
import org.staffroom.access.AccessRequest.ChangeMember;
import org.staffroom.access.AccessRequest.DefineRole;
import org.staffroom.access.AccessRequest.HoldsPermission;
import org.staffroom.access.AccessRequest.Invite;
import org.staffroom.access.AccessRequest.ReplaceRoles;
import org.staffroom.access.AccessRequest.Revoke;

/**
 * Test fixture: one organisation as the guides describe it. A trust of schools, each with
 * years and classes ({@code aTrust().withSchools(2)}), or an exam centre with no units
 * below the root ({@code anExamCentre()}). Either way it starts with its main account
 * holder, put there by the operator. Staff are added with {@link #add(Staff)}:
 * {@code trust.add(aTeacher().of(class7B))}.
 *
 * <p>
 * Every question goes to the engine through a freshly built {@link AccessSnapshot}; the
 * fixture itself decides nothing.
 */
final class Trust {

	static final Actor OPERATOR = Actor.operator("operator@vendor.example");

	private static final String[] SCHOOL_NAMES = { "Oakfield", "Riverside", "Hillcrest", "Meadowbank", "Ashgrove" };

	private final String organisationId;

	private final List<String> templates;

	private final Map<String, Unit> units = new LinkedHashMap<>();

	private final Map<String, Member> members = new LinkedHashMap<>();

	private final List<Assignment> assignments = new ArrayList<>();

	private final List<RoleDefinition> customRoles = new ArrayList<>();

	private final Member mainAccountHolder;

	private long version;

	private int nextAssignment;

	private AccessSnapshot snapshot;

	private Trust(String organisationId, List<String> templates) {
		this.organisationId = organisationId;
		this.templates = List.copyOf(templates);
		addUnit(new Unit(this, "root", null, UnitType.ORGANISATION, organisationId));
		this.mainAccountHolder = add(Staff.aMember()
			.named("main-account-holder")
			.mainAccountHolder()
			.withRole(RoleCatalogue.topRole(templates), root()));
	}

	// ---- building ----

	/**
	 * A school trust using the school-trust template:
	 * {@code aTrust().withSchools(2).build()}.
	 */
	static Shape aTrust() {
		return new Shape("Northern Schools Trust", List.of(RoleCatalogue.SCHOOL_TRUST));
	}

	/** An exam centre: the exam-centre template and no units below the root. */
	static Trust anExamCentre() {
		return new Shape("Riverside Exam Centre", List.of(RoleCatalogue.EXAM_CENTRE)).build();
	}

	/**
	 * The shape of a trust: how many schools, which years, how many classes in each year.
	 */
	static final class Shape {

		private final String name;

		private List<String> templates;

		private int schools = 1;

		private int[] years = { 7, 8 };

		private int classesPerYear = 2;

		private Shape(String name, List<String> templates) {
			this.name = name;
			this.templates = templates;
		}

		Shape withSchools(int schools) {
			this.schools = schools;
			return this;
		}

		Shape withYears(int... years) {
			this.years = years;
			return this;
		}

		Shape withClassesPerYear(int classes) {
			this.classesPerYear = classes;
			return this;
		}

		/** Both templates: the exam-centre profiles as well as the school-trust roles. */
		Shape withBothTemplates() {
			this.templates = List.of(RoleCatalogue.EXAM_CENTRE, RoleCatalogue.SCHOOL_TRUST);
			return this;
		}

		Trust build() {
			Trust trust = new Trust(this.name, this.templates);
			for (int s = 1; s <= this.schools; s++) {
				String schoolName = (s <= SCHOOL_NAMES.length) ? SCHOOL_NAMES[s - 1] : "School " + s;
				Unit school = trust.addUnit(new Unit(trust, "school-" + s, "root", UnitType.SCHOOL, schoolName));
				for (int year : this.years) {
					Unit y = trust.addUnit(new Unit(trust, school.id() + "/year-" + year, school.id(), UnitType.YEAR,
							schoolName + " Year " + year));
					for (int c = 0; c < this.classesPerYear; c++) {
						String label = year + String.valueOf((char) ('A' + c));
						trust.addUnit(new Unit(trust, school.id() + "/" + label, y.id(), UnitType.CLASS,
								schoolName + " " + label));
					}
				}
			}
			return trust;
		}

	}

	private Unit addUnit(Unit unit) {
		this.units.put(unit.id(), unit);
		this.snapshot = null;
		return unit;
	}

	/** Adds a custom role to the catalogue, as if it had been defined earlier. */
	Trust withCustomRole(RoleDefinition role) {
		this.customRoles.add(role);
		this.snapshot = null;
		return this;
	}

	/**
	 * Adds a member with the staff's roles, as the operator or an earlier import would
	 * have.
	 */
	Member add(Staff staff) {
		String id = (staff.name() != null) ? staff.name() : "member-" + (this.members.size() + 1);
		if (this.members.containsKey(id)) {
			throw new IllegalArgumentException("two members named " + id);
		}
		Member member = new Member(id, staff.status(), staff.isMainAccountHolder());
		this.members.put(id, member);
		List<RoleAt> roles = new ArrayList<>(staff.roles());
		staff.profiles().forEach((profile) -> roles.add(new RoleAt(profile, "root")));
		for (RoleAt role : roles) {
			this.assignments
				.add(new Assignment("assignment-" + (++this.nextAssignment), id, role.roleKey(), role.unitId()));
		}
		this.snapshot = null;
		return member;
	}

	// ---- reading ----

	Unit root() {
		return this.units.get("root");
	}

	/** The n-th school, counting from 1. */
	Unit school(int n) {
		return unit("school-" + n);
	}

	Unit unit(String id) {
		Unit unit = this.units.get(id);
		if (unit == null) {
			throw new IllegalArgumentException("no unit " + id);
		}
		return unit;
	}

	Member mainAccountHolder() {
		return this.mainAccountHolder;
	}

	/**
	 * The engine's picture of the organisation now; rebuilt, with the next version, after
	 * any change.
	 */
	AccessSnapshot snapshot() {
		if (this.snapshot == null) {
			RoleCatalogue catalogue = RoleCatalogue.builtIn(this.templates);
			for (RoleDefinition role : this.customRoles) {
				catalogue = catalogue.with(role);
			}
			AccessSnapshot.Builder b = AccessSnapshot.builder(this.organisationId, ++this.version, catalogue);
			this.units.values().forEach((u) -> b.unit(u.id(), u.parentId(), u.type(), u.name()));
			this.members.values()
				.forEach((m) -> b.member(m.id(), m.status(), m.mainAccountHolder(), m.id() + "@school.example"));
			this.assignments.forEach((a) -> b.assignment(a.id(), a.memberId(), a.roleKey(), a.unitId()));
			this.snapshot = b.build();
		}
		return this.snapshot;
	}

	/** The assignment of this role at this unit that the member holds. */
	Assignment assignmentOf(Member member, String roleKey, Unit unit) {
		return this.assignments.stream()
			.filter((a) -> a.memberId().equals(member.id()) && a.roleKey().equals(roleKey)
					&& a.unitId().equals(unit.id()))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(member.id() + " does not hold " + roleKey + " at " + unit));
	}

	// ---- asking ----

	/** Does the member hold the permission at the unit? (The check API.) */
	Decision holds(Member member, Permission permission, Unit unit) {
		return AccessPolicy.decide(new HoldsPermission(member.id(), permission, unit.id()), snapshot());
	}

	List<HeldPermission> permissionsAt(Member member, Unit unit) {
		return AccessPolicy.permissionsAt(member.id(), unit.id(), snapshot());
	}

	/** Questions the member asks of the engine. */
	Acting as(Member actor) {
		return new Acting(Actor.member(actor.id()));
	}

	/** Questions the platform operator asks of the engine. */
	Acting asOperator() {
		return new Acting(OPERATOR);
	}

	/** One actor's requests, each answered by the engine against the current snapshot. */
	final class Acting {

		private final Actor actor;

		private Acting(Actor actor) {
			this.actor = actor;
		}

		Decision invite(RoleAt... roles) {
			return decide(new Invite(this.actor, List.of(roles)));
		}

		Decision assign(Member member, String roleKey, Unit unit) {
			return decide(new Assign(this.actor, member.id(), new RoleAt(roleKey, unit.id())));
		}

		Decision revoke(Member member, String roleKey, Unit unit) {
			return decide(new Revoke(this.actor, assignmentOf(member, roleKey, unit).id()));
		}

		Decision replaceRoles(Member member, RoleAt... roles) {
			return decide(new ReplaceRoles(this.actor, member.id(), List.of(roles)));
		}

		Decision editDetails(Member member) {
			return decide(new ChangeMember(this.actor, member.id(), Change.DETAILS));
		}

		Decision disable(Member member) {
			return decide(new ChangeMember(this.actor, member.id(), Change.DISABLE));
		}

		Decision enable(Member member) {
			return decide(new ChangeMember(this.actor, member.id(), Change.ENABLE));
		}

		Decision remove(Member member) {
			return decide(new ChangeMember(this.actor, member.id(), Change.REMOVE));
		}

		Decision define(RoleDefinition role) {
			return decide(new DefineRole(this.actor, role));
		}

		List<String> assignableRoles(Unit unit) {
			return AccessPolicy.assignableRoles(this.actor, unit.id(), snapshot());
		}

		List<RuleId> whyNotAssignable(String roleKey, Unit unit) {
			return AccessPolicy.whyNotAssignable(this.actor, roleKey, unit.id(), snapshot());
		}

		private Decision decide(AccessRequest request) {
			return AccessPolicy.decide(request, snapshot());
		}

	}

	/**
	 * A role at a unit, as an invitation or an edit asks for it:
	 * {@code role("teacher", class7B)}.
	 */
	static RoleAt role(String roleKey, Unit unit) {
		return new RoleAt(roleKey, unit.id());
	}

	/** A member of the organisation, as the tests name them. */
	record Member(String id, MemberStatus status, boolean mainAccountHolder) {

		@Override
		public String toString() {
			return this.id;
		}

	}

	/**
	 * A unit of the trust: {@code oakfield.year(7)}, {@code oakfield.schoolClass("7B")}.
	 */
	record Unit(Trust trust, String id, String parentId, UnitType type, String name) {

		Unit year(int year) {
			return this.trust.unit(schoolId() + "/year-" + year);
		}

		Unit schoolClass(String label) {
			return this.trust.unit(schoolId() + "/" + label);
		}

		private String schoolId() {
			if (this.type != UnitType.SCHOOL) {
				throw new IllegalStateException(this.name + " is not a school");
			}
			return this.id;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Unit u && u.id.equals(this.id);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.id);
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

}
