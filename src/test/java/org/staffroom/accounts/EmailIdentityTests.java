package org.staffroom.accounts;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.ProblemAssert.assertThatProblem;

/**
 * One account per person: addresses that differ only in capitals, surrounding spaces or
 * Unicode form (a composed "ë" or an "e" with a combining diaeresis) are the same
 * username.
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

		assertThatProblem(trust.invite(trust.admin, member.email().toUpperCase(), "org-overview", null)).is(409,
				"already_member");
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
		assertThat(me.get("email").asString()).as("kept as typed, in NFC")
			.isEqualTo(Normalizer.normalize(nfd, Normalizer.Form.NFC));
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

		assertThatProblem(member.api().patch("/api/v1/me", Map.of("email", decomposed(nfc).toUpperCase()))).is(409,
				"email_taken");
	}

	@Test
	void lookAlikesOfAnAddressAreTheSameAccountOrRefused() {
		Trust trust = aTrust();
		String real = "case.test." + unique() + "@example.org";
		assertThat(trust.invite(trust.admin, real, "org-overview", null).status()).isEqualTo(201);
		long accounts = accounts();

		assertThatProblem(trust.invite(trust.admin, real + "\u00a0", "org-overview", null)).as("no-break space")
			.is(409, "already_member");
		assertThatProblem(trust.invite(trust.admin, "\u2007\u3000" + real + "\u202f", "org-overview", null))
			.as("other Unicode spaces")
			.is(409, "already_member");
		assertThatProblem(trust.invite(trust.admin, fullwidth(real), "org-overview", null)).as("fullwidth letters")
			.is(409, "already_member");
		assertThatProblem(trust.invite(trust.admin, real.replace("case.", "ca\u200bse."), "org-overview", null))
			.as("zero-width space")
			.isInvalid("email")
			.hasFieldError("email", "invalid_email");
		assertThatProblem(trust.invite(trust.admin, real.replace("case.", "c\u0430se."), "org-overview", null))
			.as("a Cyrillic a among Latin letters")
			.isInvalid("email")
			.hasFieldError("email", "invalid_email");
		assertThat(accounts()).as("no new account beside the real one").isEqualTo(accounts);
	}

	@Test
	void anAccountInAnotherOrganisationIsFoundByItsFullwidthForm() {
		Trust first = aTrust();
		Trust second = aTrust();
		String real = "case.test." + unique() + "@example.org";
		var invitedFirst = first.invite(first.admin, real, "org-overview", null);

		var invitedSecond = second.invite(second.admin, fullwidth(real) + "\u00a0", "org-overview", null);

		assertThat(invitedSecond.status()).as(invitedSecond.toString()).isEqualTo(201);
		assertThat(invitedSecond.json().get("memberId").asString())
			.isEqualTo(invitedFirst.json().get("memberId").asString());
	}

	@Test
	void refusesInvisibleFormatAndControlCharactersAnywhereInAnAddress() {
		Trust trust = aTrust();
		String address = "someone." + unique() + "@example.org";
		long accounts = accounts();

		for (String hidden : new String[] { "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e",
				"\u202a", "\u2066", "\u2069", "\u061c", "\u0007", "\u0000", "\u3164" }) {
			for (String candidate : new String[] { hidden + address, address.replace("@", hidden + "@"),
					address.replace("@", "@" + hidden), address + hidden }) {
				assertThatProblem(trust.invite(trust.admin, candidate, "org-overview", null))
					.as("U+%04X in %s", (int) hidden.charAt(0), candidate)
					.isInvalid("email")
					.hasFieldError("email", "invalid_email");
			}
		}
		for (String space : new String[] { "\u00a0", "\u2028", "\u3000", " " }) {
			assertThatProblem(trust.invite(trust.admin, address.replace("@", space + "@"), "org-overview", null))
				.as("a space inside, U+%04X", (int) space.charAt(0))
				.isInvalid("email");
		}
		assertThat(accounts()).isEqualTo(accounts);
	}

	@Test
	void refusesAddressesOverTwoHundredAndFiftyFourCharactersAndIpLiteralDomains() {
		Trust trust = aTrust();
		String domain = "@" + "d".repeat(61) + "." + "e".repeat(61) + "." + "f".repeat(61) + ".org";
		String longest = "a".repeat(254 - domain.length()) + domain;
		assertThat(longest).hasSize(254);

		assertThat(trust.invite(trust.admin, longest, "org-overview", null).status()).isEqualTo(201);
		for (String refused : new String[] { "b" + longest, "user." + unique() + "@[192.0.2.1]",
				"user." + unique() + "@[IPv6:2001:db8::1]", "user." + unique() + "@192.0.2.1" }) {
			assertThatProblem(trust.invite(trust.admin, refused, "org-overview", null)).as(refused)
				.isInvalid("email")
				.hasFieldError("email", "invalid_email");
		}
	}

	@Test
	void aMixedScriptAddressIsRefusedOnEveryPathThatTakesOne() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);
		String lookAlike = "c\u0430se." + unique() + "@example.org";

		assertThatProblem(member.api().patch("/api/v1/me", Map.of("email", lookAlike))).isInvalid("email")
			.hasFieldError("email", "invalid_email");
		assertThatProblem(trust.amend(trust.admin, member.id(), Map.of("email", lookAlike))).isInvalid("email")
			.hasFieldError("email", "invalid_email");
		assertThatProblem(operator().post("/api/v1/organisations",
				Map.of("name", "Look-alike trust", "templates", List.of("school-trust"), "mainAccountHolder",
						Map.of("email", lookAlike, "firstName", "Main", "lastName", "Holder"))))
			.is(400, "validation_failed");
		var imported = trust.admin.postBytes(trust.path("/imports?kind=staff-csv&dryRun=true"),
				("email,first name,last name,job title,role,school,year or class\r\n" + lookAlike
						+ ",Ada,Lovelace,,org-overview,,\r\n")
					.getBytes(StandardCharsets.UTF_8),
				"text/csv");
		assertThat(imported.status()).as(imported.toString()).isEqualTo(202);
		String id = imported.json().get("id").asString();
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
			String status = trust.admin.get(trust.path("/imports/" + id)).json().get("status").asString();
			return status.equals("succeeded") || status.equals("failed");
		});
		var report = trust.admin.get(trust.path("/imports/" + id)).json();
		assertThat(report.get("errors").findValuesAsString("code")).as(report.toString())
			.containsExactly("invalid_email");
	}

	/**
	 * The address in fullwidth forms (U+FF01 to U+FF5E), which NFKC maps back to ASCII.
	 */
	private static String fullwidth(String ascii) {
		StringBuilder wide = new StringBuilder();
		ascii.chars().forEach((c) -> wide.append((c > 0x20 && c < 0x7f) ? (char) (c + 0xfee0) : (char) c));
		return wide.toString();
	}

	private long accounts() {
		return this.jdbc.sql("SELECT COUNT(*) FROM accounts").query(Long.class).single();
	}

	private static String unique() {
		return email("u").replace("@school.test", "").replace(".", "-");
	}

}
