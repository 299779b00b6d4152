package org.staffroom.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Actor;
import org.staffroom.access.MemberStatus;
import org.staffroom.access.RoleAt;
import org.staffroom.access.RoleCatalogue;
import org.staffroom.access.UnitType;

/**
 * The one decision of "this person, these roles" that the staff CSV and the roster share.
 */
class PersonRolesTests {

	// A trust with two schools, a class in each; an organisation administrator, a user
	// administrator of the first school, and a teacher of its class.
	private final AccessSnapshot trust = AccessSnapshot
		.builder("trust", 1, RoleCatalogue.builtIn(List.of(RoleCatalogue.SCHOOL_TRUST)))
		.unit("trust", null, UnitType.ORGANISATION, "Trust")
		.unit("north", "trust", UnitType.SCHOOL, "North")
		.unit("south", "trust", UnitType.SCHOOL, "South")
		.unit("7n", "north", UnitType.CLASS, "7N")
		.unit("7s", "south", UnitType.CLASS, "7S")
		.member("orgAdmin", MemberStatus.ACTIVE, true, "org-admin@trust.example")
		.member("northAdmin", MemberStatus.ACTIVE, false, "north-admin@trust.example")
		.member("teacher", MemberStatus.ACTIVE, false, "teacher@trust.example")
		.assignment("a1", "orgAdmin", "org-admin", "trust")
		.assignment("a2", "northAdmin", "user-admin", "north")
		.assignment("a3", "teacher", "teacher", "7n")
		.build();

	private final Actor orgAdmin = new Actor("orgAdmin", false);

	private final Actor northAdmin = new Actor("northAdmin", false);

	private static PersonRoles.Wanted wanted(String roleKey, String unitId, int row) {
		return new PersonRoles.Wanted(new RoleAt(roleKey, unitId), "enrolment-" + row, "enrollments.csv", row,
				"classSourcedId");
	}

	@Test
	void addsOnlyTheRolesAMemberDoesNotHoldYet() {
		PersonRoles.Decided decided = PersonRoles.forMember(this.orgAdmin, "teacher",
				List.of(wanted("teacher", "7n", 2), wanted("teacher", "7s", 3), wanted("teacher", "7s", 4)),
				this.trust);

		assertThat(decided.toAdd()).extracting(PersonRoles.Wanted::role).containsExactly(new RoleAt("teacher", "7s"));
		assertThat(decided.toAdd()).extracting(PersonRoles.Wanted::row).containsExactly(3);
		assertThat(decided.problems()).isEmpty();
		assertThat(decided.withoutRoles()).isNull();
	}

	@Test
	void refusesARoleOutsideTheImportersScopeWithItsFileRowAndRuleCode() {
		PersonRoles.Decided decided = PersonRoles.forMember(this.northAdmin, "teacher",
				List.of(wanted("teacher", "7s", 5)), this.trust);

		assertThat(decided.toAdd()).isEmpty();
		assertThat(decided.refused()).isTrue();
		assertThat(decided.problems()).singleElement().satisfies((p) -> {
			assertThat(p.file()).isEqualTo("enrollments.csv");
			assertThat(p.row()).isEqualTo(5);
			assertThat(p.column()).isEqualTo("classSourcedId");
			assertThat(p.code()).isEqualTo("out_of_scope");
			assertThat(p.message()).contains("7S").doesNotContain("Rule ");
		});
	}

	@Test
	void refusesAMembersRoleOnceHoweverManyRowsAskForIt() {
		PersonRoles.Decided decided = PersonRoles.forMember(this.northAdmin, "teacher",
				List.of(wanted("teacher", "7s", 5), wanted("teacher", "7s", 6)), this.trust);

		assertThat(decided.problems()).extracting(ImportProblem::row).containsExactly(5);
	}

	@Test
	void invitesWithEachAllowedRoleOnce() {
		PersonRoles.Decided decided = PersonRoles.forInvitee(this.northAdmin,
				List.of(wanted("teacher", "7n", 2), wanted("teacher", "7n", 3)), this.trust);

		assertThat(decided.toAdd()).extracting(PersonRoles.Wanted::row).containsExactly(2);
		assertThat(decided.problems()).isEmpty();
		assertThat(decided.withoutRoles()).isNull();
	}

	@Test
	void refusesAnInviteesRoleAtEachRowThatAsksForIt() {
		PersonRoles.Decided decided = PersonRoles.forInvitee(this.northAdmin,
				List.of(wanted("teacher", "7s", 2), wanted("teacher", "7n", 3), wanted("teacher", "7s", 4)),
				this.trust);

		assertThat(decided.toAdd()).extracting(PersonRoles.Wanted::row).containsExactly(3);
		assertThat(decided.problems()).extracting(ImportProblem::row).containsExactly(2, 4);
		assertThat(decided.withoutRoles()).isNull();
	}

	@Test
	void decidesInvitingSomeoneWithNoRoleOnlyWhenNoRoleIsAskedFor() {
		assertThat(PersonRoles.forInvitee(this.orgAdmin, List.of(), this.trust).deniedWithoutRoles()).isFalse();
		assertThat(PersonRoles.forInvitee(this.northAdmin, List.of(), this.trust).deniedWithoutRoles()).isTrue();
		assertThat(
				PersonRoles.forInvitee(this.northAdmin, List.of(wanted("teacher", "7s", 2)), this.trust).withoutRoles())
			.isNull();
	}

	@Test
	void tellsWhetherAMemberHoldsARole() {
		assertThat(PersonRoles.holds(this.trust, "teacher", new RoleAt("teacher", "7n"))).isTrue();
		assertThat(PersonRoles.holds(this.trust, "teacher", new RoleAt("teacher", "7s"))).isFalse();
	}

}
