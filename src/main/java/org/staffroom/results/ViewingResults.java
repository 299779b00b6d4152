package org.staffroom.results;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.ResultsVisibility;
import org.staffroom.access.SmallGroups;
import org.staffroom.access.UnitType;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.organisations.Organisations;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.security.SignedIn;

/**
 * Reading results, as access-model.md section 5 allows: the engine decides what the
 * caller may see; a request for more is refused (403 forbidden), never trimmed; pupil
 * rows are fetched only for the unit the engine has allowed; small groups are suppressed,
 * with complementary suppression.
 */
@Component
public class ViewingResults {

	/** One row of a summary: a group's aggregate, or that it is suppressed. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record SummaryRow(String unitId, String level, String name, Integer count, Double mean,
			Map<String, Integer> bands, Boolean suppressed) {
	}

	public record PupilResult(String pupilId, String externalId, String firstName, String lastName, String classId,
			double score, String band) {
	}

	private final OrganisationAccess access;

	private final Assessments assessments;

	private final ResultTotals totals;

	private final Organisations organisations;

	private final JdbcClient jdbc;

	ViewingResults(OrganisationAccess access, Assessments assessments, ResultTotals totals, Organisations organisations,
			JdbcClient jdbc) {
		this.access = access;
		this.assessments = assessments;
		this.totals = totals;
		this.organisations = organisations;
		this.jdbc = jdbc;
	}

	/**
	 * The aggregate of {@code unitId} (the organisation if null) and of each unit of the
	 * {@code groupBy} level within it, in tree order, the unit's own row first.
	 */
	public List<SummaryRow> summary(String org, SignedIn caller, String assessmentId, String unitId, String groupBy) {
		AccessSnapshot snapshot = this.access.require(org, caller);
		FieldErrors errors = new FieldErrors();
		UnitType level = null;
		if (groupBy != null && !groupBy.isBlank()) {
			level = UnitType.fromKey(groupBy.strip().toLowerCase(Locale.ROOT))
				.filter((t) -> t != UnitType.ORGANISATION)
				.orElse(null);
			if (level == null) {
				errors.add("groupBy", "invalid", "groupBy must be school, year or class");
			}
		}
		if (assessmentId == null || assessmentId.isBlank()) {
			errors.add("assessmentId", "required", "Give the assessment");
		}
		String unit = (unitId == null || unitId.isBlank()) ? snapshot.rootUnitId() : unitId;
		errors.throwIfAny();
		Assessment assessment = this.assessments.find(org, assessmentId)
			.orElseThrow(() -> Failure.notFound("That assessment"));
		UnitType unitType = snapshot.unitType(unit).orElseThrow(() -> Failure.notFound("That unit"));
		if (level != null && level.ordinal() < unitType.ordinal()) {
			throw Failure.invalid("groupBy", "too_coarse",
					"A " + unitType.key() + " holds no " + level.key() + "s: group by a level below it");
		}
		return new View(snapshot, assessment, viewer(snapshot, caller), org).summary(unit, level);
	}

	/**
	 * What one person may see of one assessment, worked out once so that a page showing
	 * several summaries (a unit, then each level within it) reads the assessment, the
	 * totals and k once and decides suppression once.
	 */
	public View view(String org, SignedIn caller, String assessmentId) {
		AccessSnapshot snapshot = this.access.require(org, caller);
		Assessment assessment = this.assessments.find(org, assessmentId)
			.orElseThrow(() -> Failure.notFound("That assessment"));
		return new View(snapshot, assessment, viewer(snapshot, caller), org);
	}

	private static ResultsVisibility viewer(AccessSnapshot snapshot, SignedIn caller) {
		return ResultsVisibility.of(snapshot, caller.operator() ? null : caller.accountId());
	}

	/** One person's view of one assessment's results. */
	public final class View {

		private final AccessSnapshot snapshot;

		private final Assessment assessment;

		private final ResultsVisibility viewer;

		private final String org;

		// Decided on first use: a refused request never loads the totals.
		private ResultTotals.Totals totals;

		private SmallGroups suppression;

		View(AccessSnapshot snapshot, Assessment assessment, ResultsVisibility viewer, String org) {
			this.snapshot = snapshot;
			this.assessment = assessment;
			this.viewer = viewer;
			this.org = org;
		}

		/**
		 * The unit and the groups of the level within it (none if level is null), unit
		 * first.
		 */
		private List<String> groups(String unit, UnitType level) {
			List<String> rows = new ArrayList<>();
			rows.add(unit);
			if (level != null) {
				for (String u : this.snapshot.unitsWithin(unit)) {
					if (!u.equals(unit) && this.snapshot.unitType(u).orElseThrow() == level) {
						rows.add(u);
					}
				}
			}
			return rows;
		}

		/** Whether the person may see the unit and every group of the level within it. */
		public boolean sees(String unit, UnitType level) {
			return groups(unit, level).stream().allMatch(this.viewer::seesAggregateOf);
		}

