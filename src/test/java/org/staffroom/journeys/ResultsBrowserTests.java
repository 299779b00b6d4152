package org.staffroom.journeys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openqa.selenium.WebElement;
import org.staffroom.testing.Browser;
import org.staffroom.testing.MailTestCase;
import org.staffroom.testing.Pages;
import org.staffroom.testing.ResultsTrust;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The results portal in a real browser, one browser for the class, on a generated trust
 * (two schools, years, six classes, 32 pupils entered through the API by an examiner):
 * the examiner creates an assessment and uploads its results, a bad row reported by its
 * row and code; a headteacher sees their school down to its pupils and the other school
 * as a total; a teacher sees their class's pupils, the other classes of their school and
 * the other school as totals, and cannot drill further; an organisational overview never
 * sees a pupil, and a direct address of a pupil list is refused; a small class shows as
 * hidden; "why do I see this?" names the assignment; and the CSV export neutralises a
 * pupil named "=1+1". Every page is scanned by axe-core and its console read for
 * Content-Security-Policy errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResultsBrowserTests extends MailTestCase {

	private Browser browser;

	private String base;

	// The journey's state, passed from one step to the next.
	private ResultsTrust results;

	private Member head;

	private Member teacher;

	private Member overview;

	private String dashboard;

	private String assessmentId;

	@BeforeAll
	void startBrowser() {
		this.base = "http://localhost:" + this.port;
		this.browser = new Browser(this.base);
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
	void anExaminerCreatesAnAssessmentAndUploadsItsResults() throws Exception {
		Trust trust = aTrust();
		this.results = new ResultsTrust(trust);
		this.head = trust.member("headteacher", this.results.oak);
		this.teacher = trust.member("teacher", this.results.c7a);
		this.overview = trust.member("org-overview", trust.root);

		signIn(this.results.examiner.email());
		this.browser.open("/organisations/" + trust.id).check(null);
		this.browser.press("Assessments and results").check(null);
		this.browser.press("Create an assessment").check(null);
		this.browser.type("name", "Autumn reading")
			.type("date", "31")
			.type("date-month", "2")
			.type("date-year", "2026");
		this.browser.press("Create assessment").check(null);
		assertThat(this.browser.text()).contains("There is a problem", "must be a real date",
				"Give the bands, from lowest to highest");
		assertThat(this.browser.id("name").getAttribute("value")).isEqualTo("Autumn reading");
		this.browser.type("date", "15").type("date-month", "10");
		this.browser.id("bands").sendKeys(String.join("\n", ResultsTrust.BANDS));
		this.browser.check("results-create-assessment");
		this.browser.press("Create assessment");
		assertThat(this.browser.text()).contains("Autumn reading was created", "Upload results");
		this.assessmentId = this.browser.path().replaceAll("^.*/assessments/([^/]+)/upload.*$", "$1");
		this.dashboard = "/organisations/" + trust.id + "/assessments/" + this.assessmentId + "/results";
		this.browser.check(null);

		// One bad row: a band the assessment does not have, on row 5 of the file.
		String csv = this.results.resultsCsv();
		String[] lines = csv.split("\n");
		String badRow = lines[4].replaceAll(",[^,]*$", ",Excellent");
		String bad = csv.replace(lines[4] + "\n", badRow + "\n");
		Path file = Files.createTempFile("results", ".csv");
		Files.writeString(file, bad, StandardCharsets.UTF_8);
		this.browser.id("file").sendKeys(file.toAbsolutePath().toString());
		this.browser.press("Upload").check("results-upload-report");
		assertThat(this.browser.text()).contains("Nothing was recorded", "unknown_band", "Excellent");
		WebElement problem = this.browser.find(By.xpath("//td[code='unknown_band']/parent::tr"));
		assertThat(problem.getText()).startsWith("5 band unknown_band");

		this.browser.id("file").sendKeys(file.toAbsolutePath().toString());
		this.browser.find(By.cssSelector("label[for=partial]")).click();
		this.browser.press("Upload").check(null);
		assertThat(this.browser.text()).contains(this.results.pupils.size() - 1 + " results recorded", "unknown_band");
		Files.deleteIfExists(file);

		// The valid row is recorded afterwards, so every pupil has a result for the
		// dashboards.
		Path fixed = Files.createTempFile("results", ".csv");
		Files.writeString(fixed, "pupil,score,band\n" + lines[4] + "\n", StandardCharsets.UTF_8);
		this.browser.id("file").sendKeys(fixed.toAbsolutePath().toString());
		this.browser.find(By.cssSelector("label[for=partial]")).click();
		this.browser.press("Upload");
		assertThat(this.browser.text()).contains("1 result recorded");
		Files.deleteIfExists(fixed);

		this.browser.press("See the results").check(null);
		assertThat(this.browser.text()).contains("Results: Whole organisation", "Schools", "Years", "Classes",
				"Pupils in Whole organisation");
	}

	@Test
	@Order(2)
	void theExaminerKeepsPupilRecords() {
		this.browser.open("/organisations/" + this.results.trust.id);
		this.browser.press("Pupils").check("results-pupils");
		assertThat(this.browser.text()).contains("32 pupils");
		this.browser.press("Add a pupil");
		this.browser.type("firstName", "Grace")
			.type("externalId", "OAK7B-99")
			.choose("classId", "Oak Primary / Year 7 / 7B");
		this.browser.press("Add pupil").check(null);
		assertThat(this.browser.text()).contains("There is a problem", "Enter a last name");
		assertThat(this.browser.id("firstName").getAttribute("value")).isEqualTo("Grace");
		assertThat(this.browser.id("externalId").getAttribute("value")).isEqualTo("OAK7B-99");
		this.browser.type("lastName", "Hopper").press("Add pupil").check("results-pupil");
		assertThat(this.browser.text()).contains("Grace Hopper was added to Oak Primary / Year 7 / 7B");
		this.browser.press("Remove this pupil").check(null);
		this.browser.press("Yes, remove this pupil");
		assertThat(this.browser.text()).contains("Grace Hopper and their results were removed", "32 pupils");
	}

	@Test
	@Order(3)
	void aHeadteacherSeesTheirSchoolDownToPupilsAndTheOtherSchoolAsATotal() {
		this.browser.forget();
		signIn(this.head.email());
		this.browser.open("/organisations/" + this.results.trust.id);
		this.browser.press("Assessments and results");
		this.browser.press("Autumn reading").check("results-dashboard-headteacher");
		assertThat(this.browser.path()).isEqualTo(this.dashboard);
		assertThat(schoolLinks()).containsExactly("Oak Primary");
		assertThat(rowText("school-table", "Elm Academy")).contains("11");
		assertThat(this.browser.all(By.id("pupils-table"))).isEmpty();
		assertThat(this.browser.all(By.cssSelector("svg[role=img] title"))).isNotEmpty();

		this.browser.follow(this.browser.find(By.linkText("Oak Primary"))).check("results-dashboard-school");
		assertThat(this.browser.text()).contains("Years", "Classes", "Pupils in Oak Primary").doesNotContain("hidden");
		assertThat(this.browser.id("pupils-table").getText()).contains("OAK7S-1", "OAK8A-6").doesNotContain("ELM7A-1");
	}

	@Test
	@Order(4)
	void aTeacherSeesTheirClassesPupilsAndOtherGroupsOnlyAsTotals() {
		this.browser.forget();
		signIn(this.teacher.email());
		this.browser.open(this.dashboard).check(null);
		assertThat(schoolLinks()).containsExactly("Oak Primary");
		assertThat(this.browser.all(By.id("pupils-table"))).isEmpty();

		this.browser.follow(this.browser.find(By.linkText("Oak Primary"))).check("results-dashboard-teacher");
		assertThat(rowText("class-table", "Year 7 / 7S"))
			.contains("Hidden: fewer than 5 pupils, or would reveal such a group");
		assertThat(this.browser.text()).contains("Groups of fewer than 5 pupils are hidden");
		List<String> classLinks = this.browser.all(By.cssSelector("#class-table tbody th a"))
			.stream()
			.map(WebElement::getText)
			.toList();
		assertThat(classLinks).containsExactly("Year 7 / 7A");
		assertThat(this.browser.all(By.id("pupils-table"))).isEmpty();

		this.browser.follow(this.browser.find(By.linkText("Year 7 / 7A"))).check(null);
		assertThat(this.browser.id("pupils-table").getText()).contains("OAK7A-1", "OAK7A-6", "=1+1")
			.doesNotContain("OAK7B");
		this.browser.press("Pupil list for Oak Primary / Year 7 / 7A").check(null);
		assertThat(this.browser.text()).contains("6 pupils", "OAK7A-1").doesNotContain("OAK7B-1");

		this.browser.open(this.dashboard + "?unit=" + this.results.c7a);
		this.browser.press("Why do I see this?").check("results-why");
		assertThat(this.browser.text()).contains("Teacher at Oak Primary / Year 7 / 7A", "results.pupils",
				"results.summary", "results.compare");

		// The export as the teacher's session downloads it: the formula is neutralised.
		Pages pages = pagesAs(this.teacher.email(), PASSWORD);
		String href = this.browser.driver().getCurrentUrl();
		assertThat(href).endsWith("/results/why");
		this.browser.open(this.dashboard + "?unit=" + this.results.c7a);
		String export = this.browser
			.find(By.xpath(
					"//section[@aria-labelledby='pupils-heading']//a[starts-with(normalize-space(.), 'Export CSV')]"))
			.getAttribute("href")
			.substring(this.base.length());
		var csv = pages.download(export);
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.text()).contains("'=1+1,").doesNotContain(",=1+1", "\n=1+1");
	}

	@Test
	@Order(5)
	void anOrganisationalOverviewNeverSeesAPupil() {
		this.browser.forget();
		signIn(this.overview.email());
		this.browser.open(this.dashboard).check("results-dashboard-overview");
		assertThat(this.browser.text()).contains("Schools", "Years", "Classes").doesNotContain("OAK7A-1", "Pupil list");
		assertThat(this.browser.all(By.id("pupils-table"))).isEmpty();
		assertThat(this.browser.all(By.cssSelector("#class-table tbody th a"))).isEmpty();
		assertThat(rowText("class-table", "Oak Primary / Year 7 / 7S"))
			.contains("Hidden: fewer than 5 pupils, or would reveal such a group");
		this.browser.open(this.dashboard + "?unit=" + this.results.c7a).check(null);
		assertThat(this.browser.all(By.id("pupils-table"))).isEmpty();
		this.browser.open("/organisations/" + this.results.trust.id + "/pupils?unit=" + this.results.c7a).check(null);
		assertThat(this.browser.text()).contains("You cannot do that").doesNotContain("OAK7A-1");
		this.browser.open("/organisations/" + this.results.trust.id + "/pupils").check(null);
		assertThat(this.browser.text()).contains("Your roles do not let you see pupils one by one");
	}

	private void signIn(String email) {
		this.browser.open("/sign-in").type("email", email).type("password", PASSWORD).press("Sign in");
	}

	private List<String> schoolLinks() {
		return this.browser.all(By.cssSelector("#school-table tbody th a")).stream().map(WebElement::getText).toList();
	}

	private String rowText(String table, String name) {
		return this.browser.find(By.xpath("//table[@id='" + table + "']//tr[th[normalize-space(.)='" + name + "']]"))
			.getText();
	}

}
