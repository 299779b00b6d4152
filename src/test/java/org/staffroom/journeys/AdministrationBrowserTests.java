package org.staffroom.journeys;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.staffroom.testing.Browser;
import org.staffroom.testing.MailTestCase;
import org.staffroom.testing.Pages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guides' journeys in a real browser (Debian's Chromium, headless), one browser for
 * the whole class: the operator creates a trust; its main account holder accepts by the
 * link that arrived by email; they add schools and classes, invite a teacher for two
 * classes and a user administrator; the user administrator cannot invite an examiner and
 * is told why; a teacher edits their own account and finds no way to change their roles;
 * two administrators edit the same member at once. Every page on the way is scanned by
 * axe-core, and the main ones are saved as screenshots for the README.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdministrationBrowserTests extends MailTestCase {

	private Browser browser;

	private String base;

	// The journey's state, passed from one step to the next.
	private String holder;

	private String trustId;

	private String teacher;

	private String userAdmin;

	@BeforeAll
	void startBrowser() {
		this.base = "http://localhost:" + this.port;
		this.browser = new Browser(this.base);
		this.holder = email("main.holder");
		this.teacher = email("teacher");
		this.userAdmin = email("useradmin");
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
	void theOperatorCreatesATrust() {
		this.browser.open("/sign-in").check("sign-in");
		signInWithBrowser("operator@staffroom.test", "operator-password-for-tests");
		assertThat(this.browser.path()).startsWith("/organisations");
		this.browser.check(null).press("Create an organisation");
		this.browser.press("Create organisation").check(null);
		assertThat(this.browser.text()).contains("There is a problem", "Enter a name");
		this.browser.type("name", "Oakwood Learning Trust")
			.type("mahFirstName", "Maria")
			.type("mahLastName", "Holder")
			.type("mahEmail", this.holder);
		this.browser.check("create-organisation");
		this.browser.press("Create organisation");
		assertThat(this.browser.text()).contains("Oakwood Learning Trust was created",
				"An invitation went to " + this.holder);
		this.trustId = this.browser.path().replaceAll("^/organisations/([^/?]+).*$", "$1");
		this.browser.open("/operator/email").check("operator-email");
		assertThat(this.browser.text()).contains(this.holder, "You are invited to join Oakwood Learning Trust");
		this.browser.press("Sign out");
		assertThat(this.browser.text()).contains("You have signed out");
	}

	@Test
	@Order(2)
	void theMainAccountHolderAcceptsByTheLinkInTheirEmail() {
		String token = linkIn(awaitMessage(this.holder, 1), "invitations");
		this.browser.open("/invitations/" + token).check("accept-invitation");
		assertThat(this.browser.text()).contains("Join Oakwood Learning Trust on Staffroom", "Create a password");
		this.browser.type("password", "short").press("Create account and accept").check(null);
		assertThat(this.browser.text()).contains("Password must be at least 12 characters");
		this.browser.type("password", PASSWORD).press("Create account and accept");
		assertThat(this.browser.text()).contains("Your account is ready");
		assertThat(this.browser.id("email").getAttribute("value")).isEqualTo(this.holder);
		this.browser.type("password", PASSWORD).press("Sign in");
		assertThat(this.browser.path()).isEqualTo("/organisations/" + this.trustId);
		this.browser.check("organisation");
		assertThat(this.browser.text()).contains("Administration: members", "Invite staff", "Maria Holder");
	}

	@Test
	@Order(3)
	void theyAddSchoolsYearsAndClasses() {
		this.browser.press("Schools, years and classes").check(null);
		addUnit("School", "Oak Primary", "The organisation");
		addUnit("School", "Elm Academy", "The organisation");
		addUnit("Year", "Year 7", "Oak Primary (school)");
		addUnit("Class", "7A", "Oak Primary / Year 7 (year)");
		addUnit("Class", "7B", "Oak Primary / Year 7 (year)");
		addUnit("Class", "Oops", "Elm Academy (school)");
		this.browser.check("units");
		assertThat(this.browser.text()).contains("Oak Primary", "Year 7", "7A", "7B", "Elm Academy");
		this.browser
			.follow(this.browser.find(By.xpath("//a[contains(., 'Change') and contains(., 'Elm Academy / Oops')]")));
		this.browser.check("unit");
		this.browser.type("name", "Elm 7C").press("Save name");
		assertThat(this.browser.text()).contains("Class Elm 7C was renamed");
	}

	@Test
	@Order(4)
	void theyInviteATeacherForTwoClassesRowByRow() {
		this.browser.open("/organisations/" + this.trustId + "/members").check(null);
		this.browser.press("Invite staff").check(null);
		assertThat(this.browser.text()).contains("Roles you cannot give", "Ambassador");
		this.browser.type("firstName", "Tom").type("lastName", "Teacher").type("email", this.teacher);
		this.browser.pressInPlace("+ Add role");
		waitForText("Choose a role to add");
		assertThat(this.browser.find(By.cssSelector(".govuk-error-summary")).getText())
			.contains("Choose a role to add");
		assertThat(this.browser.id("email").getAttribute("value")).isEqualTo(this.teacher);
		this.browser.check(null);
		pickRole("teacher");
		this.browser.choose("newUnit", "Oak Primary / Year 7 / 7A (class)");
		this.browser.pressInPlace("+ Add role");
		waitForText("Teacher at Oak Primary / Year 7 / 7A added");
		pickRole("teacher");
		this.browser.choose("newUnit", "Oak Primary / Year 7 / 7B (class)");
		this.browser.pressInPlace("+ Add role");
		waitForText("Teacher at Oak Primary / Year 7 / 7B added");
		assertThat(this.browser.id("firstName").getAttribute("value")).isEqualTo("Tom");
		assertThat(this.browser.all(By.cssSelector("input[name=roleKey]"))).hasSize(2);
		this.browser.check("invite-staff");
		this.browser.press("Save and send invitation");
		assertThat(this.browser.text()).contains("Invitation sent to " + this.teacher, "Tom Teacher", "Pending");
		this.browser.check("invitations");
	}

	@Test
	@Order(5)
	void theyInviteAUserAdministrator() {
		this.browser.press("Invite staff");
		this.browser.type("firstName", "Uma").type("lastName", "Admin").type("email", this.userAdmin);
		pickRole("user-admin");
		this.browser.choose("newUnit", "Whole organisation");
		this.browser.press("Save and send invitation");
		assertThat(this.browser.text()).contains("Invitation sent to " + this.userAdmin);
		this.browser.open("/organisations/" + this.trustId + "/members").check("members");
		assertThat(this.browser.text()).contains("Tom Teacher", "Teacher, Oak Primary / Year 7 / 7A",
				"Teacher, Oak Primary / Year 7 / 7B", "User administrator, Whole organisation");
		this.browser.type("q", "uma").press("Search");
		assertThat(this.browser.text()).contains("1 member", "Uma Admin").doesNotContain("Tom Teacher");
		this.browser.open("/organisations/" + this.trustId + "/audit").check("audit");
		assertThat(this.browser.text()).contains("Invitation sent", "Unit added");
		this.browser.open("/organisations/" + this.trustId + "/roles").check("roles-help");
	}

	@Test
	@Order(6)
	void theUserAdministratorCannotInviteAnExaminerAndIsToldWhy() {
		accept(this.userAdmin);
		this.browser.forget();
		signInWithBrowser(this.userAdmin, PASSWORD);
		this.browser.open("/organisations/" + this.trustId + "/invite").check("invite-as-user-administrator");
		List<String> offered = this.browser.all(By.name("newRole"))
			.stream()
			.map((e) -> e.getAttribute("value"))
			.toList();
		assertThat(offered).contains("user-admin", "headteacher", "teacher", "org-overview")
			.doesNotContain("examiner", "org-admin");
		WebElement heldBack = this.browser.find(By.xpath("//dt[normalize-space(.)='Examiner']/following-sibling::dd"));
		assertThat(heldBack.getText()).isEqualTo(
				"None of your roles lets you give Examiner anywhere in Oakwood Learning Trust. Ask a main account holder.");
		assertThat(this.browser.find(By.xpath("//dt[normalize-space(.)='Examiner']")).getAttribute("title"))
			.contains("Runs assessments");
	}

	@Test
	@Order(7)
	void aTeacherEditsTheirOwnAccountAndFindsNoWayToChangeTheirRoles() {
		accept(this.teacher);
		this.browser.forget();
		signInWithBrowser(this.teacher, PASSWORD);
		this.browser.press("Edit my account").check("my-account");
		assertThat(this.browser.text()).contains("Teacher, Oak Primary / Year 7 / 7A",
				"You cannot change your own roles", "Maria Holder", this.holder);
		assertThat(this.browser.all(By.name("newRole"))).isEmpty();
		assertThat(this.browser.all(By.name("roleKey"))).isEmpty();
		assertThat(this.browser.all(By.name("status"))).isEmpty();
		this.browser.type("jobTitle", "Head of Year 7").type("firstName", "").press("Save my details").check(null);
		assertThat(this.browser.text()).contains("Enter a first name");
		assertThat(this.browser.id("jobTitle").getAttribute("value")).isEqualTo("Head of Year 7");
		this.browser.type("firstName", "Thomas").press("Save my details");
		assertThat(this.browser.text()).contains("Your details were saved");
		assertThat(this.browser.id("jobTitle").getAttribute("value")).isEqualTo("Head of Year 7");
	}

	@Test
	@Order(8)
	void twoAdministratorsEditTheSameMemberAndTheSecondKeepsWhatTheyTyped() {
		this.browser.forget();
		signInWithBrowser(this.holder, PASSWORD);
		this.browser.open("/organisations/" + this.trustId + "/members");
		this.browser.press("Thomas Teacher").check(null);
		String memberPath = this.browser.path();
		this.browser.type("lastName", "Teach-Smith").type("phone", "01234 567890");

		// Meanwhile the user administrator saves the same member, in a session of their
		// own.
		Pages other = new Pages(this.base);
		other.signIn(this.userAdmin, PASSWORD);
		var page = other.get(memberPath);
		var saved = other.post(memberPath,
				Pages.form("version", Pages.value(page, "version"), "firstName", "Thomas", "lastName", "Teacher",
						"jobTitle", "Year 7 lead", "email", this.teacher, "status", "active", "roleKey",
						Pages.all(page, "name=\"roleKey\" value=\"([^\"]+)\""), "roleUnit",
						Pages.all(page, "name=\"roleUnit\" value=\"([^\"]+)\""), "action", "save"));
		assertThat(saved.body()).contains("were saved");

		this.browser.press("Save changes");
		assertThat(this.browser.text()).contains("Someone else changed this member while you were editing",
				"What is saved now", "Year 7 lead");
		assertThat(this.browser.id("lastName").getAttribute("value")).isEqualTo("Teach-Smith");
		assertThat(this.browser.id("phone").getAttribute("value")).isEqualTo("01234 567890");
		this.browser.check("member-conflict");
		this.browser.press("Save changes");
		assertThat(this.browser.text()).contains("Changes to Thomas Teach-Smith were saved");
		this.browser.check("member");
	}

	@Test
	@Order(9)
	void theInviteFormWorksWithTheKeyboardAlone() {
		this.browser.open("/organisations/" + this.trustId + "/invite");
		WebElement first = this.browser.id("firstName");
		first.sendKeys("Kay");
		first.sendKeys(Keys.TAB);
		this.browser.driver().switchTo().activeElement().sendKeys("Board");
		this.browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
		this.browser.driver().switchTo().activeElement().sendKeys(email("keyboard"));
		WebElement teacherRole = this.browser.find(By.cssSelector("input[name=newRole][value=teacher]"));
		this.browser.markElement("newUnit");
		teacherRole.sendKeys(Keys.SPACE);
		assertThat(teacherRole.isSelected()).isTrue();
		awaitSwap();
		WebElement where = this.browser.id("newUnit");
		where.sendKeys("Oak Primary / Year 7 / 7B");
		where.sendKeys(Keys.TAB);
		WebElement focused = this.browser.driver().switchTo().activeElement();
		assertThat(focused.getText()).isEqualTo("+ Add role");
		focused.sendKeys(Keys.ENTER);
		waitForText("Teacher at Oak Primary / Year 7 / 7B added");
		this.browser.check(null);
		assertThat(this.browser.id("firstName").getAttribute("value")).isEqualTo("Kay");
	}

	@Test
	@Order(10)
	void theRemainingPagesPassTheChecks() {
		this.browser.open("/organisations").check("organisations");
		this.browser.open("/help/roles").check(null);
		this.browser.open("/forgotten-password").check("forgotten-password");
		this.browser.open("/organisations/" + this.trustId + "/invitations?status=accepted").check(null);
		this.browser.open("/organisations/" + this.trustId + "/members/no-such-member").check(null);
		assertThat(this.browser.text()).contains("Page not found");
		this.browser.forget();
		this.browser.open("/invitations/not-a-real-invitation-token-at-all").check(null);
		assertThat(this.browser.text()).contains("Page not found");
	}

	private void signInWithBrowser(String email, String password) {
		this.browser.open("/sign-in").type("email", email).type("password", password).press("Sign in");
	}

	private void addUnit(String type, String name, String where) {
		this.browser.find(By.xpath("//input[@name='type' and @value='" + type.toLowerCase() + "']")).click();
		this.browser.type("name", name).choose("parentId", where).press("Add");
		assertThat(this.browser.text()).contains(type + " " + name + " was added");
	}

	private void pickRole(String key) {
		this.browser.markElement("newUnit");
		this.browser.find(By.cssSelector("input[name=newRole][value=" + key + "]")).click();
		awaitSwap();
	}

	/**
	 * htmx fetches the places where the picked role may be given and swaps the list: wait
	 * for that.
	 */
	private void awaitSwap() {
		// When no swap happens (the list was already right), carry on.
		this.browser.replaced("newUnit", Duration.ofSeconds(5));
	}

	private void waitForText(String text) {
		long until = System.currentTimeMillis() + 10_000;
		while (!this.browser.driver().getPageSource().contains(text)) {
			if (System.currentTimeMillis() > until) {
				throw new AssertionError("\"" + text + "\" never appeared on " + this.browser.path());
			}
			sleepBriefly();
		}
	}

	private static void sleepBriefly() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
