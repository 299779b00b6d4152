package org.staffroom.results.web;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.ResultsVisibility;
import org.staffroom.access.UnitType;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.system.csv.SpreadsheetSafe;
import org.staffroom.organisations.Organisation;
import org.staffroom.organisations.Organisations;
import org.staffroom.organisations.UnitTree;
import org.staffroom.organisations.Units;
import org.staffroom.results.Assessment;
import org.staffroom.results.Assessments;
import org.staffroom.results.ViewingResults;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.web.PageController;
import org.staffroom.system.security.SignedIn;

/**
 * Each assessment's results dashboard, for one unit at a time (the broadest the person
 * may see to start with): its band distribution, then the means and band distributions of
 * its schools, years and classes as far as the person's roles reach, each chart beside
 * its table; and, where they may see pupils one by one, a table of every pupil's score
 * and band. Every figure comes from {@link ViewingResults}, which refuses what the person
 * may not see (a level it refuses is left off the page) and suppresses small groups; a
 * row links to its own breakdown only where that breakdown would show more than the row
 * already does, so no link leads to a refusal. Each table can be downloaded as a CSV in
 * which no cell can run as a spreadsheet formula.
 */
@PageController
class ResultsDashboardPage {

	private static final List<UnitType> LEVELS = List.of(UnitType.SCHOOL, UnitType.YEAR, UnitType.CLASS);

	private final ViewingResults viewing;

	private final Assessments assessments;

	private final OrganisationAccess access;

	private final Organisations organisations;

	private final Units units;

	ResultsDashboardPage(ViewingResults viewing, Assessments assessments, OrganisationAccess access,
			Organisations organisations, Units units) {
		this.viewing = viewing;
		this.assessments = assessments;
		this.access = access;
		this.organisations = organisations;
		this.units = units;
	}

	/**
	 * A group's row in a table: its figures or that it is hidden, and its own breakdown
	 * if the person may open it.
	 */
	record Row(String unitId, String name, boolean suppressed, Integer count, String mean, List<Integer> bands,
			String href) {
	}

	/** One level of the breakdown (the schools, years or classes within the unit). */
	record Level(String key, String plural, List<Row> rows, Charts.BarChart means, Charts.StackedChart bands,
			String csv) {
	}

	/** A unit above the one shown, with a link if the person may see it. */
	record Crumb(String name, String href) {
	}

	record PupilRow(String pupilId, String name, String externalId, String classLabel, String score, String band) {
	}

	@GetMapping("/organisations/{org}/assessments/{id}/results")
	String dashboard(@PathVariable String org, @PathVariable String id,
			@RequestParam(name = "unit", required = false) String unit, SignedIn me, Model model) {
		AccessSnapshot snapshot = this.access.require(org, me);
		Assessment assessment = assessment(org, id);
		Organisation organisation = organisation(org);
		UnitTree tree = this.units.tree(org);
		ResultsVisibility viewer = PupilPages.viewer(snapshot, me);
		model.addAttribute("organisation", organisation);
		model.addAttribute("assessment", assessment);
		if (unit == null || unit.isBlank()) {
			List<String> starts = starts(snapshot, viewer);
			if (starts.size() != 1) {
				// Nothing to see, or several separate places: let the person choose.
				model.addAttribute("starts",
						starts.stream().map((u) -> new Crumb(tree.label(u), href(org, id, u))).toList());
				return "results-choose";
			}
			unit = starts.get(0);
		}
		if (!snapshot.hasUnit(unit)) {
			throw Failure.notFound("That unit");
		}
		String hidden = hiddenText(organisation);
		// The unit's own total: refused (403) if the person may not see it.
		ViewingResults.View view = this.viewing.view(org, me, id);
		ViewingResults.SummaryRow own = view.summary(unit, null).get(0);
		List<Level> levels = new ArrayList<>();
		UnitType type = snapshot.unitType(unit).orElseThrow();
		for (UnitType level : LEVELS) {
			if (level.ordinal() <= type.ordinal() || groupsOf(snapshot, unit, level).isEmpty()) {
				continue;
			}
			if (!view.sees(unit, level)) {
				// The person may not see this level here: it is left off, and so is any
				// link to it.
				continue;
			}
			List<ViewingResults.SummaryRow> rows = view.summary(unit, level);
			levels
				.add(level(org, assessment, unit, level, rows.subList(1, rows.size()), snapshot, viewer, tree, hidden));
		}
		boolean seesPupils = viewer.seesPupilsOf(unit);
		model.addAttribute("unit", unit);
		model.addAttribute("unitLabel", tree.label(unit));
		model.addAttribute("unitType", UnitTree.typeName(type).toLowerCase(java.util.Locale.ROOT));
		model.addAttribute("crumbs", crumbs(org, id, unit, snapshot, viewer, tree));
		model.addAttribute("own", row(org, id, own, tree.label(unit), snapshot, viewer, false));
		model.addAttribute("ownChart", ownChart(assessment, own, tree.label(unit), hidden));
		model.addAttribute("ownCsv", csvHref(org, id, unit, null));
		model.addAttribute("levels", levels);
		model.addAttribute("hidden", hidden);
		model.addAttribute("k", organisation.smallGroupK());
		model.addAttribute("anyHidden", own.suppressed() != null && own.suppressed()
				|| levels.stream().anyMatch((l) -> l.rows().stream().anyMatch(Row::suppressed)));
		model.addAttribute("seesPupils", seesPupils);
		if (seesPupils) {
			List<PupilRow> pupils = this.viewing.pupils(org, me, id, unit)
				.stream()
				.map((p) -> new PupilRow(p.pupilId(), p.firstName() + " " + p.lastName(), p.externalId(),
						tree.label(p.classId()), score(p.score()), p.band()))
				.toList();
			model.addAttribute("pupils", pupils);
			model.addAttribute("pupilsCsv",
					"/organisations/" + org + "/assessments/" + id + "/pupils.csv?unit=" + unit);
			model.addAttribute("pupilList", "/organisations/" + org + "/pupils?unit=" + unit);
		}
		return "results-dashboard";
	}

