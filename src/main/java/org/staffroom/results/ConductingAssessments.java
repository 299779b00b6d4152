package org.staffroom.results;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Permission;
import org.staffroom.access.ResultsVisibility;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.jdbc.Times;

/**
 * Running assessments and recording their results, for holders of
 * {@code assessments.conduct} only. Each results row is checked (the pupil exists and is
 * within the uploader's {@code assessments.conduct} scope, the score is a number, the
 * band is one of the assessment's) and every problem is reported at once, as bulk import
 * does; a file with problems records nothing unless {@code partial} asks for its valid
 * rows.
 */
@Component
public class ConductingAssessments {

	public static final int MAX_BANDS = 20;

	public record NewAssessment(String name, String date, List<String> bands) {
	}

	/** What a results upload did, in the shape of a bulk import's report. */
	public record Report(String kind, boolean dryRun, String status, Map<String, Integer> progress,
			Map<String, Integer> counts, List<RowProblem> errors) {
	}

	private final OrganisationAccess access;

	private final Assessments assessments;

	private final Pupils pupils;

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ConductingAssessments(OrganisationAccess access, Assessments assessments, Pupils pupils, JdbcClient jdbc,
			JdbcTemplate batches, ApplicationEventPublisher events, Clock clock) {
		this.access = access;
		this.assessments = assessments;
		this.pupils = pupils;
		this.jdbc = jdbc;
		this.batches = batches;
		this.events = events;
		this.clock = clock;
	}

	@Transactional
	public Assessment create(String org, NewAssessment body, Acting actor, SignedIn caller) {
		AccessSnapshot snapshot = this.access.require(org, caller);
		FieldErrors errors = new FieldErrors();
		String name = errors.text("name", body.name(), FieldErrors.MAX_NAME, true);
		LocalDate date = null;
		if (body.date() == null || body.date().isBlank()) {
			errors.add("date", "required", "Enter the date of the assessment");
		}
		else {
			try {
				date = LocalDate.parse(body.date().strip());
			}
			catch (DateTimeParseException ex) {
				errors.add("date", "invalid", "Enter the date as YYYY-MM-DD");
			}
		}
		List<String> bands = new ArrayList<>();
		if (body.bands() == null || body.bands().isEmpty()) {
			errors.add("bands", "required", "Give the bands, from lowest to highest");
		}
		else if (body.bands().size() > MAX_BANDS) {
			errors.add("bands", "too_many", "At most " + MAX_BANDS + " bands");
		}
		else {
			Set<String> seen = new HashSet<>();
			for (int i = 0; i < body.bands().size(); i++) {
				String band = errors.text("bands[" + i + "]", body.bands().get(i), 100, true);
				if (band != null && !seen.add(band.toLowerCase(java.util.Locale.ROOT))) {
					errors.add("bands[" + i + "]", "duplicate", "Each band must have its own name");
				}
				bands.add(band);
			}
		}
		errors.throwIfAny();
		requireConduct(snapshot, caller);
		Assessment assessment = this.assessments.create(org, name, date, bands, caller.accountId(),
				this.clock.instant());
		this.events.publishEvent(new AssessmentCreated(org, assessment.id(), name, date, bands, actor));
		return assessment;
	}

