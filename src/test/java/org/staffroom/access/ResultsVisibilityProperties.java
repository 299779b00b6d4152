package org.staffroom.access;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import org.staffroom.testing.LinearSpan;
import org.staffroom.testing.ResultsRoleTable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Section 5 as properties, for random trusts (schools with years and classes, and classes
 * directly under a school), random pupils per class, a random k, and a viewer holding
 * random results roles at random units:
 * <ol>
 * <li>the engine shows pupils exactly where an independent reading of the role table
 * grants {@code results.pupils}, and aggregates exactly where it grants
 * {@code results.summary}, {@code results.compare} (school totals) or
 * {@code results.pupils};</li>
 * <li>no group under k is ever revealed: for every set of classes whose pupils the viewer
 * may not see one by one, holding between 1 and k-1 pupils, no combination (sums and
 * differences) of the totals the viewer is shown, and of the classes whose pupils they
 * see, adds up to exactly that set. This is checked by linear algebra over the classes,
 * so it covers subtraction of any depth: a school minus its visible classes, a trust
 * minus a school, and so on.</li>
 * </ol>
 */
class ResultsVisibilityProperties {

	record Shape(List<List<Integer>> schools, List<Integer> direct, int k) {
	}

	record Grant(String role, int unitPick) {
	}

	@Provide
	Arbitrary<Tuple.Tuple3<List<List<Integer>>, List<Integer>, Integer>> shapes() {
		// Per school: a list of year sizes (classes per year); direct classes per school.
		Arbitrary<List<List<Integer>>> schools = Arbitraries.integers()
			.between(1, 3)
			.list()
			.ofMinSize(0)
			.ofMaxSize(2)
			.list()
			.ofMinSize(1)
			.ofMaxSize(3);
		Arbitrary<List<Integer>> direct = Arbitraries.integers().between(0, 2).list().ofSize(3);
		return Combinators.combine(schools, direct, Arbitraries.integers().between(2, 6)).as(Tuple::of);
	}

	@Provide
	Arbitrary<List<Grant>> grants() {
		Arbitrary<String> role = Arbitraries.of(ResultsRoleTable.ROLES.keySet().stream().sorted().toList());
		return Combinators.combine(role, Arbitraries.integers().between(0, 1000))
			.as(Grant::new)
			.list()
			.ofMinSize(1)
			.ofMaxSize(3);
	}

