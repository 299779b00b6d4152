package org.staffroom.imports;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broken file can have a problem on each of millions of rows: the report counts them
 * all but lists a bounded number, and a staff CSV (held in memory to merge each person's
 * rows) has a bounded number of rows.
 */
class ImportProblemsTests {

	private static ImportProblem at(int row) {
		return new ImportProblem("users.csv", row, "email", "invalid_email", "row " + row);
	}

	@Test
	void everyProblemIsCountedButOnlyTheFirstAreListedAndTheReportSaysHowManyMore() {
		ImportProblems problems = new ImportProblems(3);
		for (int row = 10; row > 0; row--) {
			problems.add(at(row));
		}
		assertThat(problems.found()).isEqualTo(10);
		assertThat(problems.count()).isEqualTo(10);
		problems.sortForReport(Comparator.comparing(ImportProblem::row));
		assertThat(problems).extracting(ImportProblem::row).containsExactly(8, 9, 10, null);
		assertThat(problems.get(3).code()).isEqualTo("too_many_problems");
		assertThat(problems.get(3).message()).startsWith("7 more problems");
	}

	@Test
	void aReportWithinTheLimitListsEveryProblemAndNothingMore() {
		ImportProblems problems = new ImportProblems(3);
		problems.add(at(2));
		problems.add(at(1));
		problems.sortForReport(Comparator.comparing(ImportProblem::row));
		assertThat(problems).extracting(ImportProblem::row).containsExactly(1, 2);
	}

	@Test
	void problemsOfAPassMadeAgainAreForgottenListedOrNot() {
		ImportProblems problems = new ImportProblems(3);
		problems.add(at(1));
		problems.add(at(2));
		long before = problems.found();
		for (int row = 3; row < 8; row++) {
			problems.add(at(row));
		}
		problems.forgetAfter(before);
		assertThat(problems.found()).isEqualTo(2);
		assertThat(problems).extracting(ImportProblem::row).containsExactly(1, 2);
	}

	@Test
	void aStaffCsvWithMoreRowsThanAllowedIsReportedAtTheFirstRowTooMany() {
		StringBuilder csv = new StringBuilder("email,first name,last name\r\n");
		for (int i = 0; i < 5; i++) {
			csv.append("p").append(i).append("@school.test,P,").append(i).append("\r\n");
		}
		StaffCsv.Contents contents = StaffCsv
			.read(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), 4);
		assertThat(contents.rows()).hasSize(4);
		assertThat(contents.problems()).extracting(ImportProblem::row, ImportProblem::code)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(6, "too_many_rows"));
	}

}
