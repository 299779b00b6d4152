package org.staffroom.organisations.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.staffroom.access.Anchor;
import org.staffroom.access.Permission;
import org.staffroom.access.RoleCatalogue;
import org.staffroom.access.RoleDefinition;
import org.staffroom.access.UnitType;
import org.staffroom.organisations.OrganisationSnapshots;
import org.staffroom.organisations.Organisations;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.web.PageController;
import org.staffroom.system.security.SignedIn;

/**
 * Roles and profiles: what each role can do (its permissions and where they take effect),
 * where it can be given, and what its holder may give. The general page lists every
 * built-in role; each organisation's page lists its own catalogue, custom roles included.
 */
@PageController
class RolesHelpPage {

	/** What each permission lets its holder do, in the words of the access model. */
	static final Map<Permission, String> MEANINGS;

	static {
		Map<Permission, String> m = new LinkedHashMap<>();
		m.put(Permission.ACCOUNTS_VIEW, "List and read members and their roles");
		m.put(Permission.ACCOUNTS_MANAGE,
				"Invite, edit, disable and remove members, and give and take away roles, never more than the holder may give");
		m.put(Permission.ROLES_MANAGE, "Define the organisation's own roles, bundling only permissions the holder has");
		m.put(Permission.AUDIT_VIEW, "Read the audit log");
		m.put(Permission.ENTRIES_VIEW, "Read exam registrations and entries");
		m.put(Permission.ENTRIES_MANAGE, "Make exam registrations and entries");
		m.put(Permission.TRAINING_BOOK, "Book training events");
		m.put(Permission.ASSESSMENTS_CONDUCT, "Run assessments and upload their results");
		m.put(Permission.RESULTS_PUPILS, "See individual pupils' results");
		m.put(Permission.RESULTS_SUMMARY, "See aggregated results at every level: school, year and class");
		m.put(Permission.RESULTS_COMPARE, "See the school-level totals of every school, nothing finer");
		MEANINGS = Map.copyOf(m);
	}

	private final OrganisationSnapshots snapshots;

	private final Organisations organisations;

	RolesHelpPage(OrganisationSnapshots snapshots, Organisations organisations) {
		this.snapshots = snapshots;
		this.organisations = organisations;
	}

	/** A role as the help page shows it. */
	record RoleHelp(String key, String name, String description, String givenAt, List<String[]> permissions,
			List<String> mayGive, boolean own, boolean operatorOnly, boolean custom) {
	}

	@GetMapping("/help/roles")
	String general(Model model) {
		RoleCatalogue catalogue = RoleCatalogue.builtIn(List.of(RoleCatalogue.SCHOOL_TRUST, RoleCatalogue.EXAM_CENTRE));
		model.addAttribute("roles", help(catalogue));
		model.addAttribute("permissions", permissions());
		return "help-roles";
	}

	@GetMapping("/organisations/{org}/roles")
	String ofOrganisation(@PathVariable String org, SignedIn me, Model model) {
		RoleCatalogue catalogue = this.snapshots.require(org, me).catalogue();
		model.addAttribute("organisation",
				this.organisations.find(org).orElseThrow(() -> Failure.notFound("That organisation")));
		model.addAttribute("roles", help(catalogue));
		model.addAttribute("permissions", permissions());
		return "help-roles";
	}

	private static List<RoleHelp> help(RoleCatalogue catalogue) {
		return catalogue.all()
			.stream()
			.map((role) -> new RoleHelp(role.key(), role.name(), role.description(), givenAt(role),
					role.grants()
						.stream()
						.map((g) -> new String[] { g.permission().key(), anchor(g.anchor()),
								MEANINGS.getOrDefault(g.permission(), "") })
						.toList(),
					catalogue.all()
						.stream()
						.filter((r) -> role.mayAssign().contains(r.key()))
						.map(RoleDefinition::name)
						.toList(),
					role.assignsOwn(), role.operatorOnly(), catalogue.isCustom(role.key())))
			.toList();
	}

	private static List<String[]> permissions() {
		return MEANINGS.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((e) -> new String[] { e.getKey().key(), e.getValue() })
			.toList();
	}

	private static String givenAt(RoleDefinition role) {
		List<String> places = new java.util.ArrayList<>();
		for (UnitType type : UnitType.values()) {
			if (role.fits(type)) {
				places.add(type == UnitType.ORGANISATION ? "the whole organisation" : "a " + type.key());
			}
		}
		return places.isEmpty() ? "nowhere" : String.join(", ", places);
	}

	private static String anchor(Anchor anchor) {
		return switch (anchor) {
			case ASSIGNED -> "where the role is given, and everything in it";
			case SCHOOL -> "across the school of the place where the role is given";
			case ORGANISATION -> "across the whole organisation";
		};
	}

}
