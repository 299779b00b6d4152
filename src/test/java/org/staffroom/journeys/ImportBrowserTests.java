package org.staffroom.journeys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.staffroom.testing.ApiTestCase;
import org.staffroom.testing.Browser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The import page in a real browser: a main account holder checks a staff CSV (the form's
 * errors first), follows the progress bar that htmx refreshes in place, reads a OneRoster
 * package's problems with their file, row and column, then imports the corrected package.
 * axe-core scans every page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImportBrowserTests extends ApiTestCase {

	private Browser browser;

	private Trust trust;

	private String domain;

	private Path files;

	@BeforeAll
	void startBrowser() throws IOException {
		this.browser = new Browser("http://localhost:" + this.port);
		this.files = Files.createTempDirectory("staffroom-import-journey");
		this.domain = "journey" + System.nanoTime() % 100000 + ".test";
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
	void theMainAccountHolderChecksAStaffCsvAndFollowsItsProgress() throws IOException {
		this.trust = aTrust();
		this.trust.school("Oak Primary");
		this.browser.open("/sign-in").type("email", this.trust.adminEmail).type("password", PASSWORD).press("Sign in");
		this.browser.press("Import colleagues and rosters").check("import");
		assertThat(this.browser.find(By.linkText("download the staff CSV template")).getAttribute("href"))
			.endsWith("/imports/staff-template.csv");
		this.browser.press("Continue").check(null);
		assertThat(this.browser.text()).contains("There is a problem", "Choose a file to import");

		Path csv = this.files.resolve("staff.csv");
		Files.writeString(csv, "email,first name,last name,job title,role,school,year or class\r\n" + "ada@"
				+ this.domain + ",Ada,Lovelace,Head of maths,headteacher,Oak Primary,\r\n", StandardCharsets.UTF_8);
		this.browser.id("file").sendKeys(csv.toString());
		this.browser.press("Continue");
		assertThat(this.browser.path()).matches("/organisations/.+/imports/.+");
		assertThat(this.browser.all(By.id("import-progress"))).hasSize(1);
		awaitText("Succeeded");
		this.browser.check("import-report");
		assertThat(this.browser.text()).contains("checked only (dry run)", "invited", "nothing was changed");
	}

	@Test
	@Order(2)
	void theyReadEachProblemOfAOneRosterPackageThenImportItCorrected() throws IOException {
		this.browser.open("/organisations/" + this.trust.id + "/imports");
		Path bad = this.files.resolve("bad.zip");
		Files.write(bad, roster(true));
		this.browser.find(By.id("kind-oneroster")).click();
		this.browser.find(By.id("administratorRole-user-admin")).click();
		this.browser.find(By.id("mode-import")).click();
		this.browser.id("file").sendKeys(bad.toString());
		this.browser.press("Continue");
		awaitText("Failed");
		this.browser.check("import-problems");
		String problems = this.browser.find(By.id("import-problems")).getText();
		assertThat(problems).contains("users.csv", "email", "invalid_email");
		assertThat(this.browser.find(By.linkText("Download the problems as a CSV")).getAttribute("href"))
			.endsWith("/errors.csv");

		this.browser.press("Import another file");
		Path good = this.files.resolve("good.zip");
		Files.write(good, roster(false));
		this.browser.find(By.id("kind-oneroster")).click();
		this.browser.find(By.id("mode-import")).click();
		this.browser.id("file").sendKeys(good.toString());
		this.browser.press("Continue");
		awaitText("Succeeded");
		this.browser.check(null);
		assertThat(this.browser.text()).contains("Imported", "pupilsCreated");
		assertThat(this.browser.find(By.id("import-progress")).getAttribute("value")).isEqualTo("100");
	}

	/** The test package of OneRoster 1.1, with one bad email when asked. */
	private byte[] roster(boolean badEmail) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (String name : new String[] { "manifest.csv", "orgs.csv", "academicSessions.csv", "courses.csv",
					"classes.csv", "users.csv", "enrollments.csv" }) {
				try (InputStream in = getClass().getResourceAsStream("/oneroster/v1p1/" + name)) {
					String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{domain}",
							this.domain);
					if (badEmail) {
						text = text.replace("ada.lovelace@" + this.domain, "ada.lovelace.at." + this.domain);
					}
					zip.putNextEntry(new ZipEntry(name));
					zip.write(text.getBytes(StandardCharsets.UTF_8));
					zip.closeEntry();
				}
			}
		}
		return bytes.toByteArray();
	}

	/**
	 * Waits for htmx's polling to bring the text into the page, with no new page load.
	 */
	private void awaitText(String text) {
		long until = System.currentTimeMillis() + 60_000;
		// The page source, not an element: htmx replaces the elements while we look.
		while (!this.browser.driver().getPageSource().contains(">" + text + "</strong>")) {
			if (System.currentTimeMillis() > until) {
				throw new AssertionError("\"" + text + "\" never appeared on " + this.browser.path());
			}
			try {
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

}
