package org.staffroom.organisations.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Actor;
import org.staffroom.access.RoleDefinition;
import org.staffroom.access.UnitType;
import org.staffroom.organisations.OrganisationSnapshots;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.security.SignedIn;

/**
 * The organisation's roles (built-in and custom), and which of them the caller may assign
 * where.
 */
@RestController
@RequestMapping("/api/v1/organisations/{org}/roles")
@Tag(name = "Organisations and units")
class RolesController {

	private final OrganisationSnapshots snapshots;

	RolesController(OrganisationSnapshots snapshots) {
		this.snapshots = snapshots;
	}

	record PermissionAt(String permission, String anchor) {
	}

	@JsonInclude(JsonInclude.Include.ALWAYS)
	record RoleBody(String key, String name, String description, List<PermissionAt> permissions, List<String> unitTypes,
			Object mayAssign, boolean operatorOnly, boolean custom) {
	}

	@GetMapping
	@Operation(summary = "Every role: its permissions and anchors, where it fits, and what it may assign")
	List<RoleBody> list(@PathVariable String org, @AuthenticationPrincipal SignedIn me) {
		AccessSnapshot snapshot = this.snapshots.require(org, me);
		return snapshot.catalogue().all().stream().map((role) -> body(role, snapshot)).toList();
	}

	@GetMapping("/assignable")
	@Operation(summary = "The role keys the caller may assign at that unit now (the organisation if left out)")
	List<String> assignable(@PathVariable String org, @RequestParam(required = false) String unitId,
			@AuthenticationPrincipal SignedIn me) {
		AccessSnapshot snapshot = this.snapshots.require(org, me);
		String unit = (unitId == null || unitId.isBlank()) ? snapshot.rootUnitId() : unitId;
		if (!snapshot.hasUnit(unit)) {
			throw Failure.invalid("unitId", "unknown_unit", "There is no such unit in this organisation");
		}
		return AccessPolicy.assignableRoles(new Actor(me.accountId(), me.operator()), unit, snapshot);
	}

	private static RoleBody body(RoleDefinition role, AccessSnapshot snapshot) {
		return new RoleBody(role.key(), role.name(), role.description(),
				role.grants().stream().map((g) -> new PermissionAt(g.permission().key(), g.anchor().key())).toList(),
				java.util.Arrays.stream(UnitType.values()).filter(role::fits).map(UnitType::key).toList(),
				role.assignsOwn() ? "own"
						: snapshot.catalogue()
							.all()
							.stream()
							.map(RoleDefinition::key)
							.filter(role.mayAssign()::contains)
							.toList(),
				role.operatorOnly(), snapshot.catalogue().isCustom(role.key()));
	}

}
