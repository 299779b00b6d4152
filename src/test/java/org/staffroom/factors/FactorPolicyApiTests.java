package org.staffroom.factors;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.Api;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.ProblemAssert.assertThatProblem;

/**
 * An organisation's policy on second factors, step-up for the powerful changes, and an
 * administrator's reset of a member's factors (identity.md section 1), each allowed and
 * refused through the API.
 */
class FactorPolicyApiTests extends ApiTestCase {

	@Test
	void everyoneMeansAMemberWithNoFactorMayOnlyReadMeEnrolAndSignOut() {
		Trust trust = aTrust();
		String school = trust.school("Oak");
		var teacher = trust.member("teacher", trust.year(school, "Year 7"));
		var set = setPolicy(trust, trust.admin, "everyone");
		assertThat(set.status()).as(set.toString()).isEqualTo(200);
		assertThat(set.json().get("mfaRequired").asString()).isEqualTo("everyone");
		// The one who set it is covered as well, and has no factor yet.
		assertThatProblem(trust.admin.get(trust.path(""))).is(403, "mfa_enrolment_required");

		assertThat(teacher.api().get("/api/v1/me").status()).isEqualTo(200);
		assertThatProblem(teacher.api().get(trust.path(""))).is(403, "mfa_enrolment_required");
		assertThatProblem(teacher.api()
			.post("/api/v1/access/check", Map.of("organisationId", trust.id, "userId", teacher.id(), "permission",
					"results.pupils", "unitId", school)))
			.is(403, "mfa_enrolment_required");
		assertThat(teacher.api().get("/api/v1/me/mfa").json().get("required").asBoolean()).isTrue();

		Authenticator.enrol(teacher.api());
		assertThat(teacher.api().get(trust.path("")).status()).isEqualTo(200);
	}

	@Test
	void administratorsMeansOnlyHoldersOfAccountsOrRolesManage() {
		Trust trust = aTrust();
		String school = trust.school("Elm");
		var teacher = trust.member("teacher", trust.year(school, "Year 7"));
		var userAdmin = trust.member("user-admin", school);
		setPolicy(trust, trust.admin, "administrators");

		assertThat(teacher.api().get(trust.path("")).status()).isEqualTo(200);
		assertThatProblem(userAdmin.api().get(trust.path(""))).is(403, "mfa_enrolment_required");
		// The main account holder who set it is covered too.
		assertThatProblem(trust.admin.get(trust.path(""))).is(403, "mfa_enrolment_required");
		Authenticator.enrol(userAdmin.api());
		assertThat(userAdmin.api().get(trust.path("")).status()).isEqualTo(200);
	}

	@Test
	void aMemberOfTwoOrganisationsIsCoveredIfEitherPolicyCoversThem() {
		Trust strict = aTrust();
		Trust relaxed = aTrust();
		String email = email("twice");
		assertThat(strict.invite(strict.admin, email, "teacher", strict.year(strict.school("Ash"), "Year 7")).status())
			.isEqualTo(201);
		Api member = accept(email);
		var second = relaxed.invite(relaxed.admin, email, "teacher", relaxed.year(relaxed.school("Birch"), "Year 8"));
		assertThat(second.status()).as(second.toString()).isEqualTo(201);
		var accepted = member.post("/api/v1/invitations/" + latestLink(email, "invitations") + "/accept", Map.of());
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);

