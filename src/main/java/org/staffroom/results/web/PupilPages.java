package org.staffroom.results.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Permission;
import org.staffroom.access.ResultsVisibility;
import org.staffroom.access.UnitType;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.organisations.Organisation;
import org.staffroom.organisations.Organisations;
import org.staffroom.organisations.UnitTree;
import org.staffroom.organisations.Units;
import org.staffroom.results.EnteringPupils;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FormErrors;
import org.staffroom.system.web.PageController;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/**
 * The results portal's pupils: a list of the pupils within the person's
 * {@code results.pupils} scope (search, school and class filters, pages of 25), and the
 * forms to add, amend and remove a pupil for those who keep a class's records
 * ({@code accounts.manage} or {@code assessments.conduct} at the class). Every decision
 * is {@link EnteringPupils}'s: the page offers only the classes the person may keep, and
 * shows a refusal next to the field it concerns.
 */
@PageController
class PupilPages {

	static final int PAGE_SIZE = 25;

	private final EnteringPupils pupils;

	private final OrganisationAccess access;

	private final Organisations organisations;

	private final Units units;

	PupilPages(EnteringPupils pupils, OrganisationAccess access, Organisations organisations, Units units) {
		this.pupils = pupils;
		this.access = access;
		this.organisations = organisations;
		this.units = units;
	}

	/** The list's filters, as its GET form sends them. */
	record Filters(String q, String school, String unit, Integer page) {

		String unitId() {
			return !blank(this.unit) ? this.unit : (!blank(this.school) ? this.school : null);
		}

		public boolean any() {
			return !(blank(this.q) && blank(this.school) && blank(this.unit));
		}

		private static boolean blank(String s) {
			return s == null || s.isBlank();
		}

	}

	/** A page of the list: the pupils, with each one's class as people read it. */
	record Listed(EnteringPupils.PupilView pupil, String classLabel) {
	}

	@GetMapping("/organisations/{org}/pupils")
	String list(@PathVariable String org, Filters filters, SignedIn me, Model model) {
		AccessSnapshot snapshot = this.access.require(org, me);
		UnitTree tree = this.units.tree(org);
		ResultsVisibility viewer = viewer(snapshot, me);
		List<String> scopes = viewer.pupilScopes();
		// Filters: the places that hold pupils this person sees, or lie within a place
		// where they see them.
		List<UnitTree.Node> places = tree.all()
			.stream()
			.filter((n) -> !n.root()
					&& scopes.stream().anyMatch((s) -> snapshot.isWithin(n.id(), s) || snapshot.isWithin(s, n.id())))
			.toList();
		model.addAttribute("organisation", organisation(org));
		model.addAttribute("filters", filters);
		model.addAttribute("schools", places.stream().filter((n) -> n.type() == UnitType.SCHOOL).toList());
		model.addAttribute("classes",
				places.stream().filter((n) -> n.type() == UnitType.YEAR || n.type() == UnitType.CLASS).toList());
		model.addAttribute("seesPupils", !scopes.isEmpty());
		model.addAttribute("mayAdd", !keptClasses(snapshot, me, tree).isEmpty());
		model.addAttribute("result", null);
		model.addAttribute("errors", FormErrors.none());
		if (scopes.isEmpty() && filters.unitId() == null) {
			// Nothing to list: say so, rather than refuse a page the navigation may lead
			// to.
			return "results-pupils";
		}
		try {
			int page = (filters.page() == null) ? 1 : Math.max(1, filters.page());
			EnteringPupils.PupilPage result = this.pupils.list(org, filters.unitId(), filters.q(), page, PAGE_SIZE, me);
			model.addAttribute("result", result);
			model.addAttribute("pages", (int) Math.max(1, (result.total() + PAGE_SIZE - 1) / PAGE_SIZE));
			model.addAttribute("rows",
					result.items().stream().map((p) -> new Listed(p, tree.label(p.classId()))).toList());
		}
		catch (Failure ex) {
			if (!"validation_failed".equals(ex.code())) {
				// A unit outside the person's results.pupils scope is refused, never
				// shown empty.
				throw ex;
			}
			model.addAttribute("errors", FormErrors.from(ex, (field) -> "unitId".equals(field) ? "school" : "q"));
		}
		return "results-pupils";
	}

	/** The add and amend form, as typed. */
	record PupilForm(String firstName, String lastName, String externalId, String classId) {

		static PupilForm empty(String classId) {
			return new PupilForm("", "", "", classId == null ? "" : classId);
		}

		static PupilForm of(EnteringPupils.PupilView p) {
			return new PupilForm(p.firstName(), p.lastName(), p.externalId(), p.classId());
		}

		EnteringPupils.PupilDetails details() {
			return new EnteringPupils.PupilDetails(this.firstName, this.lastName, this.externalId, this.classId);
		}

	}

	@GetMapping("/organisations/{org}/pupils/new")
	String newPupil(@PathVariable String org, String classId, SignedIn me, Model model) {
		return renderForm(org, null, PupilForm.empty(classId), FormErrors.none(), me, model);
	}

	@PostMapping("/organisations/{org}/pupils/new")
	String add(@PathVariable String org, PupilForm form, SignedIn me, Model model, RedirectAttributes redirect) {
		EnteringPupils.PupilView added;
		try {
			added = this.pupils.add(org, form.details(), Acting.of(me, Via.PAGE), me);
		}
		catch (Failure ex) {
			if (ex.kind() == Failure.Kind.NOT_FOUND) {
				throw ex;
			}
			return renderForm(org, null, form, FormErrors.from(ex, PupilPages::field), me, model);
		}
		redirect.addFlashAttribute("notice", added.firstName() + " " + added.lastName() + " was added to "
				+ this.units.tree(org).label(added.classId()));
		return "redirect:/organisations/" + org + "/pupils/" + added.id();
	}

