package org.staffroom.organisations.web;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Permission;
import org.staffroom.access.UnitType;
import org.staffroom.organisations.ArrangingUnits;
import org.staffroom.organisations.Organisation;
import org.staffroom.organisations.OrganisationSnapshots;
import org.staffroom.organisations.Organisations;
import org.staffroom.organisations.Unit;
import org.staffroom.organisations.UnitTree;
import org.staffroom.organisations.Units;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FormErrors;
import org.staffroom.system.web.PageController;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/**
 * Schools, years and classes: the tree, adding a unit, and each unit's page to rename,
 * move or archive it.
 */
@PageController
class UnitPages {

	private final OrganisationSnapshots snapshots;

	private final Organisations organisations;

	private final Units units;

	private final ArrangingUnits arranging;

	UnitPages(OrganisationSnapshots snapshots, Organisations organisations, Units units, ArrangingUnits arranging) {
		this.snapshots = snapshots;
		this.organisations = organisations;
		this.units = units;
		this.arranging = arranging;
	}

	record NewUnitForm(String name, String type, String parentId) {
	}

	@GetMapping("/organisations/{org}/units")
	String list(@PathVariable String org, SignedIn me, Model model) {
		return listPage(org, me, new NewUnitForm("", "", ""), FormErrors.none(), model);
	}

	@PostMapping("/organisations/{org}/units")
	String add(@PathVariable String org, NewUnitForm form, SignedIn me, Model model, RedirectAttributes redirect) {
		try {
			Unit unit = this.arranging.add(org, form.name(), form.type(), form.parentId(), me, Via.PAGE);
			redirect.addFlashAttribute("notice", UnitTree.typeName(unit.type()) + " " + unit.name() + " was added");
			return "redirect:/organisations/" + org + "/units";
		}
		catch (Failure ex) {
			if (ex.kind() == Failure.Kind.NOT_FOUND) {
				throw ex;
			}
			FormErrors errors = FormErrors.from(ex, (field) -> switch (field) {
				case "type" -> "type";
				case "parentId", "out_of_scope" -> "parentId";
				default -> "name";
			});
			return listPage(org, me, form, errors, model);
		}
	}

	@GetMapping("/organisations/{org}/units/{id}")
	String unit(@PathVariable String org, @PathVariable String id, SignedIn me, Model model) {
		return unitPage(org, id, me, null, null, FormErrors.none(), model);
	}

	@PostMapping("/organisations/{org}/units/{id}/rename")
	String rename(@PathVariable String org, @PathVariable String id, @RequestParam(required = false) String name,
			SignedIn me, Model model, RedirectAttributes redirect) {
		return change(org, id, new ArrangingUnits.Change(name == null ? "" : name, null, null), name, null, me, model,
				redirect, "was renamed");
	}

	@PostMapping("/organisations/{org}/units/{id}/move")
	String move(@PathVariable String org, @PathVariable String id, @RequestParam(required = false) String parentId,
			SignedIn me, Model model, RedirectAttributes redirect) {
		if (parentId == null || parentId.isBlank()) {
			return unitPage(org, id, me, null, parentId, FormErrors.of("parentId", "Choose where to move it"), model);
		}
		return change(org, id, new ArrangingUnits.Change(null, parentId, null), null, parentId, me, model, redirect,
				"was moved");
	}

	@PostMapping("/organisations/{org}/units/{id}/archive")
	String archive(@PathVariable String org, @PathVariable String id, @RequestParam boolean archived, SignedIn me,
			Model model, RedirectAttributes redirect) {
		return change(org, id, new ArrangingUnits.Change(null, null, archived), null, null, me, model, redirect,
				archived ? "was archived" : "was restored");
	}

	private String change(String org, String id, ArrangingUnits.Change change, String typedName, String typedParent,
			SignedIn me, Model model, RedirectAttributes redirect, String done) {
		try {
			Unit unit = this.arranging.change(org, id, change, me, Via.PAGE);
			redirect.addFlashAttribute("notice", UnitTree.typeName(unit.type()) + " " + unit.name() + " " + done);
			return "redirect:/organisations/" + org + "/units";
		}
		catch (Failure ex) {
			if (ex.kind() == Failure.Kind.NOT_FOUND) {
				throw ex;
			}
			FormErrors errors = FormErrors.from(ex, (field) -> switch (field) {
				case "parentId" -> "parentId";
				case "archived" -> "archive";
				case "duplicate_unit" ->
					(change.name() != null) ? "name" : (change.parentId() != null ? "parentId" : "archive");
				case "out_of_scope" ->
					(change.parentId() != null) ? "parentId" : (change.name() != null ? "name" : "archive");
				default -> "name";
			});
			return unitPage(org, id, me, typedName, typedParent, errors, model);
		}
	}

	private String listPage(String org, SignedIn me, NewUnitForm form, FormErrors errors, Model model) {
		AccessSnapshot snapshot = this.snapshots.require(org, me);
		UnitTree tree = this.units.tree(org);
		Set<String> manageable = manageable(snapshot, me);
		model.addAttribute("organisation", organisation(org));
		model.addAttribute("tree", tree);
		model.addAttribute("live", tree.live());
		model.addAttribute("archived", tree.all().stream().filter((n) -> n.unit().archived()).toList());
		model.addAttribute("manageable", manageable);
		model.addAttribute("parents",
				tree.live().stream().filter((n) -> n.type() != UnitType.CLASS && manageable.contains(n.id())).toList());
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		return "units";
	}

	private String unitPage(String org, String id, SignedIn me, String typedName, String typedParent, FormErrors errors,
			Model model) {
		AccessSnapshot snapshot = this.snapshots.require(org, me);
		UnitTree tree = this.units.tree(org);
		UnitTree.Node node = tree.find(id).orElseThrow(() -> Failure.notFound("That unit"));
		Set<String> manageable = manageable(snapshot, me);
		List<UnitTree.Node> places = tree.live()
			.stream()
			.filter((n) -> n.type().mayContain(node.type()) && !snapshot.isWithin(n.id(), id)
					&& manageable.contains(n.id()))
			.toList();
		model.addAttribute("organisation", organisation(org));
		model.addAttribute("node", node);
		model.addAttribute("places", places);
		model.addAttribute("mayChange", manageable.contains(id) && !node.root());
		model.addAttribute("name", typedName != null ? typedName : node.name());
		model.addAttribute("parentId", typedParent != null ? typedParent : node.unit().parentId());
		model.addAttribute("errors", errors);
		return "unit";
	}

	/**
	 * The units where the person may add, change or archive: within their accounts.manage
	 * scopes.
	 */
	private static Set<String> manageable(AccessSnapshot snapshot, SignedIn me) {
		Set<String> ids = new HashSet<>();
		List<String> scopes = me.operator() ? List.of(snapshot.rootUnitId())
				: snapshot.scopesOf(me.accountId(), Permission.ACCOUNTS_MANAGE);
		scopes.forEach((scope) -> ids.addAll(snapshot.unitsWithin(scope)));
		return ids;
	}

	private Organisation organisation(String org) {
		return this.organisations.find(org).orElseThrow(() -> Failure.notFound("That organisation"));
	}

}
