package org.staffroom.pages;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.ApiTestCase;
import org.staffroom.testing.Pages;
import org.staffroom.testing.ResultsTrust;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The results portal's pages without JavaScript: pupils, assessments and uploads, each
 * role's dashboard and its links, suppression, the CSV exports and "why do I see this?".
 */
class ResultsPagesTests extends ApiTestCase {

	@Test
	void aKeeperAddsAmendsAndRemovesAPupilAndNothingTypedIsLost() {
		Trust trust = aTrust();
		ResultsTrust r = new ResultsTrust(trust);
		Pages examiner = pagesAs(r.examiner.email(), PASSWORD);
		String base = "/organisations/" + trust.id + "/pupils";

		var form = examiner.get(base + "/new");
		assertThat(form.status()).isEqualTo(200);
		assertThat(form.body()).contains("Oak Primary / Year 7 / 7A", "Elm Academy / Elm Year 7 / E7B");
		var refused = examiner.post(base + "/new",
				Pages.form("firstName", "Ada", "lastName", "", "externalId", "OAK7A-1", "classId", r.c7a));
		assertThat(refused.body()).contains("There is a problem", "Enter a last name", "href=\"#lastName\"",
				"Another pupil already has this external id", "href=\"#externalId\"", "value=\"Ada\"",
				"value=\"OAK7A-1\"");
		assertThat(Pattern.compile("<option value=\"" + r.c7a + "\"\\s+selected").matcher(refused.body()).find())
			.as("the chosen class stays chosen")
			.isTrue();

		var added = examiner.post(base + "/new",
				Pages.form("firstName", "Ada", "lastName", "Lovelace", "externalId", "OAK7A-NEW", "classId", r.c7a));
		assertThat(added.body()).contains("Ada Lovelace was added to Oak Primary / Year 7 / 7A");
		String pupilPath = added.path();
		assertThat(pupilPath).startsWith(base + "/");

		var amended = examiner.post(pupilPath,
				Pages.form("firstName", "Ada", "lastName", "King", "externalId", "OAK7A-NEW", "classId", r.c7b));
		assertThat(amended.body()).contains("Changes to Ada King were saved");
		assertThat(Pattern.compile("<option value=\"" + r.c7b + "\"\\s+selected").matcher(amended.body()).find())
			.isTrue();

		var list = examiner.get(base + "?q=king");
		assertThat(list.body()).contains("1 pupil", "Ada King", "Oak Primary / Year 7 / 7B");
		list = examiner.get(base + "?unit=" + r.c7s);
		assertThat(list.body()).contains("2 pupils", "OAK7S-1", "OAK7S-2").doesNotContain("OAK7A-2");
		list = examiner.get(base + "?school=" + r.elm);
		assertThat(list.body()).contains("11 pupils", "ELM7A-1").doesNotContain("OAK7A-2");
		list = examiner.get(base + "?school=" + r.oak);
		assertThat(list.body()).contains("22 pupils").doesNotContain("ELM7A-1", "govuk-pagination");
		list = examiner.get(base + "?page=2");
		assertThat(list.body()).contains("33 pupils", "Previous", "aria-label=\"Page 2\" aria-current=\"page\"")
			.doesNotContain("Next<");

		examiner.get(pupilPath + "/remove");
		var removed = examiner.post(pupilPath + "/remove", Map.of());
		assertThat(removed.body()).contains("Ada King and their results were removed");
		assertThat(examiner.get(pupilPath).status()).isEqualTo(404);
	}

	@Test
	void theListShowsOnlyPupilsWithinResultsPupilsAndOnlyKeepersMayAdd() {
		Trust trust = aTrust();
		ResultsTrust r = new ResultsTrust(trust);
		Member teacher = trust.member("teacher", r.c7a);
		Member overview = trust.member("org-overview", trust.root);
		String base = "/organisations/" + trust.id + "/pupils";

		Pages asTeacher = pagesAs(teacher.email(), PASSWORD);
		var list = asTeacher.get(base);
		assertThat(list.body()).contains("6 pupils", "OAK7A-1", "OAK7A-6")
			.doesNotContain("OAK7B-1", "ELM7A-1", "Add a pupil");
		assertThat(asTeacher.get(base + "/new").status()).isEqualTo(403);
		assertThat(asTeacher.get(base + "?unit=" + r.c7b).status()).isEqualTo(403);
		var pupil = asTeacher.get(base + "/" + r.pupils.get("OAK7A-2"));
		assertThat(pupil.body()).contains("OAK7A-2", "Only people with accounts.manage or assessments.conduct")
			.doesNotContain("Save changes");
		assertThat(asTeacher.get(base + "/" + r.pupils.get("OAK7B-2")).status()).isEqualTo(404);

		Pages asOverview = pagesAs(overview.email(), PASSWORD);
		list = asOverview.get(base);
		assertThat(list.body()).contains("Your roles do not let you see pupils one by one").doesNotContain("OAK7A-1");
		assertThat(asOverview.get(base + "?unit=" + r.c7a).status()).isEqualTo(403);

		var start = asTeacher.get("/organisations/" + trust.id);
		assertThat(start.body()).contains("Assessments and results", "/organisations/" + trust.id + "/pupils\"");
	}

