package org.staffroom.pages;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages behind emailed links: accepting an invitation, resetting a password,
 * confirming an email.
 */
class LinkPagesTests extends ApiTestCase {

	@Test
	void aNewColleagueSetsAPasswordByTheInvitationLinkAndSignsIn() {
		Trust trust = aTrust();
		String email = email("teacher");
		trust.invite(trust.admin, email, "org-overview", null);
		String token = latestLink(email, "invitations");

		var pages = pages();
		var page = pages.get("/invitations/" + token);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("Create a password", email);

		page = pages.post("/invitations/" + token, Map.of("password", "short"));
		assertThat(page.body()).contains("There is a problem", "at least 12 characters", "href=\"#password\"",
				"id=\"password-error\"");

		page = pages.post("/invitations/" + token, Map.of("password", PASSWORD));
		assertThat(page.path()).startsWith("/sign-in");
		assertThat(page.body()).contains("Your account is ready").contains("value=\"" + email + "\"");
		page = pages.post("/sign-in", Map.of("email", email, "password", PASSWORD));
		assertThat(page.path()).startsWith("/organisations/" + trust.id);

		page = pages().get("/invitations/" + token);
		assertThat(page.status()).isEqualTo(410);
		assertThat(page.body()).contains("This link no longer works", "This invitation has been accepted");
	}

	@Test
	void anUnknownLinkIsAPageNotFound() {
		var page = pages().get("/invitations/nothing-like-a-real-token-at-all");
		assertThat(page.status()).isEqualTo(404);
		assertThat(page.body()).contains("Page not found").doesNotContain("\"code\"");
	}

	@Test
	void anExistingAccountSignsInAndAccepts() {
		Trust first = aTrust();
		Trust second = aTrust();
		String email = email("consultant");
		first.invite(first.admin, email, "org-overview", null);
		accept(email);
		second.invite(second.admin, email, "org-overview", null);
		String token = latestLink(email, "invitations");

		var pages = pages();
		var page = pages.get("/invitations/" + token);
		assertThat(page.body()).contains("Sign in and accept");
		page = pages.get("/invitations/" + token + "/sign-in");
		assertThat(page.path()).startsWith("/sign-in");
		page = pages.post("/sign-in", Map.of("email", email, "password", PASSWORD));
		assertThat(page.path()).isEqualTo("/invitations/" + token);
		assertThat(page.body()).contains("Accept invitation");
		page = pages.post("/invitations/" + token, Map.of());
		assertThat(page.path()).isEqualTo("/organisations/" + second.id);
		assertThat(page.body()).contains("You are now a member of");
	}

	@Test
	void aForgottenPasswordIsResetByItsLink() {
		Trust trust = aTrust();
		var pages = pages();
		var page = pages.get("/forgotten-password");
		page = pages.post("/forgotten-password", Map.of("email", ""));
		assertThat(page.body()).contains("Enter your email address", "govuk-error-summary");
		page = pages.post("/forgotten-password", Map.of("email", trust.adminEmail));
		assertThat(page.body()).contains("Check your email");
		page = pages.post("/forgotten-password", Map.of("email", "nobody-" + trust.adminEmail));
		assertThat(page.body()).contains("Check your email");

		String token = latestLink(trust.adminEmail, "password-resets");
		page = pages.get("/password-resets/" + token);
		assertThat(page.body()).contains("Create a new password");
		page = pages.post("/password-resets/" + token, Map.of("password", "password1234"));
		assertThat(page.body()).contains("too common");
		page = pages.post("/password-resets/" + token, Map.of("password", "another long passphrase"));
		assertThat(page.path()).startsWith("/sign-in");
		assertThat(page.body()).contains("Your password has been changed");
		assertThat(pages().get("/password-resets/" + token).status()).isEqualTo(410);
		signIn(trust.adminEmail, "another long passphrase");
	}

	@Test
	void aNewEmailAddressIsConfirmedByAButtonNotByOpeningTheLink() {
		Trust trust = aTrust();
		String newEmail = email("renamed");
		var r = trust.admin.patch("/api/v1/me", Map.of("email", newEmail));
		assertThat(r.status()).as(r.toString()).isEqualTo(200);
		String token = latestLink(newEmail, "email-changes");

		var pages = pages();
		var page = pages.get("/email-changes/" + token);
		assertThat(page.body()).contains("Confirm your new email address", newEmail);
		assertThat(pages.get("/email-changes/" + token).status()).isEqualTo(200);
		page = pages.post("/email-changes/" + token, Map.of());
		assertThat(page.body()).contains("Your email address has changed", newEmail);
		assertThat(pages().get("/email-changes/" + token).status()).isEqualTo(410);
	}

}
