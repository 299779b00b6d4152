package org.staffroom.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** An import's counts, as typed values and as the report's fields. */
class ImportCountsTests {

	private static final List<String> ROSTER_FIELDS = List.of("rows", "schoolsCreated", "schoolsUpdated",
			"yearsCreated", "classesCreated", "classesUpdated", "unitsArchived", "people", "invited", "updated",
			"unchanged", "removed", "rolesAdded", "rolesRemoved", "pupilsCreated", "pupilsUpdated", "pupilsUnchanged",
			"pupilsRemoved", "pupilsWithoutClass", "skipped", "errors");

	private final ImportCounts roster = ImportCounts.ofRows(40, 2)
		.plus(ImportCounts.of(new ImportCounts.Units(1, 2, 3, 4, 5, 6)))
		.plus(ImportCounts.of(new ImportCounts.Staff(10, 7, 2, 1, 1, 9, 3)))
		.plus(ImportCounts.of(new ImportCounts.Pupils(20, 4, 3, 1, 6)))
		.withErrors(5);

	@Test
	void addsUpFieldByField() {
		ImportCounts twice = this.roster.plus(this.roster);

		assertThat(twice.rows()).isEqualTo(80);
		assertThat(twice.units()).isEqualTo(new ImportCounts.Units(2, 4, 6, 8, 10, 12));
		assertThat(twice.staff()).isEqualTo(new ImportCounts.Staff(20, 14, 4, 2, 2, 18, 6));
		assertThat(twice.pupils()).isEqualTo(new ImportCounts.Pupils(40, 8, 6, 2, 12));
		assertThat(twice.skipped()).isEqualTo(4);
		assertThat(twice.errors()).isEqualTo(10);
	}

	@Test
	void givesTheRosterReportsFieldsInTheirOrder() {
		assertThat(this.roster.roster().keySet()).containsExactlyElementsOf(ROSTER_FIELDS);
		assertThat(this.roster.roster().values()).containsExactly(40, 1, 2, 3, 4, 5, 6, 10, 7, 2, 1, 1, 9, 3, 20, 4, 3,
				1, 6, 2, 5);
	}

	@Test
	void givesTheStaffCsvReportsFieldsInTheirOrder() {
		assertThat(this.roster.staffCsv().keySet()).containsExactly("rows", "people", "invited", "updated", "unchanged",
				"rolesAdded", "errors");
		assertThat(this.roster.staffCsv().values()).containsExactly(40, 10, 7, 2, 1, 9, 5);
	}

	@Test
	void keepsOnlyWhatARosterReadWhenItIsNotApplied() {
		ImportCounts notApplied = this.roster.rosterNotApplied();

		assertThat(notApplied.roster()).containsEntry("rows", 40)
			.containsEntry("people", 10)
			.containsEntry("skipped", 2)
			.containsEntry("errors", 5);
		assertThat(notApplied.roster().entrySet())
			.filteredOn((e) -> !List.of("rows", "people", "skipped", "errors").contains(e.getKey()))
			.allSatisfy((e) -> assertThat(e.getValue()).isEqualTo(0));
	}

	@Test
	void zeroesWhatAStaffCsvWouldHaveAddedWhenItIsNotApplied() {
		assertThat(this.roster.staffCsvNotApplied().staffCsv().values()).containsExactly(40, 10, 0, 0, 1, 0, 5);
	}

}
