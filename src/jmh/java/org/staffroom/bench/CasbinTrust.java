package org.staffroom.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;
import org.staffroom.access.Anchor;
import org.staffroom.access.Grant;
import org.staffroom.access.RoleCatalogue;
import org.staffroom.access.RoleDefinition;
import org.staffroom.access.UnitType;

/**
 * The generated trust as jCasbin policies, in two encodings (docs/benchmarks.md explains both).
 *
 * <p>Common to both: a Staffroom role grants each permission at an anchor (the assigned unit, its
 * school, or the organisation), so each role becomes one casbin role per anchor it uses,
 * {@code role@anchor}; an assignment (member, role, unit) becomes one {@code g} line per anchor,
 * {@code g, member, role@anchor, scope}, where scope is the unit the anchor lands on (the assigned
 * unit, its enclosing school, or the root). Casbin cannot compute "the enclosing school" itself, so
 * that step is done once when the policy is written.
 *
 * <p>{@link #hierarchy}: RBAC with domains plus a resource hierarchy. {@code g2, child, parent} for
 * every unit; one {@code p, role@anchor, scope, permission} line for every scope at which some member
 * holds that role-anchor; the matcher finds a policy line whose domain (scope) contains the requested
 * unit through {@code g2} and that the member holds in that domain through {@code g}. The request is
 * just (member, unit, permission).
 *
 * <p>{@link #ancestorPath}: RBAC with domains where the caller passes the requested unit's ancestors
 * (unit, year, school, organisation: the tree has four levels) and the matcher tries each as the
 * domain. Only one {@code p, role@anchor, *, permission} line per role-anchor-permission (about 20),
 * so casbin scans far fewer lines; the cost moves to the caller, and the benchmark pays it (one map
 * lookup per question).
 */
final class CasbinTrust {

	static final String HIERARCHY_MODEL = """
			[request_definition]
			r = sub, unit, act

			[policy_definition]
			p = sub, dom, act

			[role_definition]
			g = _, _, _
			g2 = _, _

			[policy_effect]
			e = some(where (p.eft == allow))

			[matchers]
			m = r.act == p.act && g2(r.unit, p.dom) && g(r.sub, p.sub, p.dom)
			""";

	static final String ANCESTOR_PATH_MODEL = """
			[request_definition]
			r = sub, unit, year, school, org, act

			[policy_definition]
			p = sub, act

			[role_definition]
			g = _, _, _

			[policy_effect]
			e = some(where (p.eft == allow))

			[matchers]
			m = r.act == p.act && (g(r.sub, p.sub, r.unit) || g(r.sub, p.sub, r.year) || g(r.sub, p.sub, r.school) || g(r.sub, p.sub, r.org))
			""";

	final Enforcer enforcer;

	final int policyLines;

	final int groupingLines;

	/** For the ancestor-path encoding: unit id to {unit, year, school, organisation}. */
	final Map<String, String[]> ancestors;

	private CasbinTrust(Enforcer enforcer, int policyLines, int groupingLines, Map<String, String[]> ancestors) {
		this.enforcer = enforcer;
		this.policyLines = policyLines;
		this.groupingLines = groupingLines;
		this.ancestors = ancestors;
	}

	static CasbinTrust hierarchy(GeneratedTrust trust) {
		RoleCatalogue catalogue = RoleCatalogue.builtIn(List.of(RoleCatalogue.SCHOOL_TRUST));
		Set<List<String>> p = new LinkedHashSet<>();
		Set<List<String>> g = new LinkedHashSet<>();
		List<List<String>> g2 = new ArrayList<>();
		for (GeneratedTrust.Unit u : trust.units) {
			if (u.parentId() != null) {
				g2.add(List.of(u.id(), u.parentId()));
			}
		}
		for (GeneratedTrust.RoleAssignment a : trust.assignments) {
			RoleDefinition role = catalogue.find(a.roleKey()).orElseThrow();
			for (Grant grant : role.grants()) {
				String casbinRole = a.roleKey() + "@" + grant.anchor().key();
				String scope = anchored(trust, a.unitId(), grant.anchor());
				g.add(List.of(a.memberId(), casbinRole, scope));
				p.add(List.of(casbinRole, scope, grant.permission().key()));
			}
		}
		Enforcer e = new Enforcer(Model.newModelFromString(HIERARCHY_MODEL));
		e.enableLog(false);
		e.addPolicies(new ArrayList<>(p));
		e.addNamedGroupingPolicies("g", new ArrayList<>(g));
		e.addNamedGroupingPolicies("g2", g2);
		e.buildRoleLinks();
		return new CasbinTrust(e, p.size(), g.size() + g2.size(), Map.of());
	}

	static CasbinTrust ancestorPath(GeneratedTrust trust) {
		RoleCatalogue catalogue = RoleCatalogue.builtIn(List.of(RoleCatalogue.SCHOOL_TRUST));
		Set<List<String>> p = new LinkedHashSet<>();
		Set<List<String>> g = new LinkedHashSet<>();
		for (GeneratedTrust.RoleAssignment a : trust.assignments) {
			RoleDefinition role = catalogue.find(a.roleKey()).orElseThrow();
			for (Grant grant : role.grants()) {
				String casbinRole = a.roleKey() + "@" + grant.anchor().key();
				g.add(List.of(a.memberId(), casbinRole, anchored(trust, a.unitId(), grant.anchor())));
				p.add(List.of(casbinRole, grant.permission().key()));
			}
		}
		Map<String, String[]> ancestors = new HashMap<>();
		String root = trust.units.get(0).id();
		for (GeneratedTrust.Unit u : trust.units) {
			String school = (u.school() >= 0) ? trust.schoolUnit(u.school()).id() : u.id();
			String year = (u.type() == UnitType.CLASS) ? u.parentId() : u.id();
			ancestors.put(u.id(), new String[] { u.id(), year, school, root });
		}
		Enforcer e = new Enforcer(Model.newModelFromString(ANCESTOR_PATH_MODEL));
		e.enableLog(false);
		e.addPolicies(new ArrayList<>(p));
		e.addNamedGroupingPolicies("g", new ArrayList<>(g));
		e.buildRoleLinks();
		return new CasbinTrust(e, p.size(), g.size(), ancestors);
	}

	boolean enforce(String member, String unit, String permission) {
		if (this.ancestors.isEmpty()) {
			return this.enforcer.enforce(member, unit, permission);
		}
		String[] path = this.ancestors.get(unit);
		return this.enforcer.enforce(member, path[0], path[1], path[2], path[3], permission);
	}

	/** The unit that a permission lands on, as AccessSnapshot anchors it. */
	static String anchored(GeneratedTrust trust, String unitId, Anchor anchor) {
		GeneratedTrust.Unit u = trust.unitIndexOf(unitId);
		return switch (anchor) {
			case ASSIGNED -> unitId;
			case SCHOOL -> (u.school() >= 0) ? trust.schoolUnit(u.school()).id() : unitId;
			case ORGANISATION -> trust.units.get(0).id();
		};
	}

}