	@GetMapping("/organisations/{org}/pupils/{id}")
	String pupil(@PathVariable String org, @PathVariable String id, SignedIn me, Model model) {
		EnteringPupils.PupilView pupil = this.pupils.read(org, id, me);
		return renderForm(org, pupil, PupilForm.of(pupil), FormErrors.none(), me, model);
	}

	@PostMapping("/organisations/{org}/pupils/{id}")
	String amend(@PathVariable String org, @PathVariable String id, PupilForm form, SignedIn me, Model model,
			RedirectAttributes redirect) {
		EnteringPupils.PupilView pupil = this.pupils.read(org, id, me);
		EnteringPupils.PupilView amended;
		try {
			amended = this.pupils.amend(org, id, form.details(), Acting.of(me, Via.PAGE), me);
		}
		catch (Failure ex) {
			if (ex.kind() == Failure.Kind.NOT_FOUND) {
				throw ex;
			}
			return renderForm(org, pupil, form, FormErrors.from(ex, PupilPages::field), me, model);
		}
		redirect.addFlashAttribute("notice",
				"Changes to " + amended.firstName() + " " + amended.lastName() + " were saved");
		return "redirect:/organisations/" + org + "/pupils/" + id;
	}

	@GetMapping("/organisations/{org}/pupils/{id}/remove")
	String confirmRemove(@PathVariable String org, @PathVariable String id, SignedIn me, Model model) {
		EnteringPupils.PupilView pupil = this.pupils.read(org, id, me);
		model.addAttribute("organisation", organisation(org));
		model.addAttribute("pupil", pupil);
		model.addAttribute("classLabel", this.units.tree(org).label(pupil.classId()));
		model.addAttribute("errors", FormErrors.none());
		return "results-pupil-remove";
	}

	@PostMapping("/organisations/{org}/pupils/{id}/remove")
	String remove(@PathVariable String org, @PathVariable String id, SignedIn me, Model model,
			RedirectAttributes redirect) {
		EnteringPupils.PupilView pupil = this.pupils.read(org, id, me);
		try {
			this.pupils.remove(org, id, Acting.of(me, Via.PAGE), me);
		}
		catch (Failure ex) {
			if (ex.kind() == Failure.Kind.NOT_FOUND) {
				throw ex;
			}
			model.addAttribute("organisation", organisation(org));
			model.addAttribute("pupil", pupil);
			model.addAttribute("classLabel", this.units.tree(org).label(pupil.classId()));
			model.addAttribute("errors", FormErrors.from(ex, (field) -> "remove"));
			return "results-pupil-remove";
		}
		redirect.addFlashAttribute("notice",
				pupil.firstName() + " " + pupil.lastName() + " and their results were removed");
		return "redirect:/organisations/" + org + "/pupils";
	}

	static String field(String apiField) {
		return switch (apiField) {
			case "firstName", "lastName", "externalId" -> apiField;
			default -> "classId";
		};
	}

	private String renderForm(String org, EnteringPupils.PupilView pupil, PupilForm form, FormErrors errors,
			SignedIn me, Model model) {
		AccessSnapshot snapshot = this.access.require(org, me);
		UnitTree tree = this.units.tree(org);
		List<UnitTree.Node> kept = keptClasses(snapshot, me, tree);
		boolean mayKeep = (pupil == null) ? !kept.isEmpty()
				: kept.stream().anyMatch((n) -> n.id().equals(pupil.classId()));
		if (pupil == null && kept.isEmpty()) {
			throw Failure.forbidden("out_of_scope",
					"Only people with accounts.manage or assessments.conduct at a class may add its pupils");
		}
		List<UnitTree.Node> offered = new ArrayList<>(kept);
		if (pupil != null && offered.stream().noneMatch((n) -> n.id().equals(pupil.classId()))) {
			tree.find(pupil.classId()).ifPresent((n) -> offered.add(0, n));
		}
		model.addAttribute("organisation", organisation(org));
		model.addAttribute("pupil", pupil);
		model.addAttribute("classLabel", (pupil == null) ? null : tree.label(pupil.classId()));
		model.addAttribute("mayKeep", mayKeep);
		model.addAttribute("form", form);
		model.addAttribute("classes", offered);
		model.addAttribute("errors", errors);
		return "results-pupil";
	}

	/**
	 * The live classes whose pupils' records the person keeps: those within a scope where
	 * they hold accounts.manage or assessments.conduct (EnteringPupils decides again on
	 * every change).
	 */
	static List<UnitTree.Node> keptClasses(AccessSnapshot snapshot, SignedIn me, UnitTree tree) {
		if (me.operator()) {
			return List.of();
		}
		Set<String> scopes = new LinkedHashSet<>(snapshot.scopesOf(me.accountId(), Permission.ACCOUNTS_MANAGE));
		scopes.addAll(snapshot.scopesOf(me.accountId(), Permission.ASSESSMENTS_CONDUCT));
		return tree.live()
			.stream()
			.filter((n) -> n.type() == UnitType.CLASS && scopes.stream().anyMatch((s) -> snapshot.isWithin(n.id(), s)))
			.toList();
	}

	static ResultsVisibility viewer(AccessSnapshot snapshot, SignedIn me) {
		return ResultsVisibility.of(snapshot, me.operator() ? null : me.accountId());
	}

	private Organisation organisation(String org) {
		return this.organisations.find(org).orElseThrow(() -> Failure.notFound("That organisation"));
	}

}
