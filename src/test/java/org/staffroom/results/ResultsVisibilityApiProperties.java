package org.staffroom.results;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.staffroom.testing.Api;
import org.staffroom.testing.ApiTestCase;
import org.staffroom.testing.LinearSpan;
import org.staffroom.testing.ResultsRoleTable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Section 5 through the HTTP API, for random trusts, random roles and every query: a
 * property checked on a few seeded random trusts (each seed is one generated case; a
 * failure names its seed and can be replayed). It runs on H2 and on PostgreSQL, as the
 * rest of the API suite does.
 * <ol>
 * <li>No pupil-level row is ever returned outside results.pupils: {@code /results/pupils}
 * answers 200 exactly where the role table grants results.pupils over the unit, and then
 * with exactly the pupils of that unit; anywhere else 403.</li>
 * <li>A summary answers 200 exactly when the role table lets the viewer see every group
 * asked for, and its figures are the true ones; anything else is 403, never trimmed.</li>
 * <li>No group under k is ever revealed: taking every total the viewer was shown across
 * all their queries, and the classes whose pupils they see, no sum or difference of them
 * gives the total of a set of hidden classes holding between 1 and k-1 pupils.</li>
 * </ol>
 */
class ResultsVisibilityApiProperties extends ApiTestCase {

	static final List<String> ROLES = List.of("teacher", "headteacher", "org-overview", "examiner", "org-admin",
			"user-admin");

	record Unit(String id, String type, String parent) {
	}

	@ParameterizedTest(name = "seed {0}")
	@ValueSource(longs = { 11, 23, 47 })
	void noPupilRowOutsideResultsPupilsAndNoSmallGroupRevealed(long seed) {
		Random random = new Random(seed);
		Trust trust = aTrust();
		Map<String, Unit> units = new LinkedHashMap<>();
		units.put(trust.root, new Unit(trust.root, "organisation", null));
		List<String> classes = new ArrayList<>();
		int schools = 2 + random.nextInt(2);
		for (int s = 0; s < schools; s++) {
			String school = trust.school("School " + s);
			units.put(school, new Unit(school, "school", trust.root));
			int years = 1 + random.nextInt(2);
			for (int y = 0; y < years; y++) {
				String year = trust.year(school, "Year " + (7 + y));
				units.put(year, new Unit(year, "year", school));
				for (int c = 0, n = 1 + random.nextInt(2); c < n; c++) {
					String cls = trust.classIn(year, (7 + y) + "" + (char) ('A' + c));
					units.put(cls, new Unit(cls, "class", year));
					classes.add(cls);
				}
			}
			if (random.nextBoolean()) {
				String cls = trust.classIn(school, "Nurture " + s);
				units.put(cls, new Unit(cls, "class", school));
				classes.add(cls);
			}
		}
		// Pupils: many small classes, so that suppression has work to do.
		Map<String, Integer> perClass = new HashMap<>();
		StringBuilder csv = new StringBuilder("pupil,score,band\n");
		int next = 0;
		for (String cls : classes) {
			int n = random.nextInt(3) == 0 ? random.nextInt(4) : 3 + random.nextInt(8);
			perClass.put(cls, n);
			for (int i = 0; i < n; i++) {
				String external = "P" + seed + "-" + next++;
				var added = trust.admin.post(trust.path("/pupils"),
						Map.of("firstName", "Pupil", "lastName", external, "externalId", external, "classId", cls));
				assertThat(added.status()).as(added.toString()).isEqualTo(201);
				csv.append(external)
					.append(',')
					.append(random.nextInt(100))
					.append(',')
					.append(List.of("low", "mid", "high").get(random.nextInt(3)))
					.append('\n');
			}
		}
		int k = 3 + random.nextInt(4);
		assertThat(trust.admin.patch(trust.path(""), Map.of("smallGroupK", k)).status()).isEqualTo(200);
		Member examiner = trust.member("examiner", trust.root);
		String assessment = examiner.api()
			.post(trust.path("/assessments"),
					Map.of("name", "Random " + seed, "date", "2026-11-20", "bands", List.of("low", "mid", "high")))
			.json()
			.get("id")
			.asString();
		var recorded = examiner.api()
			.postBytes(trust.path("/assessments/" + assessment + "/results"),
					csv.toString().getBytes(StandardCharsets.UTF_8), "text/csv");
		assertThat(recorded.json().get("status").asString()).as(recorded.toString()).isEqualTo("succeeded");

		for (int v = 0; v < 3; v++) {
			// A viewer with one or two random roles, each at a random unit where it fits.
			List<Object> pairs = new ArrayList<>();
			List<String[]> held = new ArrayList<>();
			for (int g = 0, n = 1 + random.nextInt(2); g < n; g++) {
				String role = ROLES.get(random.nextInt(ROLES.size()));
				List<String> fitting = units.values()
					.stream()
					.filter((u) -> fits(role, u.type()))
					.map(Unit::id)
					.toList();
				String unit = fitting.get(random.nextInt(fitting.size()));
				if (pairs.contains(role) && pairs.get(pairs.indexOf(role) + 1).equals(unit)) {
					continue;
				}
				pairs.add(role);
				pairs.add(unit);
				for (ResultsRoleTable.Held h : ResultsRoleTable.ROLES.get(role)) {
					held.add(new String[] { h.permission(), anchored(unit, h.anchor(), units) });
				}
			}
			Member viewer = trust.member(pairs.toArray());
			String context = "seed " + seed + ", viewer " + pairs + ", k=" + k + ", pupils per class " + perClass;
			checkViewer(trust, viewer.api(), assessment, units, classes, perClass, held, k, context);
		}
	}

