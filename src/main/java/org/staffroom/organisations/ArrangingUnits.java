package org.staffroom.organisations;

import java.time.Clock;
import java.util.Objects;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Permission;
import org.staffroom.access.UnitType;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/**
 * Setting up an organisation's schools, years and classes: adding, renaming, moving and
 * archiving them. Each change locks the organisation, needs accounts.manage at a scope
 * containing the unit (and, for a move, the new parent too), keeps the tree's shape
 * (organisation, school, year, class), moves the organisation's version on and is
 * recorded in the audit log.
 */
@Component
public class ArrangingUnits {

	private final Units units;

	private final OrganisationSnapshots snapshots;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ArrangingUnits(Units units, OrganisationSnapshots snapshots, ApplicationEventPublisher events, Clock clock) {
		this.units = units;
		this.snapshots = snapshots;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Adds a school, year or class under a parent (a school goes under the organisation
	 * when no parent is given).
	 * @throws Failure validation_failed (400), out_of_scope (403), duplicate_unit (409),
	 * not_found (404)
	 */
	@Transactional
	public Unit add(String org, String name, String typeKey, String parentId, SignedIn me, Via via) {
		AccessSnapshot snapshot = this.snapshots.requireForChange(org, me);
		FieldErrors errors = new FieldErrors();
		String cleanName = errors.text("name", name, FieldErrors.MAX_NAME, true);
		UnitType type = UnitType.fromKey(typeKey).filter((t) -> t != UnitType.ORGANISATION).orElse(null);
		if (type == null) {
			errors.add("type", (typeKey == null || typeKey.isBlank()) ? "required" : "invalid",
					"Choose a type: school, year or class");
		}
		String parent = (parentId == null || parentId.isBlank()) ? null : parentId;
		if (parent == null && type == UnitType.SCHOOL) {
			parent = snapshot.rootUnitId();
		}
		if (parent == null) {
			errors.add("parentId", "required", "Choose the unit this one belongs to");
		}
		else if (!snapshot.hasUnit(parent)) {
			errors.add("parentId", "unknown_unit", "There is no such unit in this organisation");
		}
		else if (type != null && !snapshot.unitType(parent).orElseThrow().mayContain(type)) {
			errors.add("parentId", "unit_type_mismatch",
					"A " + type.key() + " cannot go under " + a(snapshot.unitType(parent).orElseThrow()));
		}
		errors.throwIfAny();
		requireManage(snapshot, me, parent, "Adding units there needs accounts.manage at that unit");
		if (this.units.siblingNamed(org, parent, cleanName, null)) {
			throw Failure.conflict("duplicate_unit", "There is already a unit called " + cleanName + " there");
		}
		Unit unit = this.units.create(org, parent, type, cleanName, null, this.clock.instant());
		this.snapshots.changed(org);
		this.events.publishEvent(new UnitCreated(org, unit.id(), cleanName, type.key(), parent, Acting.of(me, via)));
		return unit;
	}

	/** What to change; null leaves a part as it is. */
	public record Change(String name, String parentId, Boolean archived) {
	}

	/**
	 * Renames, moves and/or archives (or restores) a unit. A unit cannot move under
	 * itself or one of its own descendants, nor under a unit that cannot contain its
	 * type; the organisation's own unit is neither renamed here (that is the
	 * organisation's name), moved nor archived.
	 * @throws Failure validation_failed (400), out_of_scope (403), duplicate_unit (409),
	 * not_found (404)
	 */
	@Transactional
	public Unit change(String org, String unitId, Change change, SignedIn me, Via via) {
		AccessSnapshot snapshot = this.snapshots.requireForChange(org, me);
		Unit unit = this.units.find(org, unitId).orElseThrow(() -> Failure.notFound("That unit"));
		FieldErrors errors = new FieldErrors();
		boolean root = unit.parentId() == null;
		String name = (change.name() == null) ? unit.name()
				: errors.text("name", change.name(), FieldErrors.MAX_NAME, true);
		if (root && change.name() != null && !Objects.equals(name, unit.name())) {
			errors.add("name", "invalid",
					"The organisation's own unit takes the organisation's name; rename the organisation instead");
		}
		String parent = unit.parentId();
		if (change.parentId() != null && !change.parentId().equals(unit.parentId())) {
			parent = change.parentId();
			if (root) {
				errors.add("parentId", "invalid", "The organisation itself cannot move");
			}
			else if (!snapshot.hasUnit(parent)) {
				errors.add("parentId", "unknown_unit", "There is no such unit in this organisation");
			}
			else if (snapshot.isWithin(parent, unitId)) {
				errors.add("parentId", "cannot_contain_itself",
						"A unit cannot move under itself or under one of its own years or classes");
			}
			else if (!snapshot.unitType(parent).orElseThrow().mayContain(unit.type())) {
				errors.add("parentId", "unit_type_mismatch",
						"A " + unit.type().key() + " cannot go under " + a(snapshot.unitType(parent).orElseThrow()));
			}
		}
		boolean archived = (change.archived() == null) ? unit.archived() : change.archived();
		if (root && archived) {
			errors.add("archived", "invalid", "The organisation's own unit cannot be archived");
		}
		errors.throwIfAny();

		requireManage(snapshot, me, unitId, "Changing that unit needs accounts.manage at a scope containing it");
		boolean moves = !Objects.equals(parent, unit.parentId());
		if (moves) {
			requireManage(snapshot, me, parent, "Moving a unit there needs accounts.manage at the new place too");
		}
		boolean renames = !Objects.equals(name, unit.name());
		boolean archives = archived != unit.archived();
		if (!archived && (renames || moves || archives) && this.units.siblingNamed(org, parent, name, unitId)) {
			throw Failure.conflict("duplicate_unit", "There is already a unit called " + name + " there");
		}
		Acting actor = Acting.of(me, via);
		if (renames) {
			this.units.rename(unitId, name);
			this.events.publishEvent(new UnitRenamed(org, unitId, unit.name(), name, actor));
		}
		if (moves) {
			this.units.move(unitId, parent);
			this.events.publishEvent(
					new UnitMoved(org, unitId, name, place(snapshot, unit.parentId()), place(snapshot, parent), actor));
		}
		if (archives) {
			this.units.archive(unitId, archived);
			this.events.publishEvent(
					archived ? new UnitArchived(org, unitId, name, actor) : new UnitRestored(org, unitId, name, actor));
		}
		if (renames || moves || archives) {
			this.snapshots.changed(org);
		}
		return this.units.find(org, unitId).orElseThrow();
	}

	private static void requireManage(AccessSnapshot snapshot, SignedIn me, String unitId, String message) {
		if (me.operator()) {
			return;
		}
		var decision = AccessPolicy
			.decide(new AccessRequest.HoldsPermission(me.accountId(), Permission.ACCOUNTS_MANAGE, unitId), snapshot);
		if (decision.denied()) {
			throw Failure.forbidden("out_of_scope", message);
		}
	}

	private static String a(UnitType type) {
		return (type == UnitType.ORGANISATION ? "an " : "a ") + type.key();
	}

	private static UnitMoved.Place place(AccessSnapshot snapshot, String parentId) {
		return new UnitMoved.Place(parentId, snapshot.unitName(parentId).orElse(null));
	}

}
