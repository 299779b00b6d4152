package org.staffroom.access;

import static org.staffroom.access.Anchor.ASSIGNED;
import static org.staffroom.access.Anchor.ORGANISATION;
import static org.staffroom.access.Anchor.SCHOOL;
import static org.staffroom.access.Permission.ACCOUNTS_MANAGE;
import static org.staffroom.access.Permission.ACCOUNTS_VIEW;
import static org.staffroom.access.Permission.ASSESSMENTS_CONDUCT;
import static org.staffroom.access.Permission.AUDIT_VIEW;
import static org.staffroom.access.Permission.ENTRIES_MANAGE;
import static org.staffroom.access.Permission.ENTRIES_VIEW;
import static org.staffroom.access.Permission.RESULTS_COMPARE;
import static org.staffroom.access.Permission.RESULTS_PUPILS;
import static org.staffroom.access.Permission.RESULTS_SUMMARY;
import static org.staffroom.access.Permission.ROLES_MANAGE;
import static org.staffroom.access.Permission.TRAINING_BOOK;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The roles an organisation may use: the built-in sets of its templates plus its custom
 * roles. Immutable. The built-in catalogue is closed under delegation (rule 5);
 * {@link #closureProblem} checks any catalogue, so a custom role that would break closure
 * is rejected when defined.
 */
public final class RoleCatalogue {

	/** Template keys, as api.md names them. */
	public static final String SCHOOL_TRUST = "school-trust";

	public static final String EXAM_CENTRE = "exam-centre";

	private static final Set<UnitType> AT_ORGANISATION = EnumSet.of(UnitType.ORGANISATION);

	private static final List<RoleDefinition> EXAM_CENTRE_ROLES = List.of(new RoleDefinition("user-accounts",
			"User accounts",
			"Sets up and amends colleagues' accounts, but only with access the holder has too; reads the audit log.",
			AT_ORGANISATION, grants(ASSIGNED, ACCOUNTS_VIEW, ACCOUNTS_MANAGE, AUDIT_VIEW), Set.of(), true, false),
			new RoleDefinition("registrations-and-entries", "Registrations and entries",
					"Reads and makes exam registrations and entries.", AT_ORGANISATION,
					grants(ASSIGNED, ENTRIES_VIEW, ENTRIES_MANAGE), Set.of(), false, false),
			new RoleDefinition("results-analysis", "Results analysis",
					"Reads results: totals at every level and individual pupils. Read only.", AT_ORGANISATION,
					grants(ASSIGNED, RESULTS_SUMMARY, RESULTS_PUPILS), Set.of(), false, false),
			new RoleDefinition("training-bookings", "Training bookings", "Books training events.", AT_ORGANISATION,
					grants(ASSIGNED, TRAINING_BOOK), Set.of(), false, false));

	private static final Set<String> VENDOR_MAY_ASSIGN = Set.of("org-admin", "examiner", "user-admin", "headteacher",
			"teacher", "org-overview");

	private static final Set<String> EXAMINER_MAY_ASSIGN = Set.of("user-admin", "headteacher", "teacher",
			"org-overview");

	private static final List<RoleDefinition> SCHOOL_TRUST_ROLES = List.of(new RoleDefinition("ambassador",
			"Ambassador",
			"Vendor staff: manages the organisation's accounts and sees its aggregated results. Assigned by operators only.",
			AT_ORGANISATION, vendorGrants(), VENDOR_MAY_ASSIGN, false, true),
			new RoleDefinition("project-manager", "Project manager",
					"Vendor staff: manages the organisation's accounts and sees its aggregated results. Assigned by operators only.",
					AT_ORGANISATION, vendorGrants(), VENDOR_MAY_ASSIGN, false, true),
			new RoleDefinition("org-admin", "Organisation administrator",
					"Manages all accounts and custom roles, reads the audit log and sees aggregated results for the whole organisation.",
					AT_ORGANISATION,
					grants(ASSIGNED, ACCOUNTS_VIEW, ACCOUNTS_MANAGE, ROLES_MANAGE, AUDIT_VIEW, RESULTS_SUMMARY),
					Set.of("examiner", "user-admin", "headteacher", "teacher", "org-overview", "org-admin"), false,
					false),
			new RoleDefinition("examiner", "Examiner",
					"Runs assessments and uploads results, sees individual pupils' results, and invites all roles but examiner.",
					EnumSet.of(UnitType.ORGANISATION, UnitType.SCHOOL),
					grants(ASSIGNED, ASSESSMENTS_CONDUCT, ACCOUNTS_VIEW, ACCOUNTS_MANAGE, RESULTS_PUPILS),
					EXAMINER_MAY_ASSIGN, false, false),
			new RoleDefinition("user-admin", "User administrator",
					"Can invite to, and edit, all other roles but examiner.",
					EnumSet.of(UnitType.ORGANISATION, UnitType.SCHOOL),
					grants(ASSIGNED, ACCOUNTS_VIEW, ACCOUNTS_MANAGE), EXAMINER_MAY_ASSIGN, false, false),
			new RoleDefinition("headteacher", "Headteacher",
					"Sees all the overall results in their school down to individual pupil data, but only the overall results for the other schools.",
					EnumSet.of(UnitType.SCHOOL),
					List.of(Grant.at(ASSIGNED, RESULTS_PUPILS), Grant.at(ASSIGNED, RESULTS_SUMMARY),
							Grant.at(ORGANISATION, RESULTS_COMPARE)),
					Set.of(), false, false),
			new RoleDefinition("teacher", "Teacher",
					"Sees individual pupil results in their class, overall results for the other classes at their school, and the overall results for the other schools.",
					EnumSet.of(UnitType.CLASS, UnitType.YEAR),
					List.of(Grant.at(ASSIGNED, RESULTS_PUPILS), Grant.at(SCHOOL, RESULTS_SUMMARY),
							Grant.at(ORGANISATION, RESULTS_COMPARE)),
					Set.of(), false, false),
			new RoleDefinition("org-overview", "Organisational overview",
					"Sees the aggregated results for an entire school or organisation; individual pupil data is not accessible.",
					EnumSet.of(UnitType.ORGANISATION, UnitType.SCHOOL), grants(ASSIGNED, RESULTS_SUMMARY), Set.of(),
					false, false));

	private final Map<String, RoleDefinition> roles;

	private final List<String> order;

	private final Set<String> custom;

	private RoleCatalogue(Map<String, RoleDefinition> roles, List<String> order, Set<String> custom) {
		this.roles = Map.copyOf(roles);
		this.order = List.copyOf(order);
		this.custom = Set.copyOf(custom);
	}

	/** The built-in roles of the given templates, in the order the guides list them. */
	public static RoleCatalogue builtIn(Collection<String> templates) {
		Map<String, RoleDefinition> roles = new LinkedHashMap<>();
		if (templates.contains(EXAM_CENTRE)) {
			EXAM_CENTRE_ROLES.forEach((role) -> roles.put(role.key(), role));
		}
		if (templates.contains(SCHOOL_TRUST)) {
			SCHOOL_TRUST_ROLES.forEach((role) -> roles.put(role.key(), role));
		}
		return new RoleCatalogue(roles, new ArrayList<>(roles.keySet()), Set.of());
	}

	public static boolean isTemplate(String key) {
		return SCHOOL_TRUST.equals(key) || EXAM_CENTRE.equals(key);
	}

	/** The role that the main account holder is invited with for these templates. */
	public static String topRole(Collection<String> templates) {
		return templates.contains(SCHOOL_TRUST) ? "org-admin" : "user-accounts";
	}

	/**
	 * A catalogue with one more (custom) role; check {@link #closureProblem} before using
	 * it.
	 */
	public RoleCatalogue with(RoleDefinition role) {
		Map<String, RoleDefinition> roles = new LinkedHashMap<>(this.roles);
		roles.put(role.key(), role);
		List<String> keys = new ArrayList<>(this.order);
		if (!keys.contains(role.key())) {
			keys.add(role.key());
		}
		Set<String> custom = new HashSet<>(this.custom);
		custom.add(role.key());
		return new RoleCatalogue(roles, keys, custom);
	}

	/** Whether the role was defined by the organisation rather than by a template. */
	public boolean isCustom(String key) {
		return this.custom.contains(key);
	}

	public Optional<RoleDefinition> find(String key) {
		return Optional.ofNullable(key == null ? null : this.roles.get(key));
	}

	RoleDefinition get(String key) {
		return this.roles.get(key);
	}

	/** Every role, in catalogue order. */
	public List<RoleDefinition> all() {
		return this.order.stream().map(this.roles::get).toList();
	}

	/**
	 * Rule 5: for every role X that a role Y may assign, X's may-assign set is within
	 * Y's. A role that assigns {@code own} is bounded by its holder's permissions at run
	 * time, so it may assign an {@code own} role or any listed one; a listed may-assign
	 * set may not hold an {@code own} role, which could reach beyond the list.
	 * @return a sentence naming the first breach, or empty when the catalogue is closed
	 */
	public Optional<String> closureProblem() {
		for (RoleDefinition y : all()) {
			if (y.assignsOwn()) {
				continue;
			}
			for (String xKey : y.mayAssign()) {
				RoleDefinition x = this.roles.get(xKey);
				if (x == null) {
					return Optional.of(y.key() + " may assign the unknown role " + xKey);
				}
				if (x.assignsOwn()) {
					return Optional.of(y.key() + " may assign " + x.key() + ", which assigns by own permissions");
				}
				if (!y.mayAssign().containsAll(x.mayAssign())) {
					return Optional.of(y.key() + " may assign " + x.key() + ", which may assign more than " + y.key());
				}
			}
		}
		return Optional.empty();
	}

	private static List<Grant> grants(Anchor anchor, Permission... permissions) {
		List<Grant> grants = new ArrayList<>();
		for (Permission permission : permissions) {
			grants.add(Grant.at(anchor, permission));
		}
		return grants;
	}

	private static List<Grant> vendorGrants() {
		return grants(ASSIGNED, ACCOUNTS_VIEW, ACCOUNTS_MANAGE, RESULTS_SUMMARY);
	}

}
