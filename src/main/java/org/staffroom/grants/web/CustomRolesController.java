package org.staffroom.grants.web;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Anchor;
import org.staffroom.access.Grant;
import org.staffroom.access.Permission;
import org.staffroom.access.RoleDefinition;
import org.staffroom.access.UnitType;
import org.staffroom.grants.DefiningRole;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/** Custom roles: an extension of api.md, governed by rule 5. */
@RestController
@Tag(name = "Organisations and units")
class CustomRolesController {

	private final OrganisationAccess access;

	private final DefiningRole defining;

	CustomRolesController(OrganisationAccess access, DefiningRole defining) {
		this.access = access;
		this.defining = defining;
	}

	record PermissionAt(String permission, String anchor) {
	}

	record NewRole(String key, String name, String description, List<String> unitTypes, List<PermissionAt> permissions,
			List<String> mayAssign) {
	}

	record Created(String key, String name) {
	}

	@PostMapping("/api/v1/organisations/{org}/roles")
	@ResponseStatus(HttpStatus.CREATED)
	@Transactional
	@Operation(summary = "Define a custom role (needs roles.manage); refused with delegation_not_closed when it "
			+ "bundles permissions you lack or would open a back door in delegation")
	Created define(@PathVariable String org, @RequestBody NewRole body, @AuthenticationPrincipal SignedIn me) {
		AccessSnapshot snapshot = this.access.requireForChange(org, me);
		FieldErrors errors = new FieldErrors();
		if (body.key() == null || !body.key().matches("[a-z][a-z0-9-]{1,63}")) {
			errors.add("key", "invalid",
					"A key is 2 to 64 lower-case letters, digits and dashes, starting with a letter");
		}
		String name = errors.text("name", body.name(), FieldErrors.MAX_NAME, true);
		String description = errors.text("description", body.description(), 1000, false);
		Set<UnitType> unitTypes = EnumSet.noneOf(UnitType.class);
		if (body.unitTypes() == null || body.unitTypes().isEmpty()) {
			errors.add("unitTypes", "required", "Say where the role may be assigned");
		}
		else {
			for (int i = 0; i < body.unitTypes().size(); i++) {
				var type = UnitType.fromKey(body.unitTypes().get(i));
				if (type.isEmpty()) {
					errors.add("unitTypes[" + i + "]", "invalid", "A unit type is organisation, school, year or class");
				}
				else {
					unitTypes.add(type.get());
				}
			}
		}
		List<Grant> grants = new ArrayList<>();
		if (body.permissions() == null || body.permissions().isEmpty()) {
			errors.add("permissions", "required", "A role bundles at least one permission");
		}
		else {
			for (int i = 0; i < body.permissions().size(); i++) {
				PermissionAt p = body.permissions().get(i);
				var permission = Permission.fromKey(p == null ? null : p.permission());
				var anchor = Anchor.fromKey(p == null || p.anchor() == null ? "assigned" : p.anchor());
				if (permission.isEmpty()) {
					errors.add("permissions[" + i + "].permission", "unknown_permission", "Unknown permission");
				}
				if (anchor.isEmpty()) {
					errors.add("permissions[" + i + "].anchor", "invalid",
							"An anchor is assigned, school or organisation");
				}
				if (permission.isPresent() && anchor.isPresent()) {
					grants.add(new Grant(permission.get(), anchor.get()));
				}
			}
		}
		Set<String> mayAssign = new LinkedHashSet<>();
		if (body.mayAssign() != null) {
			for (int i = 0; i < body.mayAssign().size(); i++) {
				String key = body.mayAssign().get(i);
				if (snapshot.catalogue().find(key).isEmpty()) {
					errors.add("mayAssign[" + i + "]", "unknown_role", "There is no role called " + key + " here");
				}
				else {
					mayAssign.add(key);
				}
			}
		}
		errors.throwIfAny();
		RoleDefinition role = new RoleDefinition(body.key(), name, description == null ? "" : description, unitTypes,
				grants, mayAssign, false, false);
		this.defining.define(snapshot, role, Acting.of(me, Via.API));
		return new Created(role.key(), role.name());
	}

}
