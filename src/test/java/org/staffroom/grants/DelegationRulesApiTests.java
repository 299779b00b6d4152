package org.staffroom.grants;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.Api;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.ProblemAssert.assertThatProblem;

/**
 * Access-model section 4 through the API: nobody gives more than they may, nobody touches
 * a member they could not have made, nobody changes their own access, and the last
 * administrator stays.
 */
class DelegationRulesApiTests extends ApiTestCase {

	@Test
	void aUserAdministratorCannotInviteAnExaminer() {
		Trust trust = aTrust();
		Member userAdmin = trust.member("user-admin", null);
		String who = email("examiner");

		assertThatProblem(trust.invite(userAdmin.api(), who, "examiner", null)).is(403, "escalation_denied");
		assertThatProblem(trust.invite(userAdmin.api(), who, "org-admin", null)).is(403, "escalation_denied");
		assertThatProblem(trust.invite(userAdmin.api(), who, "org-overview", null, "examiner", null)).is(403,
				"escalation_denied");
		assertNobodyWasInvited(who);
		assertThat(trust.invite(userAdmin.api(), who, "org-overview", null).status()).isEqualTo(201);
	}

	@Test
	void aSchoolUserAdministratorCannotInviteOutsideTheirSchool() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String elm = trust.school("Elm");
		Member oakAdmin = trust.member("user-admin", oak);
		String who = email("elm");

