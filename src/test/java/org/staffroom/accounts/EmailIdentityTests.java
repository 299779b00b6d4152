package org.staffroom.accounts;

import java.text.Normalizer;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.ProblemAssert.assertThatProblem;

/**
 * One account per person: addresses that differ only in capitals, surrounding spaces or Unicode
 * form (a composed "ë" or an "e" with a combining diaeresis) are the same username.
 */
class EmailIdentityTests extends ApiTestCase {

	private static String composed(String local) {
		return Normalizer.normalize("zo\u00eb." + local + "@x.test", Normalizer.Form.NFC);
	}

	private static String decomposed(String address) {
		return Normalizer.normalize(address, Normalizer.Form.NFD);
	}

	@Test
	void invitingTheDecomposedFormOfAMembersAddressFindsTheSameAccount() {
		Trust trust = aTrust();
		String nfc = composed(unique());
		String nfd = decomposed(nfc);
		assertThat(nfd).isNotEqualTo(nfc);
		assertThat(trust.invite(trust.admin, nfc, "org-overview", null).status()).isEqualTo(201);

		assertThatProblem(trust.invite(trust.admin, nfd, "org-overview", null)).is(409, "already_member");
		assertThatProblem(trust.invite(trust.admin, nfd.toUpperCase(), "org-overview", null)).is(409, "already_member");
		assertThatProblem(trust.invite(trust.admin, "  " + nfc + " ", "org-overview", null)).is(409, "already_member");
	}

	@Test
	void invitingAnAddressInOtherCapitalsFindsTheSameAccount() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);

		assertThatProblem(trust.invite(trust.admin, member.email().toUpperCase(), "org-overview", null))
			.is(409, "already_member");
	}

	@Test
	void signsInWithEitherFormAndAnyCapitals() {
		Trust trust = aTrust();
		String nfd = decomposed(composed(unique()));
		var invited = trust.invite(trust.admin, nfd, "org-overview", null);
		assertThat(invited.status()).isEqualTo(201);
		accept(nfd);

		for (String form : new String[] { nfd, Normalizer.normalize(nfd, Normalizer.Form.NFC), nfd.toUpperCase(),
				" " + Normalizer.normalize(nfd, Normalizer.Form.NFC).toUpperCase() + " " }) {
			var response = this.api.post("/api/v1/auth/tokens", Map.of("email", form, "password", PASSWORD));
			assertThat(response.status()).as(form + ": " + response).isEqualTo(201);
		}
		var me = signIn(nfd, PASSWORD).get("/api/v1/me").json();
		assertThat(me.get("email").asString()).as("kept as typed, in NFC").isEqualTo(Normalizer.normalize(nfd,
				Normalizer.Form.NFC));
		assertThat(me.get("id").asString()).isEqualTo(invited.json().get("memberId").asString());
	}

	@Test
	void anAccountInAnotherOrganisationIsFoundByAnyFormOfItsAddress() {
		Trust first = aTrust();
		Trust second = aTrust();
		String nfc = composed(unique());
		var invitedFirst = first.invite(first.admin, nfc, "org-overview", null);
		accept(nfc);

		var invitedSecond = second.invite(second.admin, decomposed(nfc).toUpperCase(), "org-overview", null);

		assertThat(invitedSecond.status()).as(invitedSecond.toString()).isEqualTo(201);
		assertThat(invitedSecond.json().get("memberId").asString())
			.isEqualTo(invitedFirst.json().get("memberId").asString());
	}

	@Test
	void anEmailChangeToAnotherFormOfAnAddressInUseIsRefused() {
		Trust trust = aTrust();
		String nfc = composed(unique());
		trust.invite(trust.admin, nfc, "org-overview", null);
		Member member = trust.member("org-overview", null);

		assertThatProblem(member.api().patch("/api/v1/me", Map.of("email", decomposed(nfc).toUpperCase())))
			.is(409, "email_taken");
	}

	private static String unique() {
		return email("u").replace("@school.test", "").replace(".", "-");
	}

}