	/** The table of a unit and the groups of one level within it, as CSV. */
	@GetMapping("/organisations/{org}/assessments/{id}/results.csv")
	ResponseEntity<byte[]> summaryCsv(@PathVariable String org, @PathVariable String id,
			@RequestParam(name = "unit", required = false) String unit,
			@RequestParam(name = "groupBy", required = false) String groupBy, SignedIn me) {
		this.access.require(org, me);
		Assessment assessment = assessment(org, id);
		Organisation organisation = organisation(org);
		UnitTree tree = this.units.tree(org);
		List<ViewingResults.SummaryRow> rows = this.viewing.summary(org, me, id, unit, groupBy);
		List<String> header = new ArrayList<>(List.of("unit", "level", "pupils", "mean score"));
		assessment.bands().forEach(header::add);
		List<List<String>> lines = new ArrayList<>();
		String hidden = hiddenText(organisation);
		for (ViewingResults.SummaryRow r : rows) {
			List<String> line = new ArrayList<>(List.of(tree.label(r.unitId()), r.level()));
			if (Boolean.TRUE.equals(r.suppressed())) {
				line.add(hidden);
				line.add("");
				assessment.bands().forEach((b) -> line.add(""));
			}
			else {
				line.add(String.valueOf(r.count()));
				line.add(r.mean() == null ? "" : Charts.mean(r.mean()));
				assessment.bands().forEach((b) -> line.add(String.valueOf(r.bands().getOrDefault(b, 0))));
			}
			lines.add(line);
		}
		return csv("results" + ((groupBy == null || groupBy.isBlank()) ? "" : "-by-" + groupBy.strip()) + ".csv",
				header, lines);
	}

	/**
	 * Every pupil's result within the unit, as CSV: only where the person may see the
	 * unit's pupils.
	 */
	@GetMapping("/organisations/{org}/assessments/{id}/pupils.csv")
	ResponseEntity<byte[]> pupilsCsv(@PathVariable String org, @PathVariable String id,
			@RequestParam(name = "unit", required = false) String unit, SignedIn me) {
		this.access.require(org, me);
		UnitTree tree = this.units.tree(org);
		List<ViewingResults.PupilResult> results = this.viewing.pupils(org, me, id, unit);
		List<List<String>> lines = new ArrayList<>();
		for (ViewingResults.PupilResult p : results) {
			lines.add(List.of(p.firstName(), p.lastName(), p.externalId(), tree.label(p.classId()), score(p.score()),
					p.band() == null ? "" : p.band()));
		}
		return csv("pupils.csv", List.of("first name", "last name", "external id", "class", "score", "band"), lines);
	}

