package org.staffroom.imports;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.organisations.Unit;
import org.staffroom.organisations.UnitArchived;
import org.staffroom.organisations.UnitChanged;
import org.staffroom.organisations.UnitCreated;
import org.staffroom.organisations.Units;
import org.staffroom.organisations.UnitsChangedInBulk;

/**
 * Writes what a roster decided of its units and its members of staff, in bulk, in the
 * caller's transaction; members and their roles through {@link ImportWrites}, the units'
 * typed events in one bulk event. (Pupils are written by {@link RosterPupils}, a chunk at
 * a time.)
 */
@Component
class RosterWrites {

	private final Units units;

	private final ImportWrites writes;

	private final PlannerStatistics statistics;

	private final Clock clock;

	RosterWrites(Units units, ImportWrites writes, PlannerStatistics statistics, Clock clock) {
		this.units = units;
		this.writes = writes;
		this.statistics = statistics;
		this.clock = clock;
	}

	/**
	 * Writes the new units, before the organisation is locked: rows of new ids that no
	 * change by hand can see, let alone wait on, until the import commits (the pupils
	 * written next need their classes).
	 */
	void writeNewUnits(RosterRun run, PlannedUnits plan) {
		long started = System.nanoTime();
		this.units.createAll(run.org, plan.newUnits(), this.clock.instant());
		this.statistics.refresh("units");
		run.wrote("writingUnits", started);
	}

	/**
	 * Under the organisation's lock: writes the units changed and the staff's changes,
	 * then tells the snapshots and the audit log (the new units included).
	 */
	void write(RosterRun run, PlannedUnits plan, AccessSnapshot planned, RosterStaffChanges staff) {
		long started = System.nanoTime();
		String org = run.org;
		List<Unit> created = plan.newUnits();
		List<Unit> changed = plan.changedUnits();
		Map<String, Unit> before = changed.isEmpty() ? Map.of() : byId(this.units.ofOrganisation(org));
		this.units.updateAll(changed);
		this.writes.unitsChanged(unitEvents(run, created, changed, before));
		run.wrote("writingUnits", started);
		long unitsDone = System.nanoTime();
		// A thousand people a batch, so that their invitation emails are never all in
		// memory at once.
		var invitees = staff.invitees();
		for (int from = 0; from < invitees.size(); from += 1_000) {
			this.writes.invite(planned, run.actor, invitees.subList(from, Math.min(invitees.size(), from + 1_000)));
			if (from == 0 && invitees.size() > 1_000) {
				this.statistics.refresh("accounts", "memberships", "role_assignments", "invitations");
			}
			run.reportProgress();
		}
		this.writes.adopt(org, staff.adoptions());
		this.writes.changeRoles(planned, run.actor, staff.roles());
		this.writes.rename(staff.renames(), staff.renamed());
		this.writes.removeMembers(run.snapshot, run.actor, staff.removals());
		this.writes.organisationChanged(org);
		run.wrote("writingStaff", unitsDone);
	}

	/**
	 * The units' events: each created, each archived, and each changed otherwise
	 * (renamed, moved, restored or linked to its sourcedId) as one {@link UnitChanged}.
	 */
	private static UnitsChangedInBulk unitEvents(RosterRun run, List<Unit> created, List<Unit> changed,
			Map<String, Unit> before) {
		List<UnitCreated> createdEvents = new ArrayList<>(created.size());
		for (Unit u : created) {
			createdEvents.add(new UnitCreated(run.org, u.id(), u.name(), u.type().key(), u.parentId(), run.actor));
		}
		List<UnitChanged> changedEvents = new ArrayList<>();
		List<UnitArchived> archivedEvents = new ArrayList<>();
		for (Unit u : changed) {
			Unit was = before.get(u.id());
			if (u.archived() && (was == null || !was.archived())) {
				archivedEvents.add(new UnitArchived(run.org, u.id(), u.name(), run.actor));
			}
			else {
				changedEvents.add(new UnitChanged(run.org, u.id(), u.name(),
						(was == null) ? null : UnitChanged.State.of(was), UnitChanged.State.of(u), run.actor));
			}
		}
		return new UnitsChangedInBulk(createdEvents, changedEvents, archivedEvents);
	}

	private static Map<String, Unit> byId(List<Unit> units) {
		Map<String, Unit> byId = new HashMap<>();
		units.forEach((u) -> byId.put(u.id(), u));
		return byId;
	}

}