	private void checkViewer(Trust trust, Api viewer, String assessment, Map<String, Unit> units, List<String> classes,
			Map<String, Integer> perClass, List<String[]> held, int k, String context) {
		List<long[]> known = new ArrayList<>();
		for (Unit u : units.values()) {
			boolean pupilsAllowed = held.stream().anyMatch((h) -> h[0].equals("pupils") && within(u.id(), h[1], units));
			var pupils = viewer.get(trust.path("/results/pupils?assessmentId=" + assessment + "&unitId=" + u.id()));
			if (pupilsAllowed) {
				assertThat(pupils.status()).as(context + ": pupils of " + u + " " + pupils).isEqualTo(200);
				int expected = 0;
				for (String c : classes) {
					expected += within(c, u.id(), units) ? perClass.get(c) : 0;
				}
				assertThat(pupils.json().get("items")).as(context).hasSize(expected);
				pupils.json()
					.get("items")
					.forEach((p) -> assertThat(within(p.get("classId").asString(), u.id(), units))
						.as(context + ": a pupil outside " + u)
						.isTrue());
				known.add(vector(u.id(), classes, units));
			}
			else {
				assertThat(pupils.status()).as(context + ": pupils of " + u + " " + pupils).isEqualTo(403);
			}
			for (String groupBy : List.of("", "school", "year", "class")) {
				if (!groupBy.isEmpty() && level(groupBy) < level(u.type())) {
					continue;
				}
				List<String> asked = new ArrayList<>(List.of(u.id()));
				units.values()
					.stream()
					.filter((g) -> g.type().equals(groupBy) && !g.id().equals(u.id()) && within(g.id(), u.id(), units))
					.forEach((g) -> asked.add(g.id()));
				boolean allowed = asked.stream().allMatch((g) -> seesAggregate(g, held, units));
				var summary = viewer.get(trust.path("/results/summary?assessmentId=" + assessment + "&unitId=" + u.id()
						+ (groupBy.isEmpty() ? "" : "&groupBy=" + groupBy)));
				if (!allowed) {
					assertThat(summary.status()).as(context + ": summary " + u + " by " + groupBy + " " + summary)
						.isEqualTo(403);
					continue;
				}
				assertThat(summary.status()).as(context + ": summary " + u + " by " + groupBy + " " + summary)
					.isEqualTo(200);
				assertThat(summary.json().get("items")).hasSize(asked.size());
				for (JsonNode row : summary.json().get("items")) {
					String id = row.get("unitId").asString();
					if (row.has("suppressed")) {
						continue;
					}
					int truth = 0;
					for (String c : classes) {
						truth += within(c, id, units) ? perClass.get(c) : 0;
					}
					assertThat(row.get("count").asInt()).as(context + ": count of " + id).isEqualTo(truth);
					boolean pupilsSeen = held.stream()
						.anyMatch((h) -> h[0].equals("pupils") && within(id, h[1], units));
					if (truth > 0 && truth < k) {
						assertThat(pupilsSeen).as(context + ": a group of " + truth + " shown: " + row).isTrue();
					}
					known.add(vector(id, classes, units));
				}
			}
		}
		List<String> hidden = classes.stream()
			.filter((c) -> held.stream().noneMatch((h) -> h[0].equals("pupils") && within(c, h[1], units)))
			.toList();
		LinearSpan span = new LinearSpan(known);
		for (int subset = 1; subset < (1 << Math.min(hidden.size(), 16)); subset++) {
			long[] v = new long[classes.size()];
			int count = 0;
			for (int i = 0; i < hidden.size() && i < 16; i++) {
				if ((subset & (1 << i)) != 0) {
					v[classes.indexOf(hidden.get(i))] = 1;
					count += perClass.get(hidden.get(i));
				}
			}
			if (count > 0 && count < k) {
				assertThat(span.contains(v)).as(context + ": a group of " + count + " can be derived").isFalse();
			}
		}
	}

	private static boolean seesAggregate(String unit, List<String[]> held, Map<String, Unit> units) {
		return held.stream()
			.anyMatch((h) -> ((h[0].equals("pupils") || h[0].equals("summary")) && within(unit, h[1], units)) || (h[0]
				.equals("compare")
					&& (unit.equals(h[1]) || (units.get(unit).type().equals("school") && within(unit, h[1], units)))));
	}

	private static boolean fits(String role, String type) {
		return switch (role) {
			case "teacher" -> type.equals("class") || type.equals("year");
			case "headteacher" -> type.equals("school");
			case "org-admin" -> type.equals("organisation");
			default -> type.equals("organisation") || type.equals("school");
		};
	}

	private static int level(String type) {
		return List.of("organisation", "school", "year", "class").indexOf(type);
	}

	private static String anchored(String unit, String anchor, Map<String, Unit> units) {
		return switch (anchor) {
			case "assigned" -> unit;
			case "organisation" -> units.keySet().iterator().next();
			default -> {
				for (String u = unit; u != null; u = units.get(u).parent()) {
					if (units.get(u).type().equals("school")) {
						yield u;
					}
				}
				yield unit;
			}
		};
	}

	private static boolean within(String unit, String scope, Map<String, Unit> units) {
		for (String u = unit; u != null; u = units.get(u).parent()) {
			if (u.equals(scope)) {
				return true;
			}
		}
		return false;
	}

	private static long[] vector(String unit, List<String> classes, Map<String, Unit> units) {
		long[] v = new long[classes.size()];
		for (int i = 0; i < classes.size(); i++) {
			v[i] = within(classes.get(i), unit, units) ? 1 : 0;
		}
		return v;
	}

}