		assertThatProblem(trust.invite(oakAdmin.api(), who, "teacher", trust.classIn(elm, "1A"))).is(403,
				"out_of_scope");
		assertThatProblem(trust.invite(oakAdmin.api(), who, "org-overview", null)).is(403, "out_of_scope");
		assertThatProblem(trust.invite(oakAdmin.api(), who)).as("no roles belongs to the root").is(403, "out_of_scope");
		assertNobodyWasInvited(who);
		assertThat(trust.invite(oakAdmin.api(), who, "teacher", trust.classIn(oak, "1A")).status()).isEqualTo(201);
	}

	@Test
	void aMemberWithoutAccountsManageCannotInviteAnyone() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		Member head = trust.member("headteacher", oak);
		String who = email("x");

		assertThatProblem(trust.invite(head.api(), who, "teacher", trust.classIn(oak, "1A"))).is(403, "out_of_scope");
		assertNobodyWasInvited(who);
	}

	@Test
	void aMemberWithNoRolesBelongsToTheRoot() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		Member oakAdmin = trust.member("user-admin", oak);
		Member trustAdmin = trust.member("user-admin", null);
		Member plain = trust.member();

		assertThat(trust.read(trust.admin, plain.id()).json().get("roles")).isEmpty();
		assertThatProblem(trust.read(oakAdmin.api(), plain.id())).is(404, "not_found");
		assertThatProblem(oakAdmin.api()
			.header("If-Match", "*")
			.patch(trust.path("/members/" + plain.id()), Map.of("firstName", "X"))).is(404, "not_found");
		assertThatProblem(oakAdmin.api().delete(trust.path("/members/" + plain.id()))).is(404, "not_found");
		assertThat(trust.amend(trustAdmin.api(), plain.id(), Map.of("jobTitle", "Volunteer")).status()).isEqualTo(200);
		assertThat(trust
			.amend(trustAdmin.api(), plain.id(),
					Map.of("roles", List.of(Map.of("role", "teacher", "unitId", trust.classIn(oak, "1A")))))
			.status()).isEqualTo(200);

		assertThat(trust.amend(oakAdmin.api(), plain.id(), Map.of("jobTitle", "Teaching assistant")).status())
			.as("now within the school")
			.isEqualTo(200);
	}

	@Test
	void aRoleGoesOnlyWhereItsUnitTypeFits() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String year = trust.year(oak, "Year 1");
		String c1 = trust.classIn(year, "1A");
		String who = email("misfit");

		assertThatProblem(trust.invite(trust.admin, who, "headteacher", c1)).is(403, "unit_type_mismatch");
		assertThatProblem(trust.invite(trust.admin, who, "headteacher", null)).is(403, "unit_type_mismatch");
		assertThatProblem(trust.invite(trust.admin, who, "teacher", oak)).is(403, "unit_type_mismatch");
		assertThatProblem(trust.invite(trust.admin, who, "org-admin", oak)).is(403, "unit_type_mismatch");
		assertThatProblem(trust.invite(trust.admin, who, "examiner", year)).is(403, "unit_type_mismatch");
		assertNobodyWasInvited(who);
		assertThat(trust.invite(trust.admin, who, "teacher", year).status()).isEqualTo(201);
	}

	@Test
	void aUserAdministratorCannotTouchAnExaminer() {
		Trust trust = aTrust();
		Member userAdmin = trust.member("user-admin", null);
		Member examiner = trust.member("examiner", null);
		var before = trust.read(trust.admin, examiner.id());

		assertThatProblem(trust.amend(userAdmin.api(), examiner.id(), Map.of("jobTitle", "Demoted"))).is(403,
				"escalation_denied");
		assertThatProblem(trust.amend(userAdmin.api(), examiner.id(), Map.of("status", "disabled"))).is(403,
				"escalation_denied");
		assertThatProblem(trust.amend(userAdmin.api(), examiner.id(), Map.of("roles", List.of()))).is(403,
				"escalation_denied");
		assertThatProblem(userAdmin.api().delete(trust.path("/members/" + examiner.id()))).is(403, "escalation_denied");
		assertThat(trust.read(trust.admin, examiner.id()).json()).isEqualTo(before.json());
	}

	@Test
	void aSchoolAdministratorCannotTouchATrustWideOne() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		Member schoolAdmin = trust.member("user-admin", oak);
		Member trustAdmin = trust.member("user-admin", null, "teacher", trust.classIn(oak, "1A"));

		assertThatProblem(trust.amend(schoolAdmin.api(), trustAdmin.id(), Map.of("firstName", "Nope"))).is(403,
				"escalation_denied");
	}

	@Test
	void aUserAdministratorCannotGiveAMemberMoreThanTheyMayAssign() {
		Trust trust = aTrust();
		Member userAdmin = trust.member("user-admin", null);
		Member member = trust.member("org-overview", null);
		var before = trust.read(trust.admin, member.id());

		assertThatProblem(trust.amend(userAdmin.api(), member.id(),
				Map.of("firstName", "Promoted", "roles",
						List.of(Map.of("role", "org-overview"), Map.of("role", "examiner")))))
			.is(403, "escalation_denied");
		assertThatProblem(
				trust.amend(userAdmin.api(), member.id(), Map.of("roles", List.of(Map.of("role", "ambassador")))))
			.is(403, "escalation_denied");
		assertThat(trust.read(trust.admin, member.id()).json()).isEqualTo(before.json());
		assertThat(trust.amend(userAdmin.api(), member.id(), Map.of("roles", List.of(Map.of("role", "user-admin"))))
			.status()).isEqualTo(200);
	}

	@Test
	void nobodyChangesTheirOwnAccessThroughTheDirectoryEither() {
		Trust trust = aTrust();
		Member userAdmin = trust.member("user-admin", null);

		assertThatProblem(trust.amend(userAdmin.api(), userAdmin.id(),
				Map.of("roles", List.of(Map.of("role", "user-admin"), Map.of("role", "org-overview")))))
			.is(403, "self_grant_denied");
		assertThatProblem(trust.amend(userAdmin.api(), userAdmin.id(), Map.of("status", "disabled"))).is(403,
				"self_grant_denied");
		assertThatProblem(userAdmin.api().delete(trust.path("/members/" + userAdmin.id()))).is(403,
				"self_grant_denied");
		assertThatProblem(trust.amend(trust.admin, trust.adminId, Map.of("roles", List.of()))).is(403,
				"self_grant_denied");
		assertThat(trust.read(trust.admin, userAdmin.id()).json().get("roles")).hasSize(1);
		assertThat(trust.amend(userAdmin.api(), userAdmin.id(), Map.of("jobTitle", "Office manager")).status())
			.as("own contact details are fine")
			.isEqualTo(200);
	}

	@Test
	void theLastActiveAdministratorCannotBeDisabledRemovedOrStripped() {
		Trust trust = aTrust();
		Api operator = operator();
		String invitedAdmin = email("pending-admin");
		trust.invite(trust.admin, invitedAdmin, "org-admin", null);
		// An invited administrator who has not accepted does not count: they cannot sign
		// in yet.

		assertThatProblem(trust.amend(operator, trust.adminId, Map.of("status", "disabled"))).is(403,
				"last_administrator");
		assertThatProblem(operator.delete(trust.path("/members/" + trust.adminId))).is(403, "last_administrator");
		assertThatProblem(
				trust.amend(operator, trust.adminId, Map.of("roles", List.of(Map.of("role", "org-overview")))))
			.is(403, "last_administrator");
		assertThat(trust.admin.get(trust.path("")).status()).isEqualTo(200);

		Member second = trust.member("org-admin", null);
		assertThat(trust.amend(second.api(), trust.adminId, Map.of("status", "disabled")).status()).isEqualTo(200);
		assertThatProblem(trust.amend(operator, second.id(), Map.of("status", "disabled"))).is(403,
				"last_administrator");
		assertThat(trust.amend(operator, second.id(), Map.of("roles", List.of(Map.of("role", "user-admin")))).status())
			.as("another role holding accounts.manage at the root keeps the organisation managed")
			.isEqualTo(200);
	}

	@Test
	void vendorRolesAreAssignedByOperatorsOnly() {
		Trust trust = aTrust();
		String who = email("vendor");

		assertThatProblem(trust.invite(trust.admin, who, "ambassador", null)).is(403, "escalation_denied");
		assertNobodyWasInvited(who);
		assertThat(trust.invite(operator(), who, "ambassador", null).status()).isEqualTo(201);
	}

	@Test
	void anExamCentreUserAccountsHolderAssignsOnlyProfilesWhosePermissionsTheyHold() {
		Trust centre = anOrganisation("exam-centre");
		Member deputy = centre.member("user-accounts", null);
		String who = email("entries");

		assertThatProblem(centre.invite(deputy.api(), who, "registrations-and-entries", null)).is(403,
				"escalation_denied");
		assertThatProblem(centre.invite(deputy.api(), who, "results-analysis", null)).is(403, "escalation_denied");
		assertNobodyWasInvited(who);
		assertThat(centre.invite(deputy.api(), who, "user-accounts", null).status()).isEqualTo(201);
		assertThat(deputy.api().get(centre.path("/roles/assignable")).json()).extracting((k) -> k.asString())
			.containsExactly("user-accounts");
	}

	private void assertNobodyWasInvited(String email) {
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM accounts WHERE email_key = LOWER(?)")
			.param(email)
			.query(Long.class)
			.single()).as("no account for " + email).isZero();
		assertThat(emailsTo(email)).as("no email to " + email).isZero();
	}

}
