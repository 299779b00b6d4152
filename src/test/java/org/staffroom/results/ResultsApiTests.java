package org.staffroom.results;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.staffroom.testing.Api;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.ProblemAssert.assertThatProblem;

/**
 * The "Results" section of api.md, on a generated trust, through HTTP, for each role of
 * the results-portal guide:
 *
 * <pre>
 * trust
 * ├── Oakfield: Year 7 (7A: 6 pupils, 7B: 8 pupils), Nurture (2 pupils, directly under the school)
 * └── Riverside: Year 7 (R1: 7 pupils)
 * </pre>
 *
 * Every pupil has a result in one assessment with bands below, at, above; k is the
 * default 5.
 */
class ResultsApiTests extends ApiTestCase {

	Trust trust;

	String oak;

	String oak7;

	String c7A;

	String c7B;

	String nurture;

	String river;

	String river7;

	String r1;

	Member examiner;

	String assessment;

	final Map<String, List<String>> pupilsOf = new HashMap<>();

	@BeforeEach
	void aTrustWithPupilsAndResults() {
		this.trust = aTrust();
		this.oak = this.trust.school("Oakfield");
		this.oak7 = this.trust.year(this.oak, "Year 7");
		this.c7A = this.trust.classIn(this.oak7, "7A");
		this.c7B = this.trust.classIn(this.oak7, "7B");
		this.nurture = this.trust.classIn(this.oak, "Nurture");
		this.river = this.trust.school("Riverside");
		this.river7 = this.trust.year(this.river, "Year 7");
		this.r1 = this.trust.classIn(this.river7, "R1");
		this.examiner = this.trust.member("examiner", this.trust.root);
		addPupils(this.c7A, "A", 6);
		addPupils(this.c7B, "B", 8);
		addPupils(this.nurture, "N", 2);
		addPupils(this.r1, "R", 7);
		var created = this.examiner.api()
			.post(this.trust.path("/assessments"),
					Map.of("name", "Reading, autumn", "date", "2026-11-02", "bands", List.of("below", "at", "above")));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		this.assessment = created.json().get("id").asString();
		StringBuilder csv = new StringBuilder("pupil,score,band\r\n");
		String[] bands = { "below", "at", "above" };
		int score = 40;
		for (String prefix : List.of("A", "B", "N", "R")) {
			for (String external : this.pupilsOf.get(prefix)) {
				csv.append(external).append(',').append(score).append(',').append(bands[score % 3]).append("\r\n");
				score += 5;
			}
		}
		var recorded = upload(this.examiner.api(), csv.toString(), "");
		assertThat(recorded.status()).as(recorded.toString()).isEqualTo(200);
		assertThat(recorded.json().get("status").asString()).as(recorded.toString()).isEqualTo("succeeded");
		assertThat(recorded.json().get("counts").get("recorded").asInt()).isEqualTo(23);
	}

	private void addPupils(String classId, String prefix, int n) {
		List<String> ids = new ArrayList<>();
		for (int i = 1; i <= n; i++) {
			String external = prefix + "-" + i + "-" + this.trust.id.substring(0, 8);
			var r = this.trust.admin.post(this.trust.path("/pupils"), Map.of("firstName", "Pupil" + i, "lastName",
					prefix + "son", "externalId", external, "classId", classId));
			assertThat(r.status()).as(r.toString()).isEqualTo(201);
			ids.add(external);
		}
		this.pupilsOf.put(prefix, ids);
	}

	private Api.Response upload(Api by, String csv, String query) {
		return by.postBytes(this.trust.path("/assessments/" + this.assessment + "/results" + query),
				csv.getBytes(StandardCharsets.UTF_8), "text/csv");
	}

	private Api.Response summary(Api by, String unitId, String groupBy) {
		return by.get(this.trust.path("/results/summary?assessmentId=" + this.assessment + "&unitId=" + unitId
				+ (groupBy == null ? "" : "&groupBy=" + groupBy)));
	}

	private Api.Response pupilResults(Api by, String unitId) {
		return by.get(this.trust.path("/results/pupils?assessmentId=" + this.assessment + "&unitId=" + unitId));
	}

	private static Map<String, JsonNode> rows(Api.Response r) {
		assertThat(r.status()).as(r.toString()).isEqualTo(200);
		Map<String, JsonNode> rows = new HashMap<>();
		r.json().get("items").forEach((row) -> rows.put(row.get("unitId").asString(), row));
		return rows;
	}

