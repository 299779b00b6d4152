package org.staffroom.access;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A snapshot patched with changed members answers exactly as one built from scratch. */
class SnapshotPatchingTests {

	private static AccessSnapshot.Builder trust(long version) {
		AccessSnapshot.Builder b = AccessSnapshot
			.builder("org", version, RoleCatalogue.builtIn(List.of("school-trust")))
			.unit("root", null, UnitType.ORGANISATION, "Trust");
		for (int s = 0; s < 3; s++) {
			b.unit("s" + s, "root", UnitType.SCHOOL, "School " + s);
			for (int c = 0; c < 3; c++) {
				b.unit("s" + s + "c" + c, "s" + s, UnitType.CLASS, "Class " + c);
			}
		}
		return b;
	}

	@Test
	void patchingMembersGivesTheSameDecisionsAsRebuilding() {
		AccessSnapshot before = trust(1).member("admin", MemberStatus.ACTIVE, true, "admin@x")
			.assignment("a1", "admin", "org-admin", "root")
			.member("t", MemberStatus.ACTIVE, false, "t@x")
			.assignment("a2", "t", "teacher", "s0c0")
			.member("gone", MemberStatus.ACTIVE, false, "gone@x")
			.assignment("a3", "gone", "headteacher", "s1")
			.build();
		AccessSnapshot patched = before.withMembers(2, List.of(
				new AccessSnapshot.MemberUpdate("t", MemberStatus.ACTIVE, false, "t2@x",
						List.of(new Assignment("a2", "t", "teacher", "s0c0"),
								new Assignment("a4", "t", "teacher", "s2c1"))),
				new AccessSnapshot.MemberUpdate("new", MemberStatus.ACTIVE, false, "new@x",
						List.of(new Assignment("a5", "new", "user-admin", "s1")))),
				List.of("gone"));
		AccessSnapshot rebuilt = trust(2).member("admin", MemberStatus.ACTIVE, true, "admin@x")
			.assignment("a1", "admin", "org-admin", "root")
			.member("t", MemberStatus.ACTIVE, false, "t2@x")
			.assignment("a2", "t", "teacher", "s0c0")
			.assignment("a4", "t", "teacher", "s2c1")
			.member("new", MemberStatus.ACTIVE, false, "new@x")
			.assignment("a5", "new", "user-admin", "s1")
			.build();

		assertThat(patched.version()).isEqualTo(2);
		assertThat(patched.isMember("gone")).isFalse();
		assertThat(patched.memberIdByEmailKey("t@x")).isEmpty();
		assertThat(patched.memberIdByEmailKey("t2@x")).contains("t");
		assertThat(patched.assignment("a3")).isEmpty();
		assertThat(patched.activeRootAdministrators()).isEqualTo(rebuilt.activeRootAdministrators());
		Random random = new Random(7);
		List<String> members = List.of("admin", "t", "new", "gone");
		List<String> units = rebuilt.unitIds();
		for (int i = 0; i < 2_000; i++) {
			String member = members.get(random.nextInt(members.size()));
			String unit = units.get(random.nextInt(units.size()));
			Permission permission = Permission.values()[random.nextInt(Permission.values().length)];
			var q = new AccessRequest.HoldsPermission(member, permission, unit);
			assertThat(AccessPolicy.decide(q, patched).allowed()).as(q.toString())
				.isEqualTo(AccessPolicy.decide(q, rebuilt).allowed());
			String role = rebuilt.catalogue().all().get(random.nextInt(rebuilt.catalogue().all().size())).key();
			var assign = new AccessRequest.Assign(Actor.member(member), "t", new RoleAt(role, unit));
			assertThat(AccessPolicy.decide(assign, patched).rules()).as(assign.toString())
				.isEqualTo(AccessPolicy.decide(assign, rebuilt).rules());
		}
	}

}