	@Property(tries = 400)
	void theViewerSeesExactlyWhatTheRoleTableGrantsAndNoSmallGroupIsRevealed(
			@ForAll("shapes") Tuple.Tuple3<List<List<Integer>>, List<Integer>, Integer> shape,
			@ForAll("grants") List<Grant> grants, @ForAll("counts") List<Integer> pupils) {
		AccessSnapshot.Builder b = AccessSnapshot.builder("org", 1, RoleCatalogue.builtIn(ResultsVisibilityTests.BOTH))
			.unit("root", null, UnitType.ORGANISATION, "Trust");
		List<String> units = new ArrayList<>(List.of("root"));
		Map<String, UnitType> types = new HashMap<>(Map.of("root", UnitType.ORGANISATION));
		Map<String, String> parents = new HashMap<>();
		List<String> classes = new ArrayList<>();
		int s = 0;
		for (List<Integer> years : shape.get1()) {
			String school = "s" + s;
			add(b, units, types, parents, school, "root", UnitType.SCHOOL);
			int y = 0;
			for (int size : years) {
				String year = school + "y" + y++;
				add(b, units, types, parents, year, school, UnitType.YEAR);
				for (int c = 0; c < size; c++) {
					String cls = year + "c" + c;
					add(b, units, types, parents, cls, year, UnitType.CLASS);
					classes.add(cls);
				}
			}
			for (int c = 0; c < shape.get2().get(s % shape.get2().size()); c++) {
				String cls = school + "d" + c;
				add(b, units, types, parents, cls, school, UnitType.CLASS);
				classes.add(cls);
			}
			s++;
		}
		b.member("viewer", MemberStatus.ACTIVE, false, "v@x");
		int a = 0;
		List<String[]> held = new ArrayList<>();
		for (Grant grant : grants) {
			RoleDefinition role = RoleCatalogue.builtIn(ResultsVisibilityTests.BOTH).find(grant.role()).orElseThrow();
			List<String> fitting = units.stream().filter((u) -> role.fits(types.get(u))).toList();
			if (fitting.isEmpty()) {
				continue;
			}
			String unit = fitting.get(grant.unitPick() % fitting.size());
			b.assignment("a" + a++, "viewer", grant.role(), unit);
			for (ResultsRoleTable.Held h : ResultsRoleTable.ROLES.get(grant.role())) {
				held.add(new String[] { h.permission(), anchored(unit, h.anchor(), types, parents) });
			}
		}
		AccessSnapshot snapshot = b.build();
		ResultsVisibility viewer = ResultsVisibility.of(snapshot, "viewer");

		// 1. The engine agrees with the role table, unit by unit.
		for (String u : units) {
			boolean pupilsByTable = held.stream().anyMatch((h) -> h[0].equals("pupils") && within(u, h[1], parents));
			boolean aggregateByTable = pupilsByTable
					|| held.stream().anyMatch((h) -> h[0].equals("summary") && within(u, h[1], parents))
					|| held.stream()
						.anyMatch((h) -> h[0].equals("compare")
								&& (u.equals(h[1]) || (types.get(u) == UnitType.SCHOOL && within(u, h[1], parents))));
			assertThat(viewer.seesPupilsOf(u)).as("pupils of %s", u).isEqualTo(pupilsByTable);
			assertThat(viewer.seesAggregateOf(u)).as("aggregate of %s", u).isEqualTo(aggregateByTable);
		}

		// 2. No small group can be derived from what is shown.
		int k = shape.get3();
		Map<String, Integer> perClass = new HashMap<>();
		for (int i = 0; i < classes.size(); i++) {
			perClass.put(classes.get(i), pupils.get(i % pupils.size()));
		}
		SmallGroups groups = SmallGroups.decide(viewer, perClass, k);
		List<long[]> known = new ArrayList<>();
		for (String u : units) {
			boolean shown = viewer.seesAggregateOf(u) && !groups.isSuppressed(u);
			if (shown || viewer.seesPupilsOf(u)) {
				known.add(vector(u, classes, parents));
			}
			if (viewer.seesPupilsOf(u)) {
				assertThat(groups.isSuppressed(u)).as("%s: its pupils are seen one by one", u).isFalse();
			}
			if (groups.isSuppressed(u)) {
				assertThat(viewer.seesAggregateOf(u)).as("only a visible group is suppressed").isTrue();
			}
		}
		List<String> hidden = classes.stream().filter((c) -> !viewer.seesPupilsOf(c)).toList();
		LinearSpan span = new LinearSpan(known);
		for (int subset = 1; subset < (1 << hidden.size()); subset++) {
			long[] v = new long[classes.size()];
			int count = 0;
			List<String> members = new ArrayList<>();
			for (int i = 0; i < hidden.size(); i++) {
				if ((subset & (1 << i)) != 0) {
					v[classes.indexOf(hidden.get(i))] = 1;
					count += perClass.get(hidden.get(i));
					members.add(hidden.get(i));
				}
			}
			if (count > 0 && count < k) {
				assertThat(span.contains(v))
					.as("classes %s (%d pupils, k=%d) can be derived from what %s is shown; counts %s, suppressed %s",
							members, count, k, grants, perClass, groups.suppressedUnits())
					.isFalse();
			}
		}
	}

	@Provide
	Arbitrary<List<Integer>> counts() {
		return Arbitraries
			.frequencyOf(Tuple.of(3, Arbitraries.integers().between(0, 6)),
					Tuple.of(2, Arbitraries.integers().between(7, 30)))
			.list()
			.ofMinSize(1)
			.ofMaxSize(12);
	}

	private static void add(AccessSnapshot.Builder b, List<String> units, Map<String, UnitType> types,
			Map<String, String> parents, String id, String parent, UnitType type) {
		b.unit(id, parent, type, id);
		units.add(id);
		types.put(id, type);
		parents.put(id, parent);
	}

	private static String anchored(String unit, String anchor, Map<String, UnitType> types,
			Map<String, String> parents) {
		return switch (anchor) {
			case "assigned" -> unit;
			case "organisation" -> "root";
			default -> {
				for (String u = unit; u != null; u = parents.get(u)) {
					if (types.get(u) == UnitType.SCHOOL) {
						yield u;
					}
				}
				yield unit;
			}
		};
	}

	private static boolean within(String unit, String scope, Map<String, String> parents) {
		for (String u = unit; u != null; u = parents.get(u)) {
			if (u.equals(scope)) {
				return true;
			}
		}
		return false;
	}

	private static long[] vector(String unit, List<String> classes, Map<String, String> parents) {
		long[] v = new long[classes.size()];
		for (int i = 0; i < classes.size(); i++) {
			if (within(classes.get(i), unit, parents)) {
				v[i] = 1;
			}
		}
		return v;
	}

}