	// ---- the guide, sentence by sentence ----

	@Test
	void aHeadteacherSeesAllTheOverallResultsInTheirSchoolDownToIndividualPupilData() {
		Api head = this.trust.member("headteacher", this.oak).api();
		Map<String, JsonNode> byClass = rows(summary(head, this.oak, "class"));
		assertThat(byClass).containsOnlyKeys(this.oak, this.c7A, this.c7B, this.nurture);
		assertThat(byClass.get(this.oak).get("count").asInt()).isEqualTo(16);
		assertThat(byClass.get(this.oak).get("level").asString()).isEqualTo("school");
		// The headteacher sees the Nurture class's 2 pupils one by one, so it is not
		// suppressed for them.
		assertThat(byClass.get(this.nurture).get("count").asInt()).isEqualTo(2);
		assertThat(rows(summary(head, this.oak, "year")).get(this.oak7).get("count").asInt()).isEqualTo(14);
		var pupils = pupilResults(head, this.oak);
		assertThat(pupils.status()).isEqualTo(200);
		assertThat(pupils.json().get("items")).hasSize(16);
		JsonNode first = pupils.json().get("items").get(0);
		assertThat(first.has("pupilId") && first.has("externalId") && first.has("firstName") && first.has("lastName")
				&& first.has("classId") && first.has("score") && first.has("band"))
			.as(first.toString())
			.isTrue();
	}

	@Test
	void aHeadteacherWillOnlySeeTheOverallResultsForTheOtherSchools() {
		Api head = this.trust.member("headteacher", this.oak).api();
		Map<String, JsonNode> schools = rows(summary(head, this.trust.root, "school"));
		assertThat(schools).containsOnlyKeys(this.trust.root, this.oak, this.river);
		assertThat(schools.get(this.river).get("count").asInt()).isEqualTo(7);
		assertThatProblem(summary(head, this.river, "class")).is(403, "forbidden");
		assertThatProblem(summary(head, this.river, "year")).is(403, "forbidden");
		assertThatProblem(summary(head, this.trust.root, "class")).is(403, "forbidden");
		assertThatProblem(pupilResults(head, this.river)).is(403, "forbidden");
		assertThatProblem(pupilResults(head, this.trust.root)).is(403, "forbidden");
	}

	@Test
	void aTeacherSeesIndividualPupilResultsInTheirClass() {
		Api teacher = this.trust.member("teacher", this.c7A).api();
		var mine = pupilResults(teacher, this.c7A);
		assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
		assertThat(mine.json().get("items")).hasSize(6);
		mine.json().get("items").forEach((p) -> assertThat(p.get("classId").asString()).isEqualTo(this.c7A));
		assertThatProblem(pupilResults(teacher, this.c7B)).is(403, "forbidden");
		assertThatProblem(pupilResults(teacher, this.oak7)).is(403, "forbidden");
		assertThatProblem(pupilResults(teacher, this.oak)).is(403, "forbidden");
	}

	@Test
	void aTeacherSeesOverallResultsForTheOtherClassesAtTheirSchool() {
		Api teacher = this.trust.member("teacher", this.c7A).api();
		Map<String, JsonNode> classes = rows(summary(teacher, this.oak, "class"));
		assertThat(classes.get(this.c7B).get("count").asInt()).isEqualTo(8);
		assertThat(classes.get(this.c7A).get("count").asInt()).isEqualTo(6);
		// Nurture has 2 pupils whom this teacher may not see one by one.
		assertThat(classes.get(this.nurture).get("suppressed").asBoolean()).isTrue();
		assertThat(classes.get(this.nurture).has("count")).isFalse();
	}

	@Test
	void aTeacherSeesTheOverallResultsForTheOtherSchools() {
		Api teacher = this.trust.member("teacher", this.c7A).api();
		Map<String, JsonNode> schools = rows(summary(teacher, this.trust.root, "school"));
		assertThat(schools.get(this.river).get("count").asInt()).isEqualTo(7);
		assertThatProblem(summary(teacher, this.river, "year")).is(403, "forbidden");
		assertThatProblem(summary(teacher, this.r1, null)).is(403, "forbidden");
		assertThatProblem(pupilResults(teacher, this.r1)).is(403, "forbidden");
	}

