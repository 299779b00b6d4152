package org.staffroom.access;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A role at a unit prints itself one way everywhere: role@unit. */
class RoleAtTests {

	@Test
	void printsItselfAsTheRoleAtTheUnit() {
		RoleAt role = new RoleAt("headteacher", "oak");

		assertThat(role.label()).isEqualTo("headteacher@oak");
		assertThat(role).hasToString("headteacher@oak");
		assertThat("holds " + role).isEqualTo("holds headteacher@oak");
	}

	@Test
	void readsTheRolesOfAssignmentsInTheirOrder() {
		List<Assignment> held = List.of(new Assignment("a2", "m", "teacher", "7b"),
				new Assignment("a1", "m", "headteacher", "oak"));

		assertThat(RoleAt.of(held)).containsExactly(new RoleAt("teacher", "7b"), new RoleAt("headteacher", "oak"));
		assertThat(RoleAt.labels(RoleAt.of(held))).containsExactly("teacher@7b", "headteacher@oak");
	}

}
