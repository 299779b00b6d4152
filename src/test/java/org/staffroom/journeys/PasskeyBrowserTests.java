package org.staffroom.journeys;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

import org.staffroom.testing.ApiTestCase;
import org.staffroom.testing.Browser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A passkey in a real browser: Chromium's virtual authenticator (WebDriver's, a platform
 * authenticator that verifies the user) stands in for a laptop's fingerprint reader. The
 * main account holder adds a passkey on Edit my account (a name first), sees it listed,
 * signs out and signs in with it alone. axe-core scans each page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PasskeyBrowserTests extends ApiTestCase {

	private Browser browser;

	private VirtualAuthenticator authenticator;

	private Trust trust;

	@BeforeAll
	void startBrowser() {
		this.browser = new Browser("http://localhost:" + this.port);
		this.authenticator = ((HasVirtualAuthenticator) this.browser.driver()).addVirtualAuthenticator(
				new VirtualAuthenticatorOptions().setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
					.setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
					.setHasResidentKey(true)
					.setHasUserVerification(true)
					.setIsUserVerified(true)
					.setIsUserConsenting(true));
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
	@Order(1)
	void theyAddAPasskeyNamedForTheirLaptop() {
		this.trust = aTrust();
		this.browser.open("/sign-in").type("email", this.trust.adminEmail).type("password", PASSWORD).press("Sign in");
		this.browser.open("/my-account/second-factor").check("passkeys-second-factor");
		assertThat(this.browser.text()).contains("You have no passkeys", "Add a passkey");

		// No name: the page says so beside the field, and the browser is not asked.
		this.browser.pressInPlace("Add a passkey");
		await(() -> !this.browser.all(By.id("passkeyName-error")).isEmpty());
		assertThat(this.browser.id("passkeyName-error").getText()).contains("Enter a name for the passkey");
		assertThat(this.browser.title()).startsWith("Error: ");
		this.browser.check(null);
		assertThat(this.authenticator.getCredentials()).isEmpty();

		this.browser.type("passkeyName", "Work laptop").press("Add a passkey");
		assertThat(this.browser.path()).startsWith("/my-account/second-factor?passkey=added");
		this.browser.check("passkeys-added");
		String listed = this.browser.find(By.cssSelector("table.govuk-table")).getText();
		assertThat(listed).contains("Work laptop", "Never");
		assertThat(this.browser.text()).contains("Your passkey was added");
		assertThat(this.authenticator.getCredentials()).hasSize(1);
		assertThat(this.jdbc
			.sql("SELECT COUNT(*) FROM audit_entries WHERE action = 'mfa.passkey_registered' " + "AND actor_id = ?")
			.param(this.trust.adminId)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	@Order(2)
	void theySignOutAndSignInWithThePasskeyAlone() {
		this.browser.press("Sign out");
		assertThat(this.browser.path()).startsWith("/sign-in");
		this.browser.check("passkeys-sign-in");
		this.browser.press("Sign in with a passkey");
		assertThat(this.browser.path()).doesNotStartWith("/sign-in");
		this.browser.open("/my-account/second-factor").check(null);
		String listed = this.browser.find(By.cssSelector("table.govuk-table")).getText();
		assertThat(listed).contains("Work laptop").doesNotContain("Never");
	}

	@Test
	@Order(3)
	void aPasskeyTheServiceNoLongerKnowsSignsNobodyIn() {
		this.browser.press("Sign out");
		// The device still has it; the service no longer does (removed on another node,
		// say).
		this.jdbc.sql("""
				DELETE FROM user_credentials WHERE user_entity_user_id IN (
				  SELECT u.id FROM user_entities u JOIN accounts a ON a.email_key = u.name WHERE a.id = ?)""")
			.param(this.trust.adminId)
			.update();
		this.browser.press("Sign in with a passkey");
		assertThat(this.browser.path()).isEqualTo("/sign-in?passkey=failed");
		// The console's note of the refusal (401 from /login/webauthn) is what was meant.
		this.browser.driver().manage().logs().get(LogType.BROWSER);
		this.browser.check(null);
		assertThat(this.browser.text()).contains("Your passkey could not be used to sign in");
		this.browser.open("/my-account/second-factor");
		assertThat(this.browser.path()).startsWith("/sign-in");
	}

	private void await(java.util.function.BooleanSupplier condition) {
		new WebDriverWait(this.browser.driver(), Duration.ofSeconds(20)).until((d) -> condition.getAsBoolean());
	}

}
