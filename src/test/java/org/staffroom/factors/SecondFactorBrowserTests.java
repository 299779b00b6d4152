package org.staffroom.factors;

import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.staffroom.testing.ApiTestCase;
import org.staffroom.testing.Browser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Setting up an authenticator app and signing in with it, in a real browser (Debian's
 * Chromium, headless): the key is read off the page as a person would type it into their
 * app, and every page on the way is scanned by axe-core.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecondFactorBrowserTests extends ApiTestCase {

	private Browser browser;

	@BeforeAll
	void startBrowser() {
		this.browser = new Browser("http://localhost:" + this.port);
	}

	@AfterAll
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@AfterEach
	void noAccessibilityOrPolicyProblems() {
		assertThat(this.browser.problems()).as("axe-core serious/critical violations and CSP errors").isEmpty();
	}

	@Test
	void enrolsAnAuthenticatorAppFromThePageAndSignsInWithItsCode() {
		Trust trust = aTrust();
		this.browser.open("/sign-in").type("email", trust.adminEmail).type("password", PASSWORD).press("Sign in");
		this.browser.open("/my-account/second-factor").check("second-factor");
		this.browser.press("Set up an authenticator app").check("second-factor-authenticator");
		assertThat(this.browser.find(org.openqa.selenium.By.cssSelector("svg title")).getAttribute("textContent"))
			.contains("QR code");
		String secret = this.browser.id("totp-secret").getText().replace(" ", "");
		assertThat(secret).matches("[A-Z2-7]{32}");

		this.browser.type("code", "123").press("Confirm").check(null);
		assertThat(this.browser.text()).contains("There is a problem");
		this.browser.type("code", Totp.code(secret, Totp.stepAt(Instant.now().getEpochSecond()) - 1))
			.press("Confirm")
			.check("second-factor-recovery-codes");
		assertThat(this.browser.text()).contains("Your authenticator app is set up", "shown only once");
		assertThat(this.browser.all(org.openqa.selenium.By.cssSelector("#recovery-codes li"))).hasSize(10);
		this.browser.press("I have saved my codes");
		assertThat(this.browser.text()).contains("An authenticator app is set up", "10");

		this.browser.press("Sign out");
		this.browser.open("/sign-in").type("email", trust.adminEmail).type("password", PASSWORD).press("Sign in");
		assertThat(this.browser.path()).isEqualTo("/sign-in/second-factor");
		this.browser.check("sign-in-second-factor");
		this.browser.type("code", "000000").press("Continue").check(null);
		assertThat(this.browser.text()).contains("The code is wrong or has expired");
		this.browser.type("code", Totp.code(secret, Totp.stepAt(Instant.now().getEpochSecond()))).press("Continue");
		assertThat(this.browser.path()).doesNotStartWith("/sign-in");
		this.browser.open("/my-account").check(null);
		assertThat(this.browser.text()).contains("Edit my account");
	}

}