	private Level level(String org, Assessment assessment, String unit, UnitType level,
			List<ViewingResults.SummaryRow> rows, AccessSnapshot snapshot, ResultsVisibility viewer, UnitTree tree,
			String hidden) {
		String id = assessment.id();
		String plural = switch (level) {
			case SCHOOL -> "Schools";
			case YEAR -> "Years";
			default -> "Classes";
		};
		List<Row> table = rows.stream()
			.map((r) -> row(org, id, r, label(snapshot, tree, unit, r.unitId()), snapshot, viewer, true))
			.toList();
		List<Charts.Figure> means = new ArrayList<>();
		List<Charts.Stack> stacks = new ArrayList<>();
		for (ViewingResults.SummaryRow r : rows) {
			String label = label(snapshot, tree, unit, r.unitId());
			boolean suppressed = Boolean.TRUE.equals(r.suppressed());
			means.add(new Charts.Figure(label, r.mean(), Charts.mean(r.mean()), suppressed));
			stacks.add(new Charts.Stack(label, suppressed ? new int[0] : counts(assessment, r.bands()), suppressed));
		}
		String where = tree.label(unit);
		String lower = plural.toLowerCase(java.util.Locale.ROOT);
		return new Level(level.key(), plural, table,
				Charts.bars("means-" + level.key(), "Mean score of the " + lower + " in " + where,
						"A bar chart of the mean score of each of the " + lower, means, hidden),
				Charts.stacked("bands-" + level.key(), "Bands of the " + lower + " in " + where,
						"A stacked bar chart of the share of each " + singular(level) + "'s pupils in each band, "
								+ "from " + assessment.bands().get(0) + " (lowest) to "
								+ assessment.bands().get(assessment.bands().size() - 1) + " (highest)",
						assessment.bands(), stacks, hidden),
				csvHref(org, id, unit, level.key()));
	}

	private static String singular(UnitType level) {
		return level.key();
	}

	private Row row(String org, String id, ViewingResults.SummaryRow r, String name, AccessSnapshot snapshot,
			ResultsVisibility viewer, boolean link) {
		boolean suppressed = Boolean.TRUE.equals(r.suppressed());
		List<Integer> bands = suppressed ? List.of() : new ArrayList<>(r.bands().values());
		return new Row(r.unitId(), name, suppressed, r.count(), suppressed ? null : Charts.mean(r.mean()), bands,
				(link && opensFurther(snapshot, viewer, r.unitId())) ? href(org, id, r.unitId()) : null);
	}

	private static Charts.BarChart ownChart(Assessment assessment, ViewingResults.SummaryRow own, String where,
			String hidden) {
		List<Charts.Figure> figures = new ArrayList<>();
		boolean suppressed = Boolean.TRUE.equals(own.suppressed());
		int total = suppressed ? 0 : own.count();
		for (String band : assessment.bands()) {
			if (suppressed) {
				figures.add(new Charts.Figure(band, null, null, true));
			}
			else {
				int n = own.bands().getOrDefault(band, 0);
				figures.add(new Charts.Figure(band, (double) n, n + " (" + Charts.percent(n, total) + ")", false));
			}
		}
		return Charts.bars("bands-own", "Pupils in each band, " + where,
				"A bar chart of how many pupils were in each band, from the lowest to the highest", figures, hidden);
	}

	/**
	 * Whether the unit's own breakdown shows more than its row does: its pupils, or a
	 * level within it that ViewingResults would not refuse (every group of that level
	 * visible to the person).
	 */
	static boolean opensFurther(AccessSnapshot snapshot, ResultsVisibility viewer, String unit) {
		if (viewer.seesPupilsOf(unit)) {
			return true;
		}
		UnitType type = snapshot.unitType(unit).orElseThrow();
		for (UnitType level : LEVELS) {
			if (level.ordinal() <= type.ordinal()) {
				continue;
			}
			List<String> groups = groupsOf(snapshot, unit, level);
			if (!groups.isEmpty() && viewer.seesAggregateOf(unit)
					&& groups.stream().allMatch(viewer::seesAggregateOf)) {
				return true;
			}
		}
		return false;
	}