	@Test
	void anExaminerCreatesAnAssessmentAndUploadsResultsWithAReportOfEveryProblem() {
		Trust trust = aTrust();
		ResultsTrust r = new ResultsTrust(trust);
		Pages examiner = pagesAs(r.examiner.email(), PASSWORD);
		String base = "/organisations/" + trust.id + "/assessments";

		assertThat(examiner.get(base).body()).contains("Create an assessment", "There are no assessments yet");
		examiner.get(base + "/new");
		var refused = examiner.post(base + "/new", Pages.form("name", "Spring reading", "dateDay", "31", "dateMonth",
				"2", "dateYear", "2027", "bands", "\n  \n"));
		assertThat(refused.body()).contains("There is a problem", "must be a real date", "href=\"#date\"",
				"Give the bands, from lowest to highest", "href=\"#bands\"", "value=\"Spring reading\"", "value=\"31\"",
				"value=\"2027\"");
		refused = examiner.post(base + "/new", Pages.form("name", "", "dateDay", "1", "dateMonth", "3", "dateYear",
				"2027", "bands", "Low\nHigh\nlow"));
		assertThat(refused.body()).contains("Enter a name", "Each band must have its own name", "Low\nHigh\nlow");
		var created = examiner.post(base + "/new", Pages.form("name", "Spring reading", "dateDay", "1", "dateMonth",
				"3", "dateYear", "2027", "bands", String.join("\r\n", ResultsTrust.BANDS)));
		assertThat(created.body()).contains("Spring reading was created", "Upload results",
				"Below average, Average, Above average");
		String upload = created.path();
		assertThat(upload).endsWith("/upload");

		String bad = r.resultsCsv().replace("OAK7B-3,", "NOBODY,").replaceAll("ELM7A-2,\\d+,", "ELM7A-2,fifty,")
				+ "OAK8A-1,60,Middling\n";
		var report = examiner.postFile(upload, Map.of(), "file", "results.csv", bad.getBytes(StandardCharsets.UTF_8));
		assertThat(report.status()).as(report.toString()).isEqualTo(200);
		assertThat(report.body()).contains("Nothing was recorded", "unknown_pupil", "invalid_number", "unknown_band",
				"duplicate");
		assertThat(cells(report.body(), "unknown_pupil")).containsExactly("10", "pupil");
		assertThat(total(trust, r)).isZero();

		var dry = examiner.postFile(upload, Map.of("dryRun", "true", "partial", "true"), "file", "results.csv",
				bad.getBytes(StandardCharsets.UTF_8));
		assertThat(dry.body()).contains("nothing was recorded, because this was a check only");
		assertThat(total(trust, r)).isZero();

		var partial = examiner.postFile(upload, Map.of("partial", "true"), "file", "results.csv",
				bad.getBytes(StandardCharsets.UTF_8));
		assertThat(partial.body()).contains("results recorded", "unknown_band");
		assertThat(total(trust, r)).isEqualTo(r.pupils.size() - 2);

		var none = examiner.postFile(upload, Map.of(), "file", "", new byte[0]);
		assertThat(none.body()).contains("Choose a CSV file of results", "href=\"#file\"");

		Member teacher = trust.member("teacher", r.c7a);
		Pages asTeacher = pagesAs(teacher.email(), PASSWORD);
		assertThat(asTeacher.get(base).body()).contains("Spring reading")
			.doesNotContain("Create an assessment", "Upload results");
		assertThat(asTeacher.get(base + "/new").status()).isEqualTo(403);
		assertThat(asTeacher.get(upload).status()).isEqualTo(403);
	}

