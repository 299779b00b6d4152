package org.staffroom.organisations.web;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Permission;
import org.staffroom.access.UnitType;
import org.staffroom.organisations.OrganisationSnapshots;
import org.staffroom.organisations.Unit;
import org.staffroom.organisations.Units;
import org.staffroom.system.Acting;
import org.staffroom.system.ApiProblem;
import org.staffroom.system.AuditEvent;
import org.staffroom.system.FieldErrors;
import org.staffroom.system.SignedIn;
import org.staffroom.system.Via;

/**
 * The unit tree. Every member may read it; adding a unit under a parent needs accounts.manage at
 * a scope containing that parent (the people who set up a school's classes are its administrators).
 */
@RestController
@RequestMapping("/api/v1/organisations/{org}/units")
@Tag(name = "Organisations and units")
class UnitsController {

	private final Units units;

	private final OrganisationSnapshots snapshots;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	UnitsController(Units units, OrganisationSnapshots snapshots, ApplicationEventPublisher events, Clock clock) {
		this.units = units;
		this.snapshots = snapshots;
		this.events = events;
		this.clock = clock;
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
		return this.units.ofOrganisation(org).stream()
			.sorted((a, b) -> Boolean.compare(a.parentId() != null, b.parentId() != null))
			.map(UnitBody::of).toList();
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Transactional
	@Operation(summary = "Add a school, year or class under a parent unit")
	UnitBody create(@PathVariable String org, @RequestBody NewUnit body, @AuthenticationPrincipal SignedIn me) {
		AccessSnapshot snapshot = this.snapshots.requireForChange(org, me);
		FieldErrors errors = new FieldErrors();
		String name = errors.text("name", body.name(), FieldErrors.MAX_NAME, true);
		UnitType type = UnitType.fromKey(body.type()).filter((t) -> t != UnitType.ORGANISATION).orElse(null);
		if (type == null) {
			errors.add("type", body.type() == null ? "required" : "invalid", "Choose a type: school, year or class");
		}
		String parentId = body.parentId();
		if (parentId == null && type == UnitType.SCHOOL) {
			parentId = snapshot.rootUnitId();
		}
		if (parentId == null) {
			errors.add("parentId", "required", "Choose the unit this one belongs to");
		}
		else if (!snapshot.hasUnit(parentId)) {
			errors.add("parentId", "unknown_unit", "There is no such unit in this organisation");
		}
		else if (type != null && !snapshot.unitType(parentId).orElseThrow().mayContain(type)) {
			errors.add("parentId", "unit_type_mismatch", "A " + type.key() + " cannot go under a "
					+ snapshot.unitType(parentId).orElseThrow().key());
		}
		errors.throwIfAny();
		if (!me.operator()) {
			var decision = AccessPolicy.decide(
					new AccessRequest.HoldsPermission(me.accountId(), Permission.ACCOUNTS_MANAGE, parentId), snapshot);
			if (decision.denied()) {
				throw ApiProblem.forbidden("out_of_scope", "Adding units there needs accounts.manage at that unit");
			}
		}
		if (this.units.siblingNamed(org, parentId, name, null)) {
			throw ApiProblem.conflict("duplicate_unit", "There is already a unit called " + name + " there");
		}
		Unit unit = this.units.create(org, parentId, type, name, null, this.clock.instant());
		this.snapshots.changed(org);
		this.events.publishEvent(new AuditEvent(org, Acting.of(me, Via.API), "unit.created", unit.id(), name, null,
				Map.of("name", name, "type", type.key(), "parentId", parentId)));
		return UnitBody.of(unit);
	}

}