	@Test
	void anOrganisationalOverviewSeesTheAggregatedResultsButIndividualPupilDataIsNotAccessible() {
		Api overview = this.trust.member("org-overview", this.trust.root).api();
		Map<String, JsonNode> classes = rows(summary(overview, this.trust.root, "class"));
		assertThat(classes).containsOnlyKeys(this.trust.root, this.c7A, this.c7B, this.nurture, this.r1);
		assertThat(classes.get(this.c7A).get("count").asInt()).isEqualTo(6);
		assertThat(classes.get(this.nurture).get("suppressed").asBoolean()).isTrue();
		// The trust's total minus Riverside, Year 7 and the rest would give Nurture's 2
		// away.
		assertThat(classes.get(this.trust.root).get("suppressed").asBoolean()).isTrue();
		for (String unit : List.of(this.trust.root, this.oak, this.c7A, this.r1)) {
			assertThatProblem(pupilResults(overview, unit)).is(403, "forbidden");
		}
		assertThatProblem(overview.get(this.trust.path("/pupils"))).is(403, "forbidden");
	}

	@Test
	void theSummaryGivesCountMeanAndTheBandDistributionInBandOrder() {
		Api overview = this.trust.member("org-overview", this.trust.root).api();
		JsonNode river = rows(summary(overview, this.river, null)).get(this.river);
		// Riverside's pupils scored 120, 125, ..., 150 (they come after 16 pupils from 40
		// in fives).
		assertThat(river.get("count").asInt()).isEqualTo(7);
		assertThat(river.get("mean").asDouble()).isEqualTo(135.0);
		List<String> order = new ArrayList<>();
		river.get("bands").propertyNames().forEach(order::add);
		assertThat(order).containsExactly("below", "at", "above");
		int total = 0;
		for (String band : order) {
			total += river.get("bands").get(band).asInt();
		}
		assertThat(total).isEqualTo(7);
	}

	@Test
	void theResultsAnalysisProfileOfAnExamCentreSeesSummariesAndPupils() {
		// The exam-centre profiles have no assessments.conduct, so the centre here also
		// has the school-trust template, for an examiner to upload the results that the
		// analyst reads.
		Trust centre = anOrganisation("exam-centre", "school-trust");
		String school = centre.school("Candidates");
		String cls = centre.classIn(school, "June series");
		// user-accounts may only give profiles whose every permission it holds, so
		// results-analysis comes from the operator here.
		String analystEmail = email("analyst");
		var invited = centre.invite(operator(), analystEmail, "results-analysis", centre.root);
		assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
		Api analyst = accept(analystEmail);
		assertThatProblem(centre.invite(centre.admin, email("nope"), "results-analysis", centre.root)).is(403,
				"escalation_denied");
		String invigilatorEmail = email("entries");
		assertThat(centre.invite(operator(), invigilatorEmail, "registrations-and-entries", centre.root).status())
			.isEqualTo(201);
		Api entries = accept(invigilatorEmail);
		String conductorEmail = email("conductor");
		centre.invite(operator(), conductorEmail, "examiner", centre.root);
		Api conductor = accept(conductorEmail);
		for (int i = 0; i < 6; i++) {
			assertThat(centre.admin
				.post(centre.path("/pupils"),
						Map.of("firstName", "Cand", "lastName", "Idate" + i, "externalId", "C" + i, "classId", cls))
				.status()).isEqualTo(201);
		}
		String id = conductor
			.post(centre.path("/assessments"),
					Map.of("name", "Mock", "date", "2026-06-01", "bands", List.of("fail", "pass")))
			.json()
			.get("id")
			.asString();
		StringBuilder csv = new StringBuilder("pupil,score,band\n");
		for (int i = 0; i < 6; i++) {
			csv.append("C")
				.append(i)
				.append(',')
				.append(50 + i)
				.append(',')
				.append(i < 2 ? "fail" : "pass")
				.append('\n');
		}
		conductor.postBytes(centre.path("/assessments/" + id + "/results"),
				csv.toString().getBytes(StandardCharsets.UTF_8), "text/csv");
		var summary = analyst.get(centre.path("/results/summary?assessmentId=" + id + "&groupBy=class"));
		assertThat(summary.status()).as(summary.toString()).isEqualTo(200);
		assertThat(summary.json().get("items").get(0).get("count").asInt()).isEqualTo(6);
		assertThat(summary.json().get("items").get(0).get("bands").get("pass").asInt()).isEqualTo(4);
		var pupils = analyst.get(centre.path("/results/pupils?assessmentId=" + id));
		assertThat(pupils.json().get("items")).hasSize(6);
		assertThatProblem(entries.get(centre.path("/results/summary?assessmentId=" + id))).is(403, "forbidden");
		assertThatProblem(entries.get(centre.path("/results/pupils?assessmentId=" + id))).is(403, "forbidden");
	}

