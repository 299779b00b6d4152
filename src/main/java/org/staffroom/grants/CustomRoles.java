package org.staffroom.grants;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.access.Anchor;
import org.staffroom.access.Grant;
import org.staffroom.access.Permission;
import org.staffroom.access.RoleDefinition;
import org.staffroom.access.UnitType;
import org.staffroom.system.jdbc.Times;

/**
 * The custom_roles table: roles an organisation defined beside its templates' built-in
 * ones.
 */
@Repository
class CustomRoles {

	private final JdbcClient jdbc;

	CustomRoles(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public List<RoleDefinition> ofOrganisation(String organisationId) {
		return this.jdbc.sql("""
				SELECT role_key, name, description, unit_types, grants, may_assign FROM custom_roles
				WHERE organisation_id = ? ORDER BY created_at, role_key""")
			.param(organisationId)
			.query((rs, i) -> new RoleDefinition(rs.getString(1), rs.getString(2), rs.getString(3),
					unitTypes(rs.getString(4)), grants(rs.getString(5)), keys(rs.getString(6)), false, false))
			.list();
	}

	public void create(String organisationId, RoleDefinition role, String createdBy, Instant now) {
		this.jdbc.sql("""
				INSERT INTO custom_roles (organisation_id, role_key, name, description, unit_types, grants, may_assign,
				                          created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(organisationId, role.key(), role.name(), role.description(),
					role.unitTypes().stream().map(UnitType::key).sorted().collect(Collectors.joining(",")),
					role.grants()
						.stream()
						.map((g) -> g.permission().key() + "@" + g.anchor().key())
						.collect(Collectors.joining(",")),
					String.join(",", new java.util.TreeSet<>(role.mayAssign())), createdBy, Times.sql(now))
			.update();
	}

	private static Set<UnitType> unitTypes(String stored) {
		Set<UnitType> types = EnumSet.noneOf(UnitType.class);
		keys(stored).forEach((k) -> UnitType.fromKey(k).ifPresent(types::add));
		return types;
	}

	private static List<Grant> grants(String stored) {
		List<Grant> grants = new ArrayList<>();
		for (String part : keys(stored)) {
			String[] pieces = part.split("@");
			grants.add(new Grant(Permission.fromKey(pieces[0]).orElseThrow(), Anchor.fromKey(pieces[1]).orElseThrow()));
		}
		return grants;
	}

	private static Set<String> keys(String stored) {
		return Arrays.stream(stored.split(","))
			.map(String::strip)
			.filter((s) -> !s.isEmpty())
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

}
