package org.staffroom.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.MemberStatus;
import org.staffroom.access.RoleCatalogue;
import org.staffroom.access.UnitType;
import org.staffroom.organisations.Unit;
import org.staffroom.system.security.Acting;
import org.staffroom.system.security.Via;

/**
 * The roster's plan for units: schools from orgs, year groups and classes from classes.
 */
class UnitPlanTests {

	private final List<Unit> units = new ArrayList<>(
			List.of(new Unit("trust", "trust", null, UnitType.ORGANISATION, "Trust", null, false),
					new Unit("north", "trust", "trust", UnitType.SCHOOL, "North", null, false)));

	private final Acting orgAdmin = new Acting("orgAdmin", "org-admin@trust.example", false, Via.IMPORT);

	private final Acting northAdmin = new Acting("northAdmin", "north-admin@trust.example", false, Via.IMPORT);

	private final ImportProblems problems = new ImportProblems();

	private AccessSnapshot snapshot() {
		AccessSnapshot.Builder b = AccessSnapshot.builder("trust", 1,
				RoleCatalogue.builtIn(List.of(RoleCatalogue.SCHOOL_TRUST)));
		this.units.forEach((u) -> b.unit(u.id(), u.parentId(), u.type(), u.name()));
		return b.member("orgAdmin", MemberStatus.ACTIVE, true, "org-admin@trust.example")
			.member("northAdmin", MemberStatus.ACTIVE, false, "north-admin@trust.example")
			.assignment("a1", "orgAdmin", "org-admin", "trust")
			.assignment("a2", "northAdmin", "user-admin", "north")
			.build();
	}

	private UnitPlan plan(Acting actor) {
		return new UnitPlan(this.units, snapshot(), actor, this.problems, Set.of());
	}

	private static Map<String, RosterOrg> orgs(RosterOrg... orgs) {
		Map<String, RosterOrg> byId = new LinkedHashMap<>();
		for (RosterOrg o : orgs) {
			byId.put(o.id(), o);
		}
		return byId;
	}