	// ---- small groups ----

	@Test
	void aSmallGroupIsSuppressedAndNoSubtractionGivesItAway() {
		Api overview = this.trust.member("org-overview", this.trust.root).api();
		Map<String, JsonNode> classes = rows(summary(overview, this.oak, "class"));
		Map<String, JsonNode> years = rows(summary(overview, this.oak, "year"));
		// Oakfield (16) = Year 7 (14) + Nurture (2): with Oakfield and Year 7 both shown,
		// Nurture would be their difference, so one of them is hidden too.
		boolean schoolShown = !classes.get(this.oak).has("suppressed");
		boolean yearShown = !years.get(this.oak7).has("suppressed");
		assertThat(schoolShown && yearShown)
			.as("Oakfield %s and Year 7 %s", classes.get(this.oak), years.get(this.oak7))
			.isFalse();
		assertThat(classes.get(this.nurture).get("suppressed").asBoolean()).isTrue();
	}

	@Test
	void kIsTheOrganisationsSetting() {
		var changed = this.trust.admin.patch(this.trust.path(""), Map.of("smallGroupK", 2));
		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		Api overview = this.trust.member("org-overview", this.trust.root).api();
		assertThat(rows(summary(overview, this.oak, "class")).get(this.nurture).get("count").asInt()).isEqualTo(2);
	}

	// ---- recording results ----

	@Test
	void everyRowOfAResultsFileIsCheckedAndNothingIsRecordedFromAFileWithProblems() {
		Member schoolExaminer = this.trust.member("examiner", this.oak);
		String a1 = this.pupilsOf.get("A").get(0);
		String a2 = this.pupilsOf.get("A").get(1);
		String csv = "pupil,score,band\n" + a1 + ",99,above\n" // 2: fine
				+ "nobody,50,at\n" // 3: unknown pupil
				+ a2 + ",lots,at\n" // 4: not a number
				+ a2 + ",50,excellent\n" // 5: duplicate and unknown band
				+ this.pupilsOf.get("R").get(0) + ",50,at\n"; // 6: Riverside: not this
																// examiner's school
		var report = upload(schoolExaminer.api(), csv, "");
		assertThat(report.status()).as(report.toString()).isEqualTo(200);
		assertThat(report.json().get("status").asString()).isEqualTo("failed");
		List<String> problems = new ArrayList<>();
		report.json()
			.get("errors")
			.forEach((e) -> problems
				.add(e.get("row").asInt() + ":" + e.get("column").asString() + ":" + e.get("code").asString()));
		// Riverside's pupil is reported as unknown: this examiner may not see who is on
		// roll there.
		assertThat(problems).containsExactlyInAnyOrder("3:pupil:unknown_pupil", "4:score:invalid_number",
				"5:pupil:duplicate", "5:band:unknown_band", "6:pupil:unknown_pupil");
		Api head = this.trust.member("headteacher", this.oak).api();
		JsonNode unchanged = findPupil(pupilResults(head, this.c7A), a1);
		assertThat(unchanged.get("score").asDouble()).isEqualTo(40.0);

		var partial = upload(schoolExaminer.api(), csv, "?partial=true");
		assertThat(partial.json().get("counts").get("recorded").asInt()).as(partial.toString()).isEqualTo(1);
		assertThat(findPupil(pupilResults(head, this.c7A), a1).get("score").asDouble()).isEqualTo(99.0);
	}

