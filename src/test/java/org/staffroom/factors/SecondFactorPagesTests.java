package org.staffroom.factors;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.ApiTestCase;
import org.staffroom.testing.Pages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second factor on the pages, without JavaScript: the sign-in page's second step,
 * enrolment from Edit my account, a policy that sends people to enrolment, step-up asked
 * for in place, and a member's reset.
 */
class SecondFactorPagesTests extends ApiTestCase {

	@Test
	void signingInAsksForTheCodeAfterThePassword() {
		Trust trust = aTrust();
		Authenticator app = Authenticator.enrol(trust.admin);
		Pages pages = pages();

		var page = pages.signIn(trust.adminEmail, PASSWORD);
		assertThat(page.path()).isEqualTo("/sign-in/second-factor");
		assertThat(page.body()).contains("Enter the code from your authenticator app");
		// Not signed in yet: any other page sends back to sign in.
		assertThat(pages.get("/my-account").path()).startsWith("/sign-in");

		page = pages.post("/sign-in/second-factor", Map.of("code", "000000"));
		assertThat(page.body()).contains("There is a problem", "The code is wrong or has expired", "href=\"#code\"");
		page = pages.post("/sign-in/second-factor", Map.of("code", app.code(0)));
		assertThat(page.path()).doesNotStartWith("/sign-in");
		assertThat(pages.get("/my-account").body()).contains("Edit my account");
	}

	@Test
	void aRecoveryCodeSignsInOnce() {
		Trust trust = aTrust();
		Authenticator app = Authenticator.enrol(trust.admin);
		Pages pages = pages();
		pages.signIn(trust.adminEmail, PASSWORD);
		var page = pages.post("/sign-in/second-factor", Map.of("recoveryCode", app.recoveryCodes.get(2)));
		assertThat(page.path()).doesNotStartWith("/sign-in");

		Pages again = pages();
		again.signIn(trust.adminEmail, PASSWORD);
		page = again.post("/sign-in/second-factor", Map.of("recoveryCode", app.recoveryCodes.get(2)));
		assertThat(page.body()).contains("The recovery code is wrong or was used already");
	}

	@Test
	void aCoveredMemberIsSentToEnrolAndEnrolsFromThePage() {
		Trust trust = aTrust();
		Member teacher = trust.member("teacher", trust.year(trust.school("Oak"), "Year 7"));
		Pages admin = pagesAs(trust.adminEmail, PASSWORD);
		var settings = admin.get("/organisations/" + trust.id + "/settings");
		assertThat(settings.body()).contains("Who must have a second factor", "value=\"everyone\"");
		var saved = admin.post("/organisations/" + trust.id + "/settings",
				Map.of("name", "Oak Trust", "invitationDays", "7", "smallGroupK", "5", "mfaRequired", "everyone"));
		// The administrator is covered too, and is taken to enrol at once.
		assertThat(saved.path()).isEqualTo("/my-account/second-factor");
		assertThat(trust.admin.get("/api/v1/me/mfa").json().get("required").asBoolean()).isTrue();

		Pages pages = pages();
		pages.signIn(teacher.email(), PASSWORD);
		var page = pages.get("/organisations/" + trust.id);
		assertThat(page.path()).isEqualTo("/my-account/second-factor");
		assertThat(page.body()).contains("Your organisation requires a second factor");

		page = pages.post("/my-account/second-factor/authenticator", Map.of());
		assertThat(page.path()).isEqualTo("/my-account/second-factor/authenticator");
		assertThat(page.body()).contains("<svg", "Scan this QR code");
		String secret = Pages.all(page, "id=\"totp-secret\">([A-Z2-7 ]+)<").get(0).replace(" ", "");
		page = pages.post("/my-account/second-factor/authenticator/confirm", Map.of("code", "12345"));
		assertThat(page.body()).contains("There is a problem", "<svg");
		page = pages.post("/my-account/second-factor/authenticator/confirm",
				Map.of("code", Totp.code(secret, Totp.stepAt(java.time.Instant.now().getEpochSecond()))));
		List<String> codes = Pages.all(page, "<code>([a-z0-9]{5}-[a-z0-9]{5})</code>");
		assertThat(codes).hasSize(10);
		assertThat(page.body()).contains("These codes are shown only once");
		assertThat(pages.get("/organisations/" + trust.id).path()).isEqualTo("/organisations/" + trust.id);
	}

	@Test
	void stepUpIsAskedForInPlaceAndNothingTypedIsLost() {
		Trust trust = aTrust();
		String school = trust.school("Elm");
		// Signed in before enrolling: this session has never proved a second factor.
		Pages pages = pagesAs(trust.adminEmail, PASSWORD);
		Authenticator app = Authenticator.enrol(trust.admin);
		String newcomer = email("deputy");
		Map<String, Object> form = new java.util.LinkedHashMap<>(Map.of("firstName", "Dee", "lastName", "Puty", "email",
				newcomer, "jobTitle", "Deputy head", "roleKey", List.of("user-admin"), "roleUnit", List.of(school),
				"newRole", "", "newUnit", "", "action", "save"));
		pages.get("/organisations/" + trust.id + "/invite");

		var page = pages.post("/organisations/" + trust.id + "/invite", form);
		assertThat(page.body()).contains("There is a problem", "id=\"otp\"", "value=\"Deputy head\"",
				"value=\"" + newcomer + "\"");
		form.put("otp", app.code(0));
		page = pages.post("/organisations/" + trust.id + "/invite", form);
		assertThat(page.path()).isEqualTo("/organisations/" + trust.id + "/invitations");
		assertThat(page.body()).contains("Invitation sent to " + newcomer);
	}

	@Test
	void anAdministratorResetsAMembersSecondFactorFromTheirPage() {
		Trust trust = aTrust();
		Member teacher = trust.member("teacher", trust.year(trust.school("Ash"), "Year 8"));
		Authenticator.enrol(teacher.api());
		Pages pages = pagesAs(trust.adminEmail, PASSWORD);
		Authenticator app = Authenticator.enrol(trust.admin);

		var member = pages.get("/organisations/" + trust.id + "/members/" + teacher.id());
		assertThat(member.body()).contains("Reset their second factor");
		String reset = "/organisations/" + trust.id + "/members/" + teacher.id() + "/second-factor/reset";
		var page = pages.get(reset);
		assertThat(page.body()).contains("Their authenticator app, passkeys and recovery codes will stop working");
		page = pages.post(reset, Map.of());
		assertThat(page.body()).contains("There is a problem", "needs your second factor");
		page = pages.post(reset, Map.of("otp", app.code(0)));
		assertThat(page.body()).contains("Their second factor was reset");
		assertThat(teacher.api().get("/api/v1/me/mfa").json().get("totp").asBoolean()).isFalse();
	}

}
