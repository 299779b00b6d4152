package org.staffroom.imports;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.organisations.Unit;
import org.staffroom.organisations.Units;
import org.staffroom.system.events.AuditEvent;

/**
 * Writes what a roster decided of its units and its members of staff, in bulk, in the caller's
 * transaction; members and their roles through {@link ImportWrites}. (Pupils are written by
 * {@link RosterPupils}, a chunk at a time.)
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

	/** Writes the units and the staff's changes, then tells the snapshots and the audit log. */
	void write(RosterRun run, PlannedUnits plan, AccessSnapshot planned, RosterStaffChanges staff) {
		long started = System.nanoTime();
		Instant now = this.clock.instant();
		String org = run.org;
		List<Unit> created = plan.newUnits();
		this.units.createAll(org, created, now);
		List<Unit> changed = plan.changedUnits();
		this.units.updateAll(changed);
		List<AuditEvent> audit = new ArrayList<>(staff.audit());
		for (Unit u : created) {
			audit.add(new AuditEvent(org, run.actor, "unit.created", u.id(), u.name(), null,
					Map.of("type", u.type().key(), "parentId", u.parentId(), "sourcedId", String.valueOf(u.sourceId()))));
		}
		for (Unit u : changed) {
			audit.add(new AuditEvent(org, run.actor, u.archived() ? "unit.archived" : "unit.changed", u.id(), u.name(),
					null, Map.of("name", u.name(), "sourcedId", String.valueOf(u.sourceId()))));
		}
		this.statistics.refresh("units");
		run.wrote("writingUnits", started);
		long unitsDone = System.nanoTime();
		// A thousand people a batch, so that their invitation emails are never all in memory at once.
		var invitees = staff.invitees();
		for (int from = 0; from < invitees.size(); from += 1_000) {
			this.writes.invite(planned, run.actor, invitees.subList(from, Math.min(invitees.size(), from + 1_000)));
			if (from == 0 && invitees.size() > 1_000) {
				this.statistics.refresh("accounts", "memberships", "role_assignments", "invitations");
			}
			run.reportProgress();
		}
		this.writes.adopt(org, staff.adoptions());
		this.writes.changeRoles(org, staff.rolesToAdd(), staff.rolesToRevoke(), run.actor.accountId(), now);
		this.writes.rename(staff.renames());
		this.writes.removeMembers(org, staff.removals());
		Set<String> touched = new HashSet<>();
		staff.rolesToAdd().forEach((a) -> touched.add(a.accountId()));
		staff.rolesToRevoke().forEach((id) -> planned.assignment(id).ifPresent((a) -> touched.add(a.memberId())));
		touched.removeAll(staff.removals());
		this.writes.touch(org, touched);
		this.writes.audit(audit);
		this.writes.organisationChanged(org);
		run.wrote("writingStaff", unitsDone);
	}

}