	@Test
	void aDryRunRecordsNothing() {
		String a1 = this.pupilsOf.get("A").get(0);
		var report = upload(this.examiner.api(), "Pupil,Score,Band\r\n" + a1 + ",77,at\r\n", "?dryRun=true");
		assertThat(report.json().get("status").asString()).as(report.toString()).isEqualTo("succeeded");
		assertThat(report.json().get("counts").get("recorded").asInt()).isZero();
		Api head = this.trust.member("headteacher", this.oak).api();
		assertThat(findPupil(pupilResults(head, this.c7A), a1).get("score").asDouble()).isEqualTo(40.0);
	}

	@Test
	void aResultsFileWithoutItsColumnsOrNotInUtf8IsReportedNotRecorded() {
		var missing = upload(this.examiner.api(), "pupil,score\nx,1\n", "");
		assertThat(missing.json().get("errors").get(0).get("code").asString()).isEqualTo("missing_column");
		assertThat(missing.json().get("errors").get(0).get("column").asString()).isEqualTo("band");
		var latin1 = this.examiner.api()
			.postBytes(this.trust.path("/assessments/" + this.assessment + "/results"),
					"pupil,score,band\nZo\u00eb,1,at\n".getBytes(StandardCharsets.ISO_8859_1), "text/csv");
		assertThat(latin1.json().get("errors").get(0).get("code").asString()).isEqualTo("wrong_encoding");
	}

	@Test
	void onlyHoldersOfAssessmentsConductMayCreateAssessmentsOrRecordResults() {
		Api head = this.trust.member("headteacher", this.oak).api();
		assertThatProblem(head.post(this.trust.path("/assessments"),
				Map.of("name", "Maths", "date", "2026-11-03", "bands", List.of("low", "high"))))
			.is(403, "forbidden");
		assertThatProblem(upload(this.trust.admin, "pupil,score,band\n", "")).is(403, "forbidden");
	}

	@Test
	void aBadAssessmentIsRefusedFieldByField() {
		var r = this.examiner.api()
			.post(this.trust.path("/assessments"),
					Map.of("name", "", "date", "3 November", "bands", List.of("low", "LOW")));
		assertThatProblem(r).isInvalid("name", "date", "bands[1]");
	}

	// ---- pupils ----

	@Test
	void pupilsAreListedOnlyWithinTheCallersResultsPupilsScope() {
		Api teacher = this.trust.member("teacher", this.c7A).api();
		var mine = teacher.get(this.trust.path("/pupils"));
		assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
		assertThat(mine.json().get("total").asInt()).isEqualTo(6);
		assertThat(mine.json().get("items").get(0).has("externalId")).isTrue();
		var school = teacher.get(this.trust.path("/pupils?unitId=" + this.oak));
		assertThat(school.json().get("total").asInt()).as("only their own class within the school").isEqualTo(6);
		assertThatProblem(teacher.get(this.trust.path("/pupils?unitId=" + this.river))).is(403, "forbidden");
		Api head = this.trust.member("headteacher", this.oak).api();
		var found = head.get(this.trust.path("/pupils?q=nson&size=5"));
		assertThat(found.json().get("total").asInt()).isEqualTo(2);
		assertThat(found.json().get("items")).hasSize(2);
	}

	@Test
	void aPupilBelongsToAClassAndTheirExternalIdIsTheirsAlone() {
		var notAClass = this.trust.admin.post(this.trust.path("/pupils"),
				Map.of("firstName", "Ann", "lastName", "Lee", "externalId", "X1", "classId", this.oak7));
		assertThatProblem(notAClass).isInvalid("classId").hasFieldError("classId", "unit_type_mismatch");
		var taken = this.trust.admin.post(this.trust.path("/pupils"), Map.of("firstName", "Ann", "lastName", "Lee",
				"externalId", this.pupilsOf.get("A").get(0), "classId", this.c7A));
		assertThatProblem(taken).hasFieldError("externalId", "external_id_taken");
		var empty = this.trust.admin.post(this.trust.path("/pupils"), Map.of());
		assertThatProblem(empty).isInvalid("firstName", "lastName", "externalId", "classId");
		var script = this.trust.admin.post(this.trust.path("/pupils"), Map.of("firstName", "<script>alert(1)</script>",
				"lastName", "=1+1", "externalId", "S1", "classId", this.c7A));
		assertThat(script.status()).isEqualTo(201);
		assertThat(script.json().get("firstName").asString()).isEqualTo("<script>alert(1)</script>");
	}