		assertThat(member.get(relaxed.path("")).status()).isEqualTo(200);
		setPolicy(strict, operator(), "everyone");
		// A factor belongs to the account, not to one organisation.
		assertThatProblem(member.get(relaxed.path(""))).is(403, "mfa_enrolment_required");
		assertThatProblem(member.get(strict.path(""))).is(403, "mfa_enrolment_required");
		setPolicy(strict, operator(), "none");
		assertThat(member.get(relaxed.path("")).status()).isEqualTo(200);
	}

	@Test
	void onlyAccountsManageAtTheOrganisationItselfChangesThePolicy() {
		Trust trust = aTrust();
		String school = trust.school("Yew");
		var schoolAdmin = trust.member("user-admin", school);
		assertThatProblem(setPolicy(trust, schoolAdmin.api(), "everyone")).is(403, "out_of_scope");
		assertThatProblem(setPolicy(trust, trust.admin, "sometimes")).is(400, "validation_failed");
		assertThat(trust.admin.get(trust.path("")).json().get("mfaRequired").asString()).isEqualTo("none");
		Trust other = aTrust();
		assertThatProblem(setPolicy(other, trust.admin, "everyone")).is(404, "not_found");
	}

	@Test
	void theLastFactorCannotBeRemovedWhileAPolicyCoversYou() {
		Trust trust = aTrust();
		Authenticator app = Authenticator.enrol(trust.admin);
		setPolicy(trust, trust.admin, "everyone");

		assertThatProblem(removeTotp(trust.admin, app.code(0))).is(409, "last_factor_required");
		assertThat(trust.admin.get("/api/v1/me/mfa").json().get("totp").asBoolean()).isTrue();
		setPolicy(trust, trust.admin, "none");
		assertThat(removeTotp(trust.admin, app.code(1)).status()).isEqualTo(204);
	}

	@Test
	void givingAnAdministratorsRoleNeedsARecentSecondFactor() {
		Trust trust = aTrust();
		String school = trust.school("Pine");
		Authenticator app = Authenticator.enrol(trust.admin);

		// A role without accounts.manage or roles.manage needs no step-up.
		assertThat(trust.invite(trust.admin, email("teacher"), "teacher", trust.year(school, "Year 9")).status())
			.isEqualTo(201);
		String newcomer = email("newadmin");
		assertThatProblem(trust.invite(trust.admin, newcomer, "user-admin", school)).is(403, "step_up_required");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM accounts WHERE email = ?")
			.param(newcomer)
			.query(Long.class)
			.single()).isZero();
		assertThatProblem(invite(trust, trust.admin, newcomer, "user-admin", school, "000000")).is(401, "mfa_invalid");
		var stepped = invite(trust, trust.admin, newcomer, "user-admin", school, app.code(0));
		assertThat(stepped.status()).as(stepped.toString()).isEqualTo(201);
		// The code proved a factor for this token: the next change within 15 minutes
		// needs none.
		assertThat(trust.invite(trust.admin, email("another"), "user-admin", school).status()).isEqualTo(201);
	}

	@Test
	void signingInWithTheFactorCountsAsRecent() {
		Trust trust = aTrust();
		String school = trust.school("Rowan");
		Authenticator app = Authenticator.enrol(trust.admin);
		var signedIn = this.api.post("/api/v1/auth/tokens",
				Map.of("email", trust.adminEmail, "password", PASSWORD, "otp", app.code(0)));
		Api fresh = this.api.as(signedIn.json().get("token").asString());

		assertThat(trust.invite(fresh, email("ua"), "user-admin", school).status()).isEqualTo(201);
		assertThatProblem(trust.invite(trust.admin, email("ua2"), "user-admin", school)).is(403, "step_up_required");
	}

	@Test
	void changingSomeoneElsesEmailNeedsStepUp() {
		Trust trust = aTrust();
		var teacher = trust.member("teacher", trust.year(trust.school("Holly"), "Year 7"));
		Authenticator app = Authenticator.enrol(trust.admin);

		assertThatProblem(trust.amend(trust.admin, teacher.id(), Map.of("email", email("moved")))).is(403,
				"step_up_required");
		assertThat(trust.amend(trust.admin, teacher.id(), Map.of("jobTitle", "Head of maths")).status()).isEqualTo(200);
		var changed = trust.amend(trust.admin, teacher.id(), Map.of("email", email("moved"), "otp", app.code(0)));
		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
	}

	@Test
	void anAdministratorResetsAMembersFactorsWhoIsEmailed() {
		Trust trust = aTrust();
		String school = trust.school("Cedar");
		var teacher = trust.member("teacher", trust.year(school, "Year 7"));
		Authenticator.enrol(teacher.api());
		Authenticator app = Authenticator.enrol(trust.admin);
		String reset = trust.path("/members/" + teacher.id() + "/mfa/reset");
		long emailsBefore = emailsTo(teacher.email());

		assertThatProblem(trust.admin.post(reset, Map.of())).is(403, "step_up_required");
		assertThat(teacher.api().post(trust.path("/members/" + trust.adminId + "/mfa/reset"), Map.of()).status())
			.isIn(403, 404);
		Trust other = aTrust();
		assertThatProblem(other.admin.post(reset, Map.of())).is(404, "not_found");
		assertThat(teacher.api().get("/api/v1/me/mfa").json().get("totp").asBoolean()).isTrue();

		var done = trust.admin.post(reset, Map.of("otp", app.code(0)));
		assertThat(done.status()).as(done.toString()).isEqualTo(204);
		assertThat(teacher.api().get("/api/v1/me/mfa").json().get("totp").asBoolean()).isFalse();
		assertThat(
				this.api.post("/api/v1/auth/tokens", Map.of("email", teacher.email(), "password", PASSWORD)).status())
			.isEqualTo(201);
		assertThat(emailsTo(teacher.email())).isEqualTo(emailsBefore + 1);
		assertThat(this.jdbc
			.sql("SELECT COUNT(*) FROM audit_entries WHERE action = 'mfa.reset' AND target_id = ? "
					+ "AND organisation_id = ?")
			.params(teacher.id(), trust.id)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	private Api.Response setPolicy(Trust trust, Api by, String policy) {
		return by.patch(trust.path(""), Map.of("mfaRequired", policy));
	}

	private static Api.Response removeTotp(Api api, String code) {
		return api.raw("DELETE", "/api/v1/me/mfa/totp", Api.json(Map.of("code", code)), "application/json");
	}

	private static Api.Response invite(Trust trust, Api by, String email, String role, String unit, String otp) {
		return by.post(trust.path("/invitations"), Map.of("email", email, "firstName", "First", "lastName", "Last",
				"roles", List.of(Map.of("role", role, "unitId", unit)), "otp", otp));
	}

}
