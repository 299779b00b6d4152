package org.staffroom.access;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * access-model.md section 5, and each sentence of the results-portal guide that it makes
 * precise, asked of the engine for each role on one small trust:
 *
 * <pre>
 * trust
 * ├── Oakfield (school): Year 7 (7A, 7B), and class Nurture directly under the school
 * └── Riverside (school): Year 7 (R7)
 * </pre>
 */
class ResultsVisibilityTests {

	static final List<String> BOTH = List.of(RoleCatalogue.SCHOOL_TRUST, RoleCatalogue.EXAM_CENTRE);

	static AccessSnapshot trust(String role, String unit) {
		return AccessSnapshot.builder("org", 1, RoleCatalogue.builtIn(BOTH))
			.unit("root", null, UnitType.ORGANISATION, "Trust")
			.unit("oak", "root", UnitType.SCHOOL, "Oakfield")
			.unit("oak7", "oak", UnitType.YEAR, "Year 7")
			.unit("7A", "oak7", UnitType.CLASS, "7A")
			.unit("7B", "oak7", UnitType.CLASS, "7B")
			.unit("nurture", "oak", UnitType.CLASS, "Nurture")
			.unit("river", "root", UnitType.SCHOOL, "Riverside")
			.unit("river7", "river", UnitType.YEAR, "Year 7")
			.unit("R7", "river7", UnitType.CLASS, "R7")
			.member("viewer", MemberStatus.ACTIVE, false, "viewer@x")
			.assignment("a1", "viewer", role, unit)
			.build();
	}

	static ResultsVisibility viewer(String role, String unit) {
		return ResultsVisibility.of(trust(role, unit), "viewer");
	}

	static final List<String> ALL = List.of("root", "oak", "oak7", "7A", "7B", "nurture", "river", "river7", "R7");

	static List<String> pupilsSeen(ResultsVisibility v) {
		return ALL.stream().filter(v::seesPupilsOf).toList();
	}

	static List<String> aggregatesSeen(ResultsVisibility v) {
		return ALL.stream().filter(v::seesAggregateOf).toList();
	}

	// ---- Headteacher ----

	ResultsVisibility head = viewer("headteacher", "oak");

	@Test
	void seesAllTheOverallResultsInTheirSchoolDownToIndividualPupilData() {
		assertThat(pupilsSeen(this.head)).containsExactly("oak", "oak7", "7A", "7B", "nurture");
		assertThat(aggregatesSeen(this.head)).contains("oak", "oak7", "7A", "7B", "nurture");
	}

	@Test
	void butWillOnlySeeTheOverallResultsForTheOtherSchools() {
		assertThat(this.head.seesAggregateOf("river")).isTrue();
		assertThat(this.head.seesAggregateOf("river7")).isFalse();
		assertThat(this.head.seesAggregateOf("R7")).isFalse();
		assertThat(this.head.seesPupilsOf("river")).isFalse();
		// The trust's own total is the sum of the school totals it may compare.
		assertThat(this.head.seesAggregateOf("root")).isTrue();
		assertThat(this.head.seesPupilsOf("root")).isFalse();
	}

	// ---- Teacher ----

	ResultsVisibility teacher = viewer("teacher", "7A");

	@Test
	void seesIndividualPupilResultsInTheirClass() {
		assertThat(pupilsSeen(this.teacher)).containsExactly("7A");
	}

	@Test
	void seesOverallResultsForTheOtherClassesAtTheirSchool() {
		assertThat(this.teacher.seesAggregateOf("7B")).isTrue();
		assertThat(this.teacher.seesAggregateOf("nurture")).isTrue();
		assertThat(this.teacher.seesAggregateOf("oak7")).isTrue();
		assertThat(this.teacher.seesPupilsOf("7B")).isFalse();
	}

	@Test
	void seesTheOverallResultsForTheOtherSchools() {
		assertThat(this.teacher.seesAggregateOf("river")).isTrue();
		assertThat(this.teacher.seesAggregateOf("river7")).isFalse();
		assertThat(this.teacher.seesAggregateOf("R7")).isFalse();
	}

	@Test
	void aTeacherOfAYearSeesThePupilsOfEveryClassInIt() {
		ResultsVisibility yearTeacher = viewer("teacher", "oak7");
		assertThat(pupilsSeen(yearTeacher)).containsExactly("oak7", "7A", "7B");
	}

	// ---- OrganisationalOverview ----

	@Test
	void seesTheAggregatedResultsButIndividualPupilDataIsNotAccessible() {
		ResultsVisibility overview = viewer("org-overview", "root");
		assertThat(aggregatesSeen(overview)).containsExactlyElementsOf(ALL);
		assertThat(pupilsSeen(overview)).isEmpty();
	}

	@Test
	void atASchoolSeesThatSchoolsAggregatesOnly() {
		ResultsVisibility overview = viewer("org-overview", "oak");
		assertThat(aggregatesSeen(overview)).containsExactly("oak", "oak7", "7A", "7B", "nurture");
		assertThat(pupilsSeen(overview)).isEmpty();
	}

	// ---- OtherRoles ----

	@Test
	void anExaminerSeesPupilsWhereTheyConductAssessments() {
		ResultsVisibility examiner = viewer("examiner", "river");
		assertThat(pupilsSeen(examiner)).containsExactly("river", "river7", "R7");
		assertThat(examiner.seesAggregateOf("oak")).isFalse();
	}