	@Test
	void createsANewSchoolAndGivesTheOrganisationTheDistrictsSourcedId() {
		UnitPlan plan = plan(this.orgAdmin);

		plan.orgs(orgs(new RosterOrg(2, "d", "District", "district", null, false),
				new RosterOrg(3, "s", "South", "school", "d", false)));

		assertThat(this.problems).isEmpty();
		assertThat(plan.units().newUnits()).singleElement().satisfies((u) -> {
			assertThat(u.name()).isEqualTo("South");
			assertThat(u.type()).isEqualTo(UnitType.SCHOOL);
			assertThat(u.sourceId()).isEqualTo("s");
			assertThat(u.parentId()).isEqualTo("trust");
		});
		assertThat(plan.units().changedUnits()).extracting(Unit::id, Unit::sourceId)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("trust", "d"));
		assertThat(plan.counts()).isEqualTo(new ImportCounts.Units(1, 0, 0, 0, 0, 0));
		assertThat(plan.units().orgUnitOf("d")).isEqualTo("trust");
		assertThat(plan.units().schoolUnit("s")).isEqualTo(plan.units().newUnits().get(0).id());
	}

	@Test
	void adoptsASchoolMadeByHandWithTheSameName() {
		UnitPlan plan = plan(this.orgAdmin);

		plan.orgs(orgs(new RosterOrg(2, "n", " north ", "school", null, false)));

		assertThat(plan.units().newUnits()).isEmpty();
		assertThat(plan.units().schoolUnit("n")).isEqualTo("north");
		assertThat(plan.units().changedUnits()).singleElement().satisfies((u) -> {
			assertThat(u.name()).isEqualTo(" north ");
			assertThat(u.sourceId()).isEqualTo("n");
		});
		assertThat(plan.counts().schoolsUpdated()).isEqualTo(1);
	}

	@Test
	void refusesANewSchoolToSomeoneWhoManagesOneSchoolOnly() {
		UnitPlan plan = plan(this.northAdmin);

		plan.orgs(orgs(new RosterOrg(4, "s", "South", "school", null, false)));

		assertThat(plan.units().newUnits()).isEmpty();
		assertThat(this.problems).singleElement().satisfies((p) -> {
			assertThat(p.file()).isEqualTo("orgs.csv");
			assertThat(p.row()).isEqualTo(4);
			assertThat(p.code()).isEqualTo("out_of_scope");
		});
	}

	@Test
	void reportsEachOrgOfACycleAndPlansNoneOfThem() {
		UnitPlan plan = plan(this.orgAdmin);

		plan.orgs(orgs(new RosterOrg(2, "a", "A", "school", "b", false),
				new RosterOrg(3, "b", "B", "school", "a", false)));

		assertThat(this.problems).extracting(ImportProblem::row, ImportProblem::code)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(2, "org_cycle"),
					org.assertj.core.groups.Tuple.tuple(3, "org_cycle"));
		assertThat(plan.units().newUnits()).isEmpty();
	}

	@Test
	void placesAClassInTheYearGroupOfItsOneGrade() {
		UnitPlan plan = plan(this.northAdmin);
		plan.orgs(orgs(new RosterOrg(2, "n", "North", "school", null, false)));

		plan.clazz(new RosterClass(2, "c1", false, "7N maths", false, null, "n", List.of("07")), List.of());
		plan.clazz(new RosterClass(3, "c2", false, "7N form", true, null, "n", List.of("07")), List.of());

		assertThat(this.problems).isEmpty();
		assertThat(plan.units().newUnits()).extracting(Unit::type, Unit::name)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(UnitType.YEAR, "Year 7"),
					org.assertj.core.groups.Tuple.tuple(UnitType.CLASS, "7N maths"),
					org.assertj.core.groups.Tuple.tuple(UnitType.CLASS, "7N form"));
		String year = plan.units().newUnits().get(0).id();
		assertThat(plan.units().newUnits().get(1).parentId()).isEqualTo(year);
		assertThat(plan.units().classOf("c2").homeroom()).isTrue();
		assertThat(plan.units().classOf("c2").schoolUnitId()).isEqualTo("north");
		assertThat(plan.units().classUnit("c1")).isEqualTo(plan.units().newUnits().get(1).id());
		assertThat(plan.counts()).isEqualTo(new ImportCounts.Units(0, 1, 1, 2, 0, 0));
	}

	@Test
	void putsAClassOfSeveralGradesDirectlyInItsSchool() {
		UnitPlan plan = plan(this.orgAdmin);
		plan.orgs(orgs(new RosterOrg(2, "n", "North", "school", null, false)));

		plan.clazz(new RosterClass(2, "c1", false, "Choir", false, "course", "n", List.of()), List.of("07", "08"));

		assertThat(plan.units().newUnits()).singleElement()
			.satisfies((u) -> assertThat(u.parentId()).isEqualTo("north"));
	}

	@Test
	void reportsAClassOfAnOrgThatIsNoSchool() {
		UnitPlan plan = plan(this.orgAdmin);
		plan.orgs(orgs(new RosterOrg(2, "d", "District", "district", null, false)));

		plan.clazz(new RosterClass(5, "c1", false, "7N", false, null, "d", List.of()), List.of());

		assertThat(this.problems).extracting(ImportProblem::file, ImportProblem::row, ImportProblem::code)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("classes.csv", 5, "not_a_school"));
		assertThat(plan.units().hasClass("c1")).isFalse();
	}

	@Test
	void namesYearGroupsFromGrades() {
		assertThat(ImportingRoster.yearName("07")).isEqualTo("Year 7");
		assertThat(ImportingRoster.yearName("13")).isEqualTo("Year 13");
		assertThat(ImportingRoster.yearName("KG")).isEqualTo("Reception");
		assertThat(ImportingRoster.yearName("PK")).isEqualTo("PK");
	}

}