	/**
	 * Checks every row of a results file and, unless it is a dry run, records them (all,
	 * or the valid ones).
	 */
	@Transactional
	public Report record(String org, String assessmentId, InputStream csv, boolean dryRun, boolean partial,
			Acting actor, SignedIn caller) {
		AccessSnapshot snapshot = this.access.require(org, caller);
		Assessment assessment = this.assessments.find(org, assessmentId)
			.orElseThrow(() -> Failure.notFound("That assessment"));
		List<String> conductScopes = requireConduct(snapshot, caller);
		ResultsVisibility viewer = ResultsVisibility.of(snapshot, caller.accountId());
		ResultsCsv.Contents contents = ResultsCsv.read(csv);
		List<RowProblem> problems = new ArrayList<>(contents.problems());
		Set<String> externalIds = new HashSet<>();
		contents.rows().forEach((r) -> {
			if (r.pupil() != null) {
				externalIds.add(r.pupil().strip());
			}
		});
		Map<String, Pupil> byExternalId = this.pupils.byExternalIds(org, externalIds);
		Map<String, Integer> firstRowOf = new HashMap<>();
		Map<String, Object[]> valid = new LinkedHashMap<>();
		for (ResultsCsv.Row row : contents.rows()) {
			List<RowProblem> rowProblems = new ArrayList<>();
			Pupil pupil = null;
			if (row.pupil() == null) {
				rowProblems.add(problem(row, "pupil", "required", "Give the pupil's external id"));
			}
			else {
				pupil = byExternalId.get(row.pupil().strip());
				Integer earlier = firstRowOf.putIfAbsent(row.pupil().strip(), row.row());
				if (pupil != null && !within(snapshot, pupil.classId(), conductScopes)) {
					if (viewer.seesPupilsOf(pupil.classId())) {
						rowProblems.add(problem(row, "pupil", "out_of_scope", "You do not conduct assessments at "
								+ snapshot.unitName(pupil.classId()).orElse("that class")));
					}
					else {
						// A pupil the uploader may not see is reported as unknown: a
						// results file is no way to learn who is on roll elsewhere, or in
						// which class.
						pupil = null;
					}
				}
				if (pupil == null && rowProblems.isEmpty()) {
					rowProblems.add(problem(row, "pupil", "unknown_pupil", "No pupil with the external id \""
							+ row.pupil() + "\" in the classes where you conduct assessments"));
				}
				if (earlier != null) {
					rowProblems
						.add(problem(row, "pupil", "duplicate", "This pupil's result is already on row " + earlier));
				}
			}
			BigDecimal score = null;
			if (row.score() == null) {
				rowProblems.add(problem(row, "score", "required", "Give the score"));
			}
			else {
				try {
					score = new BigDecimal(row.score().strip());
					if (score.abs().compareTo(new BigDecimal("999999999")) > 0 || score.scale() > 3) {
						rowProblems.add(problem(row, "score", "out_of_range",
								"A score has at most 9 digits before the point and 3 after it"));
					}
				}
				catch (NumberFormatException ex) {
					rowProblems.add(problem(row, "score", "invalid_number", "\"" + row.score() + "\" is not a number"));
				}
			}
			int band = assessment.bandIndex(row.band());
			if (row.band() == null) {
				rowProblems.add(problem(row, "band", "required", "Give the band"));
			}
			else if (band < 0) {
				rowProblems.add(problem(row, "band", "unknown_band", "\"" + row.band()
						+ "\" is not one of this assessment's bands: " + String.join(", ", assessment.bands())));
			}
			if (rowProblems.isEmpty()) {
				valid.put(pupil.id(), new Object[] { score, band, pupil.classId() });
			}
			problems.addAll(rowProblems);
		}
		int rows = contents.rows().size();
		boolean apply = !dryRun && (problems.isEmpty() || partial) && !valid.isEmpty() && contents.problems().isEmpty();
		if (apply) {
			write(assessment, valid, caller.accountId());
			this.assessments.resultsChanged(assessment.id());
			this.events.publishEvent(new ResultsRecorded(org, assessment.id(), assessment.name(), valid.size(),
					rows - valid.size(), actor));
		}
		Map<String, Integer> counts = new LinkedHashMap<>();
		counts.put("rows", rows);
		counts.put("valid", valid.size());
		counts.put("recorded", apply ? valid.size() : 0);
		counts.put("errors", problems.size());
		String status = (problems.isEmpty() || (partial && apply)) ? "succeeded" : "failed";
		return new Report("results-csv", dryRun, status, Map.of("done", rows, "total", rows), counts, problems);
	}

	private void write(Assessment assessment, Map<String, Object[]> valid, String by) {
		List<String> ids = new ArrayList<>(valid.keySet());
		for (int from = 0; from < ids.size(); from += 500) {
			this.jdbc.sql("DELETE FROM results WHERE assessment_id = :a AND pupil_id IN (:ids)")
				.param("a", assessment.id())
				.param("ids", ids.subList(from, Math.min(ids.size(), from + 500)))
				.update();
		}
		var now = Times.sql(this.clock.instant());
		List<Object[]> batch = new ArrayList<>(valid.size());
		valid.forEach((pupilId, v) -> batch.add(new Object[] { assessment.id(), pupilId, v[2], v[0], v[1], by, now }));
		// JdbcClient has no batch: the template does, one round trip per thousand rows.
		for (int from = 0; from < batch.size(); from += 1000) {
			this.batches.batchUpdate(
					"INSERT INTO results (assessment_id, pupil_id, class_id, score, band, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
					batch.subList(from, Math.min(batch.size(), from + 1000)));
		}
	}

	private static RowProblem problem(ResultsCsv.Row row, String column, String code, String message) {
		return new RowProblem(ResultsCsv.FILE, row.row(), column, code, message);
	}

	private static boolean within(AccessSnapshot snapshot, String unitId, List<String> scopes) {
		for (String scope : scopes) {
			if (snapshot.isWithin(unitId, scope)) {
				return true;
			}
		}
		return false;
	}

	/** The caller's assessments.conduct scopes; 403 if they have none. */
	private static List<String> requireConduct(AccessSnapshot snapshot, SignedIn caller) {
		List<String> scopes = caller.operator() ? List.of()
				: snapshot.scopesOf(caller.accountId(), Permission.ASSESSMENTS_CONDUCT);
		if (scopes.isEmpty()) {
			throw Failure.forbidden("forbidden",
					"Only people who conduct assessments (assessments.conduct) may do this");
		}
		return scopes;
	}

}
