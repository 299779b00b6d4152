package org.staffroom.access;

import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: a colleague to add to a {@link Trust}, in the guides' words:
 * {@code aTeacher().of(class7B)}, {@code aUserAdmin().of(oakfield).named("ms-patel")},
 * {@code aMember()} (no roles at all), {@code aMember().withProfiles("user-accounts")} at
 * an exam centre.
 */
final class Staff {

	private final String roleKey;

	private final List<RoleAt> roles = new ArrayList<>();

	private String name;

	private MemberStatus status = MemberStatus.ACTIVE;

	private boolean mainAccountHolder;

	private List<String> profiles = List.of();

	private Staff(String roleKey) {
		this.roleKey = roleKey;
	}

	static Staff aMember() {
		return new Staff(null);
	}

	static Staff anAmbassador() {
		return new Staff("ambassador");
	}

	static Staff aProjectManager() {
		return new Staff("project-manager");
	}

	static Staff anOrgAdmin() {
		return new Staff("org-admin");
	}

	static Staff anExaminer() {
		return new Staff("examiner");
	}

	static Staff aUserAdmin() {
		return new Staff("user-admin");
	}

	static Staff aHeadteacher() {
		return new Staff("headteacher");
	}

	static Staff aTeacher() {
		return new Staff("teacher");
	}

	static Staff anOrgOverview() {
		return new Staff("org-overview");
	}

	/**
	 * The role this colleague was introduced with, at the unit; call again for each
	 * class.
	 */
	Staff of(Trust.Unit unit) {
		if (this.roleKey == null) {
			throw new IllegalStateException("aMember() has no role; use withRole(key, unit)");
		}
		return withRole(this.roleKey, unit);
	}

	Staff withRole(String roleKey, Trust.Unit unit) {
		this.roles.add(new RoleAt(roleKey, unit.id()));
		return this;
	}

	/**
	 * Exam-centre access profiles, all assigned at the centre (the organisation root).
	 */
	Staff withProfiles(String... profiles) {
		this.profiles = List.of(profiles);
		return this;
	}

	Staff named(String name) {
		this.name = name;
		return this;
	}

	Staff invited() {
		this.status = MemberStatus.INVITED;
		return this;
	}

	Staff disabled() {
		this.status = MemberStatus.DISABLED;
		return this;
	}

	Staff mainAccountHolder() {
		this.mainAccountHolder = true;
		return this;
	}

	String name() {
		return this.name;
	}

	MemberStatus status() {
		return this.status;
	}

	boolean isMainAccountHolder() {
		return this.mainAccountHolder;
	}

	List<RoleAt> roles() {
		return this.roles;
	}

	List<String> profiles() {
		return this.profiles;
	}

}
