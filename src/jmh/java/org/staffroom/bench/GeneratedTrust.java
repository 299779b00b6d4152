package org.staffroom.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.MemberStatus;
import org.staffroom.access.RoleCatalogue;
import org.staffroom.access.UnitType;

/**
 * A school trust generated from a seed, as plain rows, so that Staffroom and jCasbin are fed exactly
 * the same organisation. Each school has 7 year groups with 3, 3, 3, 3, 3, 2 and 2 classes (27 units
 * a school), so {@code trust} is 1 + 37 x 27 = 1,000 units. Members: a few org-admins and org-overviews
 * at the root; at each school a headteacher, two user-admins, an org-overview and an examiner; everyone
 * else is a teacher of one class, and the remaining assignments give random teachers a second (third...)
 * class or year of the same school, until the assignment count is reached.
 */
public final class GeneratedTrust {

	/** The sizes used by the benchmarks' {@code size} parameter. */
	public enum Size {

		/** 4 schools: 109 units, 2,000 staff, 4,000 assignments. */
		SMALL(4, 2_000, 4_000),
		/** The trust: 37 schools, 1,000 units, 20,000 staff, 40,000 assignments. */
		TRUST(37, 20_000, 40_000),
		/** 185 schools: 4,996 units, 100,000 staff, 200,000 assignments. */
		LARGE(185, 100_000, 200_000);

		final int schools;

		final int staff;

		final int assignments;

		Size(int schools, int staff, int assignments) {
			this.schools = schools;
			this.staff = staff;
			this.assignments = assignments;
		}

	}

	static final int[] CLASSES_PER_YEAR = { 3, 3, 3, 3, 3, 2, 2 };

	public record Unit(String id, String parentId, UnitType type, String name, int school) {
	}

	public record Member(String id, String email) {
	}

	public record RoleAssignment(String id, String memberId, String roleKey, String unitId) {
	}

	public final String organisationId;

	public final List<Unit> units = new ArrayList<>();

	public final List<Member> members = new ArrayList<>();

	public final List<RoleAssignment> assignments = new ArrayList<>();

	/** Per school index: its own unit index, and the indices of its years and classes. */
	public final List<int[]> schoolUnits = new ArrayList<>();

	private final Random random;

	private GeneratedTrust(Size size, long seed) {
		this.random = new Random(seed);
		this.organisationId = uuid();
		String root = uuid();
		this.units.add(new Unit(root, null, UnitType.ORGANISATION, "Trust", -1));
		for (int s = 0; s < size.schools; s++) {
			int[] own = new int[1 + CLASSES_PER_YEAR.length + 19];
			int k = 0;
			String school = uuid();
			own[k++] = this.units.size();
			this.units.add(new Unit(school, root, UnitType.SCHOOL, "School " + (s + 1), s));
			for (int y = 0; y < CLASSES_PER_YEAR.length; y++) {
				String year = uuid();
				own[k++] = this.units.size();
				this.units.add(new Unit(year, school, UnitType.YEAR, "Year " + (y + 7), s));
				for (int c = 0; c < CLASSES_PER_YEAR[y]; c++) {
					own[k++] = this.units.size();
					this.units.add(new Unit(uuid(), year, UnitType.CLASS, (y + 7) + "" + (char) ('A' + c), s));
				}
			}
			this.schoolUnits.add(own);
		}
		// Trust-wide roles.
		for (int i = 0; i < 3; i++) {
			assign(newMember(), "org-admin", root);
		}
		for (int i = 0; i < 5; i++) {
			assign(newMember(), "org-overview", root);
		}
		// School leadership.
		for (int s = 0; s < size.schools; s++) {
			String school = schoolUnit(s).id();
			assign(newMember(), "headteacher", school);
			assign(newMember(), "user-admin", school);
			assign(newMember(), "user-admin", school);
			assign(newMember(), "org-overview", school);
			assign(newMember(), "examiner", school);
		}
		// Teachers: one class each, then extra classes or years in the same school.
		int firstTeacher = this.members.size();
		while (this.members.size() < size.staff) {
			int s = this.random.nextInt(size.schools);
			assign(newMember(), "teacher", this.units.get(randomClassOrYear(s, true)).id());
		}
		List<List<String>> teacherUnits = new ArrayList<>();
		for (int i = firstTeacher; i < this.members.size(); i++) {
			teacherUnits.add(new ArrayList<>());
		}
		for (RoleAssignment a : this.assignments) {
			int m = memberIndex(a.memberId());
			if (m >= firstTeacher) {
				teacherUnits.get(m - firstTeacher).add(a.unitId());
			}
		}
		while (this.assignments.size() < size.assignments) {
			int t = this.random.nextInt(teacherUnits.size());
			List<String> held = teacherUnits.get(t);
			int s = unitIndexOf(held.get(0)).school();
			String unit = this.units.get(randomClassOrYear(s, this.random.nextInt(10) > 0)).id();
			if (!held.contains(unit)) {
				held.add(unit);
				assign(this.members.get(firstTeacher + t), "teacher", unit);
			}
		}
	}

	public static GeneratedTrust generate(Size size) {
		return new GeneratedTrust(size, 20_261_127L + size.ordinal());
	}

	/** Staffroom's snapshot of the trust, every member active. */
	public AccessSnapshot snapshot() {
		AccessSnapshot.Builder b = AccessSnapshot.builder(this.organisationId, 1,
				RoleCatalogue.builtIn(List.of(RoleCatalogue.SCHOOL_TRUST)));
		for (Unit u : this.units) {
			b.unit(u.id(), u.parentId(), u.type(), u.name());
		}
		for (Member m : this.members) {
			b.member(m.id(), MemberStatus.ACTIVE, false, m.email());
		}
		for (RoleAssignment a : this.assignments) {
			b.assignment(a.id(), a.memberId(), a.roleKey(), a.unitId());
		}
		return b.build();
	}

	public Unit schoolUnit(int school) {
		return this.units.get(this.schoolUnits.get(school)[0]);
	}

	private final java.util.Map<String, Integer> memberIndex = new java.util.HashMap<>();

	private final java.util.Map<String, Unit> unitById = new java.util.HashMap<>();

	int memberIndex(String id) {
		return this.memberIndex.get(id);
	}

	Unit unitIndexOf(String id) {
		if (this.unitById.isEmpty()) {
			this.units.forEach((u) -> this.unitById.put(u.id(), u));
		}
		return this.unitById.get(id);
	}

	private int randomClassOrYear(int school, boolean classOnly) {
		int[] own = this.schoolUnits.get(school);
		while (true) {
			int u = own[1 + this.random.nextInt(own.length - 1)];
			if (!classOnly || this.units.get(u).type() == UnitType.CLASS) {
				return u;
			}
		}
	}

	private Member newMember() {
		int n = this.members.size() + 1;
		Member m = new Member(uuid(), "staff" + n + "@trust.example");
		this.memberIndex.put(m.id(), this.members.size());
		this.members.add(m);
		return m;
	}

	private void assign(Member member, String role, String unitId) {
		this.assignments.add(new RoleAssignment(uuid(), member.id(), role, unitId));
	}

	private String uuid() {
		return new UUID(this.random.nextLong(), this.random.nextLong()).toString();
	}

}
