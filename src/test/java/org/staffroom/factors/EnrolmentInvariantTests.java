package org.staffroom.factors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.staffroom.testing.Api;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The property of identity.md section 1, against the running service: whatever the order
 * of enrolments, removals, policy changes, role changes and resets, a member covered by a
 * policy never reaches anything but /me, enrolment and signing out without a factor, and
 * one not covered (or with a factor) reaches what their roles allow. Each seed is one
 * random sequence of twelve steps; a failure names its seed and the steps so far.
 */
class EnrolmentInvariantTests extends ApiTestCase {

	private enum Step {

		ENROL, REMOVE_TOTP, POLICY_NONE, POLICY_ADMINISTRATORS, POLICY_EVERYONE, RESET, GIVE_USER_ADMIN, TAKE_USER_ADMIN

	}

	@ParameterizedTest(name = "sequence {0}")
	@ValueSource(longs = { 1, 2, 3, 4, 5, 6, 7, 8 })
	void aCoveredMemberWithoutAFactorReachesOnlyEnrolment(long seed) {
		Random random = new Random(seed);
		Trust trust = aTrust();
		String school = trust.school("Oak");
		String year = trust.year(school, "Year 7");
		Member member = trust.member("teacher", year);
		Api operator = operator();
		Authenticator app = null;
		String policy = "none";
		boolean userAdmin = false;
		List<String> done = new ArrayList<>();

		for (int i = 0; i < 12; i++) {
			Step step = Step.values()[random.nextInt(Step.values().length)];
			done.add(step.name());
			switch (step) {
				case ENROL -> {
					if (app == null && !factor(member)) {
						app = Authenticator.enrol(member.api());
					}
				}
				case REMOVE_TOTP -> {
					if (app != null) {
						var removed = member.api()
							.raw("DELETE", "/api/v1/me/mfa/totp", Api.json(Map.of("code", app.code(0))),
									"application/json");
						assertThat(removed.status()).as(done + " " + removed).isIn(204, 409);
						if (removed.status() == 204) {
							app = null;
						}
						else {
							assertThat(removed.code()).isEqualTo("last_factor_required");
						}
					}
				}
				case POLICY_NONE, POLICY_ADMINISTRATORS, POLICY_EVERYONE -> {
					policy = step.name().substring("POLICY_".length()).toLowerCase();
					var set = operator.patch(trust.path(""), Map.of("mfaRequired", policy));
					assertThat(set.status()).as(done + " " + set).isEqualTo(200);
				}
				case RESET -> {
					var reset = operator.post(trust.path("/members/" + member.id() + "/mfa/reset"), Map.of());
					assertThat(reset.status()).as(done + " " + reset).isEqualTo(204);
					app = null;
				}
				case GIVE_USER_ADMIN, TAKE_USER_ADMIN -> {
					userAdmin = step == Step.GIVE_USER_ADMIN;
					List<Map<String, String>> roles = new ArrayList<>();
					roles.add(Map.of("role", "teacher", "unitId", year));
					if (userAdmin) {
						roles.add(Map.of("role", "user-admin", "unitId", school));
					}
					var changed = trust.amend(operator, member.id(), Map.of("roles", roles));
					assertThat(changed.status()).as(done + " " + changed).isEqualTo(200);
				}
			}
			boolean covered = policy.equals("everyone") || (policy.equals("administrators") && userAdmin);
			boolean hasFactor = app != null;
			assertThat(factor(member)).as("seed %d after %s: the member's factor", seed, done).isEqualTo(hasFactor);
			var organisation = member.api().get(trust.path(""));
			var check = member.api()
				.post("/api/v1/access/check", Map.of("organisationId", trust.id, "userId", member.id(), "permission",
						"accounts.view", "unitId", year));
			assertThat(member.api().get("/api/v1/me").status()).as("seed %d after %s: /me", seed, done).isEqualTo(200);
			if (covered && !hasFactor) {
				assertThat(organisation.code()).as("seed %d after %s: covered, no factor", seed, done)
					.isEqualTo("mfa_enrolment_required");
				assertThat(organisation.status()).isEqualTo(403);
				assertThat(check.status()).isEqualTo(403);
				assertThat(check.code()).isEqualTo("mfa_enrolment_required");
			}
			else {
				assertThat(organisation.status()).as("seed %d after %s: %s", seed, done, organisation).isEqualTo(200);
				assertThat(check.status()).as("seed %d after %s: %s", seed, done, check).isEqualTo(200);
			}
		}
	}

	private static boolean factor(Member member) {
		return member.api().get("/api/v1/me/mfa").json().get("totp").asBoolean();
	}

}