	@Test
	void aTeacherCannotAddPupilsButAnExaminerOfTheSchoolCan() {
		Api teacher = this.trust.member("teacher", this.c7A).api();
		assertThatProblem(teacher.post(this.trust.path("/pupils"),
				Map.of("firstName", "Ann", "lastName", "Lee", "externalId", "T1", "classId", this.c7A)))
			.is(403, "out_of_scope");
		Api schoolExaminer = this.trust.member("examiner", this.oak).api();
		assertThat(schoolExaminer
			.post(this.trust.path("/pupils"),
					Map.of("firstName", "Ann", "lastName", "Lee", "externalId", "T1", "classId", this.c7A))
			.status()).isEqualTo(201);
		assertThatProblem(schoolExaminer.post(this.trust.path("/pupils"),
				Map.of("firstName", "Bo", "lastName", "Lee", "externalId", "T2", "classId", this.r1)))
			.is(403, "out_of_scope");
	}

	@Test
	void aPupilMovingClassMovesTheirResultWithThem() {
		Api overview = this.trust.member("org-overview", this.trust.root).api();
		assertThat(rows(summary(overview, this.oak7, "class")).get(this.c7B).get("count").asInt()).isEqualTo(8);
		Api head = this.trust.member("headteacher", this.oak).api();
		String pupilId = head.get(this.trust.path("/pupils?unitId=" + this.c7A))
			.json()
			.get("items")
			.get(0)
			.get("id")
			.asString();
		var moved = this.trust.admin.patch(this.trust.path("/pupils/" + pupilId), Map.of("classId", this.c7B));
		assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
		assertThat(rows(summary(overview, this.oak7, "class")).get(this.c7B).get("count").asInt()).isEqualTo(9);
	}

	// ---- explanation, and other organisations ----

	@Test
	void theExplanationNamesTheAssignmentThatGrantsEachLevel() {
		Member teacher = this.trust.member("teacher", this.c7A);
		var why = teacher.api().get(this.trust.path("/results/access"));
		assertThat(why.status()).as(why.toString()).isEqualTo(200);
		List<String> levels = new ArrayList<>();
		why.json().get("items").forEach((g) -> {
			levels.add(g.get("level").asString() + "@" + g.get("unitName").asString());
			assertThat(g.get("roleKey").asString()).isEqualTo("teacher");
			assertThat(g.get("assignedUnitId").asString()).isEqualTo(this.c7A);
			assertThat(g.get("assignmentId").asString()).isNotBlank();
		});
		assertThat(levels).containsExactly("pupils@7A", "summary@Oakfield",
				"compare@" + this.trust.admin.get(this.trust.path("")).json().get("name").asString());
		var byAdmin = this.trust.admin.get(this.trust.path("/results/access?memberId=" + teacher.id()));
		assertThat(byAdmin.json().get("items")).hasSize(3);
		assertThatProblem(teacher.api().get(this.trust.path("/results/access?memberId=" + this.trust.adminId))).is(404,
				"not_found");
	}

	@Test
	void aMemberOfAnotherOrganisationFindsNothingHere() {
		Trust other = aTrust();
		Member stranger = other.member("org-overview", other.root);
		for (String path : List.of("/pupils", "/assessments", "/assessments/" + this.assessment,
				"/results/summary?assessmentId=" + this.assessment, "/results/pupils?assessmentId=" + this.assessment,
				"/results/access")) {
			assertThatProblem(stranger.api().get(this.trust.path(path))).is(404, "not_found");
		}
		// Their own organisation does not know this one's assessment or units either.
		assertThatProblem(stranger.api().get(other.path("/results/summary?assessmentId=" + this.assessment))).is(404,
				"not_found");
		Member otherExaminer = other.member("examiner", other.root);
		assertThatProblem(otherExaminer.api()
			.post(other.path("/pupils"),
					Map.of("firstName", "A", "lastName", "B", "externalId", "Z", "classId", this.c7A)))
			.hasFieldError("classId", "not_found");
	}

	private static JsonNode findPupil(Api.Response results, String externalId) {
		assertThat(results.status()).as(results.toString()).isEqualTo(200);
		for (JsonNode p : results.json().get("items")) {
			if (p.get("externalId").asString().equals(externalId)) {
				return p;
			}
		}
		throw new AssertionError(externalId + " not in " + results);
	}

}
