package org.staffroom.factors;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.Api;
import org.staffroom.testing.ApiTestCase;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.ProblemAssert.assertThatProblem;

/**
 * {@code staffroom.operators.mfa-required}: operators are covered as an organisation's
 * {@code everyone} policy covers its members, until they enrol a factor.
 */
@TestPropertySource(properties = "staffroom.operators.mfa-required=true")
class OperatorsSecondFactorTests extends ApiTestCase {

	@Test
	void anOperatorWithoutAFactorMayOnlyEnrol() {
		Api operator = operator();
		assertThat(operator.get("/api/v1/me").status()).isEqualTo(200);
		assertThatProblem(operator.get("/api/v1/organisations")).is(403, "mfa_enrolment_required");
		assertThat(operator.get("/api/v1/me/mfa").json().get("required").asBoolean()).isTrue();

		Authenticator app = Authenticator.enrol(operator);
		assertThat(operator.get("/api/v1/organisations").status()).isEqualTo(200);
		// With the factor, the operator signs in with a code like anyone else.
		assertThatProblem(this.api.post("/api/v1/auth/tokens",
				Map.of("email", "operator@staffroom.test", "password", "operator-password-for-tests")))
			.is(401, "mfa_required");
		assertThat(this.api
			.post("/api/v1/auth/tokens", Map.of("email", "operator@staffroom.test", "password",
					"operator-password-for-tests", "otp", app.code(0)))
			.status()).isEqualTo(201);
		// Covered, so the only factor stays.
		assertThatProblem(operator.raw("DELETE", "/api/v1/me/mfa/totp", Api.json(Map.of("code", app.code(1))),
				"application/json"))
			.is(409, "last_factor_required");
	}

}