	private static List<String> groupsOf(AccessSnapshot snapshot, String unit, UnitType level) {
		return snapshot.unitsWithin(unit)
			.stream()
			.filter((u) -> !u.equals(unit) && snapshot.unitType(u).orElseThrow() == level)
			.toList();
	}

	/**
	 * Where the dashboard starts: the organisation if the person may see its total, or
	 * else the broadest places whose totals they see (one each, none nested in another).
	 */
	static List<String> starts(AccessSnapshot snapshot, ResultsVisibility viewer) {
		if (viewer.seesAggregateOf(snapshot.rootUnitId())) {
			return List.of(snapshot.rootUnitId());
		}
		List<String> scopes = new ArrayList<>();
		for (ResultsVisibility.Reason reason : viewer.reasons()) {
			if (!scopes.contains(reason.scopeUnitId()) && viewer.seesAggregateOf(reason.scopeUnitId())) {
				scopes.add(reason.scopeUnitId());
			}
		}
		return scopes.stream()
			.filter((s) -> scopes.stream().noneMatch((o) -> !o.equals(s) && snapshot.isWithin(s, o)))
			.toList();
	}

	private List<Crumb> crumbs(String org, String id, String unit, AccessSnapshot snapshot, ResultsVisibility viewer,
			UnitTree tree) {
		List<Crumb> crumbs = new ArrayList<>();
		for (String u = snapshot.parentOf(unit).orElse(null); u != null; u = snapshot.parentOf(u).orElse(null)) {
			String name = snapshot.unitName(u).orElse(u);
			crumbs.add(0, new Crumb(u.equals(snapshot.rootUnitId()) ? tree.label(u) : name,
					viewer.seesAggregateOf(u) ? href(org, id, u) : null));
		}
		return crumbs;
	}

	/** The group's name as a chart labels it: its path below the unit shown. */
	private static String label(AccessSnapshot snapshot, UnitTree tree, String unit, String group) {
		String path = tree.find(group).map(UnitTree.Node::path).orElse(group);
		String above = tree.find(unit).filter((n) -> !n.root()).map(UnitTree.Node::path).orElse(null);
		return (above != null && path.startsWith(above + " / ")) ? path.substring(above.length() + 3) : path;
	}

	private static int[] counts(Assessment assessment, Map<String, Integer> bands) {
		int[] counts = new int[assessment.bands().size()];
		for (int i = 0; i < counts.length; i++) {
			counts[i] = bands.getOrDefault(assessment.bands().get(i), 0);
		}
		return counts;
	}

	static String hiddenText(Organisation organisation) {
		// Complementary suppression hides some larger groups too, and says so: "fewer
		// than k" alone would be untrue of them, and telling the two kinds apart would
		// itself give figures away.
		return "Hidden: fewer than " + organisation.smallGroupK() + " pupils, or would reveal such a group";
	}

	private static String score(double score) {
		return (score == Math.rint(score)) ? String.valueOf((long) score) : String.valueOf(score);
	}

	private static String href(String org, String id, String unit) {
		return "/organisations/" + org + "/assessments/" + id + "/results?unit=" + unit;
	}

	private static String csvHref(String org, String id, String unit, String groupBy) {
		return "/organisations/" + org + "/assessments/" + id + "/results.csv?unit=" + unit
				+ (groupBy == null ? "" : "&groupBy=" + groupBy);
	}

	/** A CSV download in which every cell is spreadsheet-safe (SpreadsheetSafe.cell). */
	private static ResponseEntity<byte[]> csv(String fileName, List<String> header, List<List<String>> lines) {
		StringWriter out = new StringWriter();
		try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
			printer.printRecord(header.stream().map(SpreadsheetSafe::cell).toList());
			for (List<String> line : lines) {
				printer.printRecord(line.stream().map(SpreadsheetSafe::cell).toList());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		byte[] bom = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
		byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
		byte[] all = new byte[bom.length + body.length];
		System.arraycopy(bom, 0, all, 0, bom.length);
		System.arraycopy(body, 0, all, bom.length, body.length);
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
			.header("X-Content-Type-Options", "nosniff")
			.body(all);
	}

	private Assessment assessment(String org, String id) {
		return this.assessments.find(org, id).orElseThrow(() -> Failure.notFound("That assessment"));
	}

	private Organisation organisation(String org) {
		return this.organisations.find(org).orElseThrow(() -> Failure.notFound("That organisation"));
	}

}