	@Test
	void eachRoleSeesItsDashboardExactlyAsFarAsItsRolesAllow() {
		Trust trust = aTrust();
		ResultsTrust r = new ResultsTrust(trust);
		String id = r.assessmentWithResults("Autumn reading");
		String dashboard = "/organisations/" + trust.id + "/assessments/" + id + "/results";
		Member head = trust.member("headteacher", r.oak);
		Member teacher = trust.member("teacher", r.c7a);
		Member overview = trust.member("org-overview", trust.root);

		// A headteacher: the trust's schools as totals, their own school down to every
		// pupil.
		Pages asHead = pagesAs(head.email(), PASSWORD);
		var page = asHead.get(dashboard);
		assertThat(page.body())
			.contains("Results: Whole organisation", "id=\"school-heading\"", "role=\"img\"", "<title", "<desc")
			.doesNotContain("year-heading", "pupils-heading");
		assertThat(page.body()).contains(link(dashboard, r.oak)).doesNotContain(link(dashboard, r.elm));
		page = asHead.get(dashboard + "?unit=" + r.oak);
		assertThat(page.body())
			.contains("year-heading", "class-heading", "pupils-heading", "OAK7S-1", "OAK8A-6", link(dashboard, r.c7s),
					link(dashboard, r.oakYear7))
			.doesNotContain("ELM7A-1", "Hidden: fewer than");
		assertThat(asHead.get(dashboard + "?unit=" + r.elm).body()).doesNotContain("year-heading", "pupils-heading");
		assertThat(asHead.get(dashboard + "?unit=" + r.elmYear7).status()).isEqualTo(403);

		// A teacher: their class's pupils, the other classes of their school and the
		// other schools as totals.
		Pages asTeacher = pagesAs(teacher.email(), PASSWORD);
		page = asTeacher.get(dashboard);
		assertThat(page.body()).contains(link(dashboard, r.oak))
			.doesNotContain(link(dashboard, r.elm), "pupils-heading");
		page = asTeacher.get(dashboard + "?unit=" + r.oak);
		assertThat(page.body()).contains("class-heading", link(dashboard, r.c7a))
			.doesNotContain(link(dashboard, r.c7b), link(dashboard, r.c8a), "pupils-heading", "OAK7A-1");
		assertThat(row(page.body(), r.c7s)).contains("Hidden: fewer than 5 pupils, or would reveal such a group")
			.doesNotContain(">2<");
		page = asTeacher.get(dashboard + "?unit=" + r.c7a);
		assertThat(page.body()).contains("pupils-heading", "OAK7A-1", "OAK7A-6", "=1+1",
				"/organisations/" + trust.id + "/pupils?unit=" + r.c7a, "Pupil list for Oak Primary / Year 7 / 7A");
		assertThat(asTeacher.get(dashboard + "?unit=" + r.c7b).body()).doesNotContain("pupils-heading", "OAK7B-1");
		assertThat(asTeacher.get(dashboard + "?unit=" + r.elmYear7).status()).isEqualTo(403);

		// An organisational overview: aggregates everywhere, never a pupil.
		Pages asOverview = pagesAs(overview.email(), PASSWORD);
		page = asOverview.get(dashboard);
		assertThat(page.body())
			.contains("school-heading", "year-heading", "class-heading", link(dashboard, r.oak),
					link(dashboard, r.oakYear7))
			.doesNotContain(link(dashboard, r.c7a), "pupils-heading", "OAK7A-1");
		assertThat(row(page.body(), r.c7s)).contains("Hidden: fewer than 5 pupils, or would reveal such a group");
		page = asOverview.get(dashboard + "?unit=" + r.c7a);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).doesNotContain("pupils-heading", "OAK7A-1", "Pupil list");
		assertThat(
				asOverview.download("/organisations/" + trust.id + "/assessments/" + id + "/pupils.csv?unit=" + r.c7a)
					.status())
			.isEqualTo(403);
	}

	@Test
	void everyDrillDownLinkOpensAPageThatShowsMoreAndNoneLeadsToARefusal() {
		Trust trust = aTrust();
		ResultsTrust r = new ResultsTrust(trust);
		String id = r.assessmentWithResults("Autumn reading");
		String dashboard = "/organisations/" + trust.id + "/assessments/" + id + "/results";
		for (Object[] role : List.of(new Object[] { "teacher", r.c7a }, new Object[] { "headteacher", r.elm },
				new Object[] { "org-overview", r.oak }, new Object[] { "teacher", r.oakYear8 })) {
			Member member = trust.member(role);
			Pages pages = pagesAs(member.email(), PASSWORD);
			List<String> seen = new java.util.ArrayList<>();
			List<String> queue = new java.util.ArrayList<>(List.of(dashboard));
			while (!queue.isEmpty()) {
				String path = queue.remove(0);
				if (seen.contains(path)) {
					continue;
				}
				seen.add(path);
				var page = pages.get(path);
				assertThat(page.status()).as(role[0] + " opens " + path).isEqualTo(200);
				Matcher m = Pattern.compile("href=\"(" + Pattern.quote(dashboard) + "\\?unit=[^\"]+)\"")
					.matcher(page.body());
				while (m.find()) {
					queue.add(m.group(1));
				}
				for (String csv : Pages.all(page, "href=\"([^\"]+\\.csv[^\"]*)\"")) {
					assertThat(pages.download(csv.replace("&amp;", "&")).status()).as(role[0] + " downloads " + csv)
						.isEqualTo(200);
				}
			}
			assertThat(seen).as("%s drills somewhere", role[0]).hasSizeGreaterThan(1);
		}
	}

	@Test
	void theCsvExportsAreFormulaSafe() {
		Trust trust = aTrust();
		ResultsTrust r = new ResultsTrust(trust);
		String id = r.assessmentWithResults("Autumn reading");
		Member teacher = trust.member("teacher", r.c7a);
		Pages asTeacher = pagesAs(teacher.email(), PASSWORD);
		var csv = asTeacher.download("/organisations/" + trust.id + "/assessments/" + id + "/pupils.csv?unit=" + r.c7a);
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.contentType()).startsWith("text/csv");
		assertThat(csv.disposition()).contains("attachment");
		assertThat(csv.text()).contains("first name,last name,external id,class,score,band", "'=1+1,Oak7ason,OAK7A-1")
			.doesNotContain("\n=1+1", ",=1+1")
			.doesNotContain("OAK7B-1");
		var summary = asTeacher.download(
				"/organisations/" + trust.id + "/assessments/" + id + "/results.csv?unit=" + r.oak + "&groupBy=class");
		assertThat(summary.text()).contains("unit,level,pupils,mean score,Below average,Average,Above average",
				"Oak Primary / Year 7 / 7S,class,\"Hidden: fewer than 5 pupils, or would reveal such a group\"");
		assertThat(asTeacher
			.download("/organisations/" + trust.id + "/assessments/" + id + "/results.csv?unit=" + r.elm
					+ "&groupBy=class")
			.status()).isEqualTo(403);
	}

	@Test
	void theExplanationNamesTheAssignmentThatGrantsEachLevel() {
		Trust trust = aTrust();
		ResultsTrust r = new ResultsTrust(trust);
		Member teacher = trust.member("teacher", r.c7a);
		Member other = trust.member("teacher", r.e7a);
		String why = "/organisations/" + trust.id + "/results/why";

		var page = pagesAs(teacher.email(), PASSWORD).get(why);
		assertThat(page.body()).contains("Why do I see these results?", "Teacher at Oak Primary / Year 7 / 7A",
				"results.pupils", "results.summary", "results.compare", "Pupils one by one", "School totals only");
		var asAdmin = pagesAs(trust.adminEmail, PASSWORD);
		page = asAdmin.get(why + "?member=" + teacher.id());
		assertThat(page.body()).contains("sees these results", "Teacher at Oak Primary / Year 7 / 7A");
		assertThat(asAdmin.get("/organisations/" + trust.id + "/members/" + teacher.id()).body())
			.contains("results/why?member=" + teacher.id());
		assertThat(pagesAs(other.email(), PASSWORD).get(why + "?member=" + teacher.id()).status()).isEqualTo(404);
		page = pagesAs(r.examiner.email(), PASSWORD).get(why);
		assertThat(page.body()).contains("Examiner at Whole organisation", "Pupils one by one");
	}

	private static String link(String dashboard, String unit) {
		return "href=\"" + dashboard + "?unit=" + unit + "\"";
	}

	/** The table row of a unit, as the page shows it. */
	private static String row(String body, String unit) {
		int at = body.indexOf("data-unit=\"" + unit + "\"");
		assertThat(at).as("a row for " + unit).isPositive();
		return body.substring(at, body.indexOf("</tr>", at));
	}

	/** The first two cells of the report's row for a problem code: row and column. */
	private static List<String> cells(String body, String code) {
		int at = body.indexOf("<code>" + code + "</code>");
		int start = body.lastIndexOf("<tr", at);
		List<String> cells = Pages.all(new Pages.Page(200, "", body.substring(start, at)), "<td[^>]*>([^<]*)</td>");
		return cells;
	}

	private long total(Trust trust, ResultsTrust r) {
		return this.jdbc
			.sql("SELECT COUNT(*) FROM results r JOIN pupils p ON p.id = r.pupil_id WHERE p.organisation_id = ?")
			.param(trust.id)
			.query(Long.class)
			.single();
	}

}
