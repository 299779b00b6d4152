package org.staffroom.results;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each assessment's results added up per class, cached on this node and checked against
 * the assessment's results version, read afresh with the assessment on every request, so
 * an upload or a pupil moving class on any node is seen by the next request on every
 * node.
 *
 * <p>
 * Suppression needs every class's count (a small class elsewhere decides what may be
 * shown here), so the cache holds the whole organisation's class totals: aggregates only,
 * never a pupil's row, and only ever shown through the viewer's visibility and
 * suppression.
 */
@Component
class ResultTotals {

	/**
	 * One assessment's class tallies, as of a results version, with the pupils per class
	 * that suppression is decided on (worked out once per load, not per request).
	 */
	public record Totals(long version, Map<String, ClassTally> byClass, Map<String, Integer> pupilsPerClass) {

		static Totals of(long version, Map<String, ClassTally> byClass) {
			Map<String, Integer> counts = new HashMap<>();
			byClass.forEach((c, t) -> counts.put(c, t.count()));
			return new Totals(version, Map.copyOf(byClass), Map.copyOf(counts));
		}

	}

	private final JdbcClient jdbc;

	private final Map<String, Totals> cache = new ConcurrentHashMap<>();

	ResultTotals(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The assessment's class totals as of the results version it was just read with (the
	 * read that found the assessment, so no second query): a newer version on any node
	 * means a reload here.
	 */
	public Totals of(Assessment assessment) {
		Totals cached = this.cache.get(assessment.id());
		if (cached != null && cached.version() == assessment.resultsVersion()) {
			return cached;
		}
		Totals loaded = load(assessment, assessment.resultsVersion());
		this.cache.merge(assessment.id(), loaded, (old, now) -> (now.version() >= old.version()) ? now : old);
		return loaded;
	}

	private Totals load(Assessment assessment, long version) {
		int bandCount = assessment.bands().size();
		Map<String, ClassTally> byClass = new HashMap<>();
		this.jdbc.sql("""
				SELECT class_id, band, COUNT(*) AS pupils, SUM(score) AS score_sum
				FROM results
				WHERE assessment_id = ?
				GROUP BY class_id, band""").param(assessment.id()).query((rs) -> {
			int band = rs.getInt("band");
			int pupils = rs.getInt("pupils");
			BigDecimal sum = rs.getBigDecimal("score_sum");
			int[] bands = new int[bandCount];
			if (band >= 0 && band < bandCount) {
				bands[band] = pupils;
			}
			ClassTally tally = new ClassTally(pupils, (sum == null) ? BigDecimal.ZERO : sum, bands);
			byClass.merge(rs.getString("class_id"), tally, ClassTally::plus);
		});
		return Totals.of(version, byClass);
	}

}