	@Test
	void theResultsAnalysisProfileOfAnExamCentreSeesSummariesAndPupils() {
		AccessSnapshot centre = AccessSnapshot
			.builder("centre", 1, RoleCatalogue.builtIn(List.of(RoleCatalogue.EXAM_CENTRE)))
			.unit("root", null, UnitType.ORGANISATION, "Exam centre")
			.member("analyst", MemberStatus.ACTIVE, false, "a@x")
			.assignment("a1", "analyst", "results-analysis", "root")
			.member("entries", MemberStatus.ACTIVE, false, "e@x")
			.assignment("a2", "entries", "registrations-and-entries", "root")
			.build();
		ResultsVisibility analyst = ResultsVisibility.of(centre, "analyst");
		assertThat(analyst.seesPupilsOf("root")).isTrue();
		assertThat(analyst.seesAggregateOf("root")).isTrue();
		assertThat(ResultsVisibility.of(centre, "entries").seesAnything()).isFalse();
	}

	@Test
	void anOrganisationAdministratorSeesSummariesButNoPupil() {
		ResultsVisibility admin = viewer("org-admin", "root");
		assertThat(aggregatesSeen(admin)).containsExactlyElementsOf(ALL);
		assertThat(pupilsSeen(admin)).isEmpty();
	}

	@Test
	void aUserAdministratorSeesNoResultsAtAll() {
		ResultsVisibility userAdmin = viewer("user-admin", "root");
		assertThat(userAdmin.seesAnything()).isFalse();
		assertThat(aggregatesSeen(userAdmin)).isEmpty();
	}

	@Test
	void aDisabledMemberSeesNothing() {
		AccessSnapshot s = AccessSnapshot.builder("org", 1, RoleCatalogue.builtIn(BOTH))
			.unit("root", null, UnitType.ORGANISATION, "Trust")
			.member("gone", MemberStatus.DISABLED, false, "g@x")
			.assignment("a1", "gone", "org-overview", "root")
			.build();
		assertThat(ResultsVisibility.of(s, "gone").seesAnything()).isFalse();
		assertThat(ResultsVisibility.of(s, null).seesAnything()).isFalse();
	}

	@Test
	void eachReasonNamesTheAssignmentThatGrantsIt() {
		ResultsVisibility teacher = viewer("teacher", "7A");
		assertThat(teacher.reasons())
			.extracting((r) -> r.level().key() + "@" + r.scopeUnitId() + " by " + r.grantedBy().id())
			.containsExactly("pupils@7A by a1", "summary@oak by a1", "compare@root by a1");
	}

	// ---- SmallGroupSuppression ----

	// Oakfield: 7A has 3 pupils, 7B 20, Nurture 10; Riverside's R7 has 2.
	Map<String, Integer> counts = Map.of("7A", 3, "7B", 20, "nurture", 10, "R7", 2);

	@Test
	void aGroupUnderKIsSuppressedForThoseWhoMayNotSeeItsPupils() {
		SmallGroups overview = SmallGroups.decide(viewer("org-overview", "root"), this.counts, 5);
		assertThat(overview.isSuppressed("7A")).isTrue();
		assertThat(overview.isSuppressed("R7")).isTrue();
		assertThat(overview.isSuppressed("nurture")).isFalse();
	}

	@Test
	void butNotForThoseWhoMaySeeThemOneByOne() {
		SmallGroups teacher = SmallGroups.decide(viewer("teacher", "7A"), this.counts, 5);
		assertThat(teacher.isSuppressed("7A")).isFalse();
		SmallGroups head = SmallGroups.decide(viewer("headteacher", "oak"), this.counts, 5);
		assertThat(head.suppressedUnits()).doesNotContain("oak", "oak7", "7A", "7B", "nurture");
	}

	@Test
	void aSchoolTotalMinusItsVisibleClassesGivesNothingAway() {
		SmallGroups overview = SmallGroups.decide(viewer("org-overview", "root"), this.counts, 5);
		// 7A (3) is hidden; Year 7 = 7A + 7B would give 7A away, so 7B is hidden too.
		assertThat(overview.isSuppressed("7B")).isTrue();
		assertThat(overview.isSuppressed("oak7")).isFalse();
		// Riverside = Year 7 = R7 (2): every level of it is too small.
		assertThat(overview.suppressedUnits()).contains("R7", "river7", "river");
		// The trust's total minus Oakfield's would give Riverside away: Oakfield's own
		// region is empty (all of it is in Year 7 and Nurture), so hiding it would not
		// help; the trust's total goes.
		assertThat(overview.isSuppressed("root")).isTrue();
		assertThat(overview.isSuppressed("oak")).isFalse();
	}

	@Test
	void kIsTheOrganisationsOwnSetting() {
		assertThat(SmallGroups.decide(viewer("org-overview", "root"), this.counts, 2).isSuppressed("7A")).isFalse();
		assertThat(SmallGroups.decide(viewer("org-overview", "root"), this.counts, 4).isSuppressed("7A")).isTrue();
	}

	@Test
	void anEmptyGroupHidesNobody() {
		SmallGroups overview = SmallGroups.decide(viewer("org-overview", "root"),
				Map.of("7B", 20, "nurture", 10, "R7", 30), 5);
		assertThat(overview.suppressedUnits()).isEmpty();
	}

}