		/**
		 * The unit's row and its groups' rows; 403 if the person may not see one of them.
		 */
		public List<SummaryRow> summary(String unit, UnitType level) {
			List<String> rows = groups(unit, level);
			for (String u : rows) {
				if (!this.viewer.seesAggregateOf(u)) {
					throw Failure.forbidden("forbidden", "Your roles do not let you see the results of "
							+ this.snapshot.unitName(u).orElse(u) + " at that level");
				}
			}
			if (this.suppression == null) {
				this.totals = ViewingResults.this.totals.of(this.assessment);
				int k = ViewingResults.this.organisations.find(this.org).orElseThrow().smallGroupK();
				this.suppression = SmallGroups.decide(this.viewer, this.totals.pupilsPerClass(), k);
			}
			List<String> bandNames = this.assessment.bands();
			List<SummaryRow> summary = new ArrayList<>(rows.size());
			for (String u : rows) {
				String type = this.snapshot.unitType(u).orElseThrow().key();
				String name = this.snapshot.unitName(u).orElse(null);
				if (this.suppression.isSuppressed(u)) {
					summary.add(new SummaryRow(u, type, name, null, null, null, true));
					continue;
				}
				ClassTally tally = tallyOf(this.snapshot, u, this.totals, bandNames.size());
				Map<String, Integer> bands = new LinkedHashMap<>();
				for (int i = 0; i < bandNames.size(); i++) {
					bands.put(bandNames.get(i), tally.bands()[i]);
				}
				Double mean = (tally.count() == 0) ? null
						: tally.scoreSum()
							.divide(BigDecimal.valueOf(tally.count()), 2, RoundingMode.HALF_UP)
							.doubleValue();
				summary.add(new SummaryRow(u, type, name, tally.count(), mean, bands, null));
			}
			return summary;
		}

	}

	private static ClassTally tallyOf(AccessSnapshot snapshot, String unit, ResultTotals.Totals totals, int bandCount) {
		ClassTally sum = ClassTally.empty(bandCount);
		for (String u : snapshot.unitsWithin(unit)) {
			ClassTally c = totals.byClass().get(u);
			if (c != null) {
				sum = sum.plus(c);
			}
		}
		return sum;
	}

	/**
	 * Every pupil's result within the unit, only if the caller may see the unit's pupils
	 * one by one.
	 */
	public List<PupilResult> pupils(String org, SignedIn caller, String assessmentId, String unitId) {
		AccessSnapshot snapshot = this.access.require(org, caller);
		if (assessmentId == null || assessmentId.isBlank()) {
			throw Failure.invalid("assessmentId", "required", "Give the assessment");
		}
		String unit = (unitId == null || unitId.isBlank()) ? snapshot.rootUnitId() : unitId;
		Assessment assessment = this.assessments.find(org, assessmentId)
			.orElseThrow(() -> Failure.notFound("That assessment"));
		if (!snapshot.hasUnit(unit)) {
			throw Failure.notFound("That unit");
		}
		ResultsVisibility viewer = viewer(snapshot, caller);
		if (!viewer.seesPupilsOf(unit)) {
			throw Failure.forbidden("forbidden",
					"Your roles do not let you see pupils' results in " + snapshot.unitName(unit).orElse(unit));
		}
		List<String> classes = classesWithin(snapshot, unit);
		List<PupilResult> found = new ArrayList<>();
		if (classes.isEmpty()) {
			return found;
		}
		// Only the allowed unit's classes are read: no row is fetched to be thrown away.
		String where = unit.equals(snapshot.rootUnitId()) ? "p.organisation_id = :org" : "p.class_id IN (:classes)";
		var query = this.jdbc.sql("""
				SELECT p.id, p.external_id, p.first_name, p.last_name, p.class_id, r.score, r.band
				FROM results r JOIN pupils p ON p.id = r.pupil_id
				WHERE r.assessment_id = :assessment AND %s
				ORDER BY p.last_name, p.first_name, p.external_id""".formatted(where))
			.param("assessment", assessment.id());
		query = unit.equals(snapshot.rootUnitId()) ? query.param("org", org) : query.param("classes", classes);
		query.query((rs) -> {
			int band = rs.getInt("band");
			found.add(new PupilResult(rs.getString("id"), rs.getString("external_id"), rs.getString("first_name"),
					rs.getString("last_name"), rs.getString("class_id"), rs.getBigDecimal("score").doubleValue(),
					(band >= 0 && band < assessment.bands().size()) ? assessment.bands().get(band) : null));
		});
		return found;
	}

	/**
	 * The units within this one that pupils belong to: its classes, and its schools,
	 * where a roster's pupil with no class enrolment yet is placed (seen at school level
	 * only).
	 */
	static List<String> classesWithin(AccessSnapshot snapshot, String unit) {
		List<String> classes = new ArrayList<>();
		for (String u : snapshot.unitsWithin(unit)) {
			UnitType type = snapshot.unitType(u).orElseThrow();
			if (type == UnitType.CLASS || type == UnitType.SCHOOL) {
				classes.add(u);
			}
		}
		return classes;
	}

}
