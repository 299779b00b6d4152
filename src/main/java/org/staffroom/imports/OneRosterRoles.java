package org.staffroom.imports;

import java.util.Set;

/** OneRoster's roles (1.1's and 1.2's), as the roster import sorts them. */
final class OneRosterRoles {

	/** Roles that make a member of staff. */
	static final Set<String> TEACHER = Set.of("teacher");

	static final Set<String> ADMINISTRATOR = Set.of("administrator", "principal", "siteAdministrator",
			"districtAdministrator", "systemAdministrator");

	static final Set<String> OTHER_STAFF = Set.of("aide", "counselor");

	/** Roles of people who are not imported. */
	static final Set<String> NOT_IMPORTED = Set.of("guardian", "parent", "relative", "proctor");

	/** The roles an enrolment may have. */
	static final Set<String> ENROLMENT_ROLES = Set.of("student", "teacher", "administrator", "proctor", "aide");

	private OneRosterRoles() {
	}

	/** Whether the role makes a member of staff. */
	static boolean staff(String role) {
		return TEACHER.contains(role) || ADMINISTRATOR.contains(role) || OTHER_STAFF.contains(role);
	}

	/** Whether the role is one of OneRoster's (null is not). */
	static boolean known(String role) {
		return role != null && (staff(role) || NOT_IMPORTED.contains(role) || role.equals("student"));
	}

}
