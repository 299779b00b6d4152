package org.staffroom.organisations.web;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.staffroom.organisations.ArrangingUnits;
import org.staffroom.organisations.OrganisationSnapshots;
import org.staffroom.organisations.Unit;
import org.staffroom.organisations.Units;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/**
 * The unit tree. Every member may read it; adding a unit under a parent needs
 * accounts.manage at a scope containing that parent (the people who set up a school's
 * classes are its administrators).
 */
@RestController
@RequestMapping("/api/v1/organisations/{org}/units")
@Tag(name = "Organisations and units")
class UnitsController {

	private final Units units;

	private final OrganisationSnapshots snapshots;

	private final ArrangingUnits arranging;

	UnitsController(Units units, OrganisationSnapshots snapshots, ArrangingUnits arranging) {
		this.units = units;
		this.snapshots = snapshots;
		this.arranging = arranging;
	}

	record UnitBody(String id, String name, String type, String parentId, boolean archived) {

		static UnitBody of(Unit unit) {
			return new UnitBody(unit.id(), unit.name(), unit.type().key(), unit.parentId(), unit.archived());
		}

	}

	record NewUnit(String name, String type, String parentId) {
	}

	@GetMapping
	@Operation(summary = "Every unit of the organisation, the root first")
	List<UnitBody> list(@PathVariable String org, @AuthenticationPrincipal SignedIn me) {
		this.snapshots.require(org, me);
		return this.units.ofOrganisation(org)
			.stream()
			.sorted((a, b) -> Boolean.compare(a.parentId() != null, b.parentId() != null))
			.map(UnitBody::of)
			.toList();
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Add a school, year or class under a parent unit")
	UnitBody create(@PathVariable String org, @RequestBody NewUnit body, @AuthenticationPrincipal SignedIn me) {
		return UnitBody.of(this.arranging.add(org, body.name(), body.type(), body.parentId(), me, Via.API));
	}

	record UnitPatch(String name, String parentId, Boolean archived) {
	}

	@PatchMapping("/{id}")
	@Operation(summary = "Rename, move (parentId) or archive a unit (archived: true, or false to restore). "
			+ "Needs accounts.manage at a scope containing the unit, and the new parent for a move")
	UnitBody change(@PathVariable String org, @PathVariable String id, @RequestBody UnitPatch body,
			@AuthenticationPrincipal SignedIn me) {
		return UnitBody.of(this.arranging.change(org, id,
				new ArrangingUnits.Change(body.name(), body.parentId(), body.archived()), me, Via.API));
	}

}
