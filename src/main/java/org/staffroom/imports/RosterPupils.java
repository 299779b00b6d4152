package org.staffroom.imports;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.staffroom.access.AccessSnapshot;
import org.staffroom.results.Pupil;
import org.staffroom.results.Pupils;
import org.staffroom.system.security.SecretTokens;

/**
 * A roster's pupils, in chunks of {@link ImportingRoster#CHUNK}: read back from staging
 * with their chosen class, looked up among those imported before, and each decided
 * (create, update, move, remove, or leave), counting and reporting problems. With
 * {@code write}, each chunk's decisions are carried out as it goes. Nothing per pupil
 * outlives its chunk.
 */
final class RosterPupils {

	private final RosterRun run;

	private final PlannedUnits units;

	private final AccessSnapshot planned;

	private final StagedChecks staged;

	private final Pupils pupils;

	private final PlannerStatistics statistics;

	private final Clock clock;

	private final int studentCount;

	private final long moveCount;

	// Roster pupils of the organisation before the import (none: nothing to look up).
	private final boolean anyPupils;

	private int pupilChunks;

	private int created;

	private int updated;

	private int unchanged;

	private int removed;

	private int withoutClass;

	RosterPupils(RosterRun run, PlannedUnits units, AccessSnapshot planned, StagedChecks staged, Pupils pupils,
			PlannerStatistics statistics, Clock clock, int studentCount, long moveCount, boolean anyPupils) {
		this.run = run;
		this.units = units;
		this.planned = planned;
		this.staged = staged;
		this.pupils = pupils;
		this.statistics = statistics;
		this.clock = clock;
		this.studentCount = studentCount;
		this.moveCount = moveCount;
		this.anyPupils = anyPupils;
	}

	/** Decides (and, with {@code write}, writes) every pupil; what they count. */
	ImportCounts.Pupils pass(boolean write) {
		this.created = 0;
		this.updated = 0;
		this.unchanged = 0;
		this.removed = 0;
		this.withoutClass = 0;
		if (this.studentCount == 0 && this.moveCount == 0) {
			return ImportCounts.Pupils.NONE;
		}
		List<StagedChecks.StagedPupil> chunk = new ArrayList<>(ImportingRoster.CHUNK);
		this.staged.pupils((pupil) -> {
			this.run.tick();
			chunk.add(pupil);
			if (chunk.size() == ImportingRoster.CHUNK) {
				chunk(chunk, write);
				chunk.clear();
			}
		});
		if (!chunk.isEmpty()) {
			chunk(chunk, write);
		}
		if (this.moveCount > 0) {
			List<StagedChecks.PupilMove> moves = new ArrayList<>(ImportingRoster.CHUNK);
			this.staged.forEachMove((move) -> {
				moves.add(move);
				if (moves.size() == ImportingRoster.CHUNK) {
					move(moves, write);
					moves.clear();
				}
			});
			move(moves, write);
		}
		// A bulk users.csv is every pupil: roster pupils missing from it leave. (An
		// organisation that had no pupils before this import has none to leave.)
		if (!this.run.pkg.delta("users.csv") && this.anyPupils) {
			List<String> gone = new ArrayList<>();
			this.staged.missingPupils(this.run.org, (p) -> {
				if (!this.units.mayManage(p.classId())) {
					this.run.problems.add(new ImportProblem("users.csv", null, "sourcedId", "out_of_scope",
							"Pupil " + p.sourceId() + " is no longer in the roster, but you cannot remove them"));
					return;
				}
				gone.add(p.id());
				if (gone.size() == ImportingRoster.CHUNK) {
					remove(gone, write);
				}
			});
			remove(gone, write);
		}
		return new ImportCounts.Pupils(this.created, this.updated, this.unchanged, this.removed, this.withoutClass);
	}

	/** Pupils imported before who enrol in another class without their users.csv row. */
	private void move(List<StagedChecks.PupilMove> moves, boolean write) {
		if (moves.isEmpty()) {
			return;
		}
		Map<String, String> classes = new HashMap<>();
		moves.forEach((move) -> classes.put(move.studentSource(), move.classSource()));
		Map<String, Pupil> found = this.pupils.bySourceIds(this.run.org, classes.keySet());
		List<Pupil> moved = new ArrayList<>();
		for (Pupil p : found.values()) {
			String classUnit = this.units.classUnit(classes.get(p.sourceId()));
			if (classUnit == null || classUnit.equals(p.classId())) {
				continue;
			}
			if (!this.units.mayManage(classUnit) || !this.units.mayManage(p.classId())) {
				this.run.problems.add(new ImportProblem("enrollments.csv", null, "userSourcedId", "out_of_scope",
						"You cannot move pupil " + p.sourceId() + " to that class"));
				continue;
			}
			moved.add(new Pupil(p.id(), p.organisationId(), classUnit, p.externalId(), p.firstName(), p.lastName(),
					p.sourceId(), p.version()));
		}
		this.updated += moved.size();
		if (write && !moved.isEmpty()) {
			long started = System.nanoTime();
			this.pupils.updateAll(this.run.org, moved, true);
			this.run.wrote("writingPupils", started);
		}
	}

	private void remove(List<String> gone, boolean write) {
		this.removed += gone.size();
		if (write && !gone.isEmpty()) {
			long started = System.nanoTime();
			this.pupils.removeAll(this.run.org, gone);
			this.run.wrote("writingPupils", started);
		}
		gone.clear();
	}

	private void chunk(List<StagedChecks.StagedPupil> chunk, boolean write) {
		String org = this.run.org;
		List<String> ids = chunk.stream().map(StagedChecks.StagedPupil::sourceId).toList();
		// An organisation without pupils yet (a first import) has nothing to look up.
		Map<String, Pupil> existing = this.anyPupils ? this.pupils.bySourceIds(org, ids) : Map.of();
		Map<String, Pupil> byExternal = this.anyPupils
				? this.pupils.byExternalIds(org, chunk.stream().map(StagedChecks.StagedPupil::externalId).toList())
				: Map.of();
		List<Pupil> creates = new ArrayList<>();
		List<Pupil> updates = new ArrayList<>();
		List<String> removes = new ArrayList<>();
		boolean moved = false;
		Instant now = this.clock.instant();
		for (StagedChecks.StagedPupil s : chunk) {
			String id = s.sourceId();
			int row = s.row();
			Pupil current = existing.get(id);
			if (s.deleted()) {
				if (current == null) {
					continue;
				}
				if (!this.units.mayManage(current.classId())) {
					this.run.problems.add(new ImportProblem("users.csv", row, "status", "out_of_scope",
							"You do not manage accounts at " + this.planned.unitName(current.classId()).orElse("?")
									+ ", so you cannot remove this pupil"));
					continue;
				}
				removes.add(current.id());
				continue;
			}
			String classUnit = this.units.classUnit(s.classSource());
			if (classUnit == null) {
				if (current != null) {
					// A delta that does not re-enrol a known pupil leaves them in their
					// class.
					classUnit = current.classId();
				}
				else {
					// Valid OneRoster (a new pupil not placed yet): at their school until
					// they have a class, where their results are seen at school level
					// only.
					classUnit = this.units.pupilSchool(s.schoolSource());
					if (classUnit == null) {
						this.run.problems.add(new ImportProblem("users.csv", row, "sourcedId", "no_class",
								"This student has no class enrolment and no school, so there is nowhere to place them"));
						continue;
					}
					this.withoutClass++;
					this.run.notices.add(new ImportProblem("users.csv", row, "sourcedId", "placed_at_school",
							"This student has no class enrolment: they are placed at "
									+ this.planned.unitName(classUnit).orElse("their school")
									+ " until a class is given, and their results are seen at school level only"));
				}
			}
			Pupil taken = byExternal.get(s.externalId());
			if (taken != null && !id.equals(taken.sourceId())) {
				this.run.problems.add(new ImportProblem("users.csv", row, "identifier", "duplicate_identifier",
						"Another pupil here already has the identifier " + s.externalId()));
				continue;
			}
			if (current == null) {
				if (!this.units.mayManage(classUnit)) {
					this.run.problems.add(new ImportProblem("users.csv", row, "sourcedId", "out_of_scope",
							"You do not manage accounts at " + this.planned.unitName(classUnit).orElse("?")
									+ ", so you cannot add this pupil"));
					continue;
				}
				creates.add(new Pupil(SecretTokens.newId(), org, classUnit, s.externalId(), s.firstName(), s.lastName(),
						id, 0));
				continue;
			}
			boolean same = current.classId().equals(classUnit) && current.externalId().equals(s.externalId())
					&& current.firstName().equals(s.firstName()) && current.lastName().equals(s.lastName());
			if (same) {
				this.unchanged++;
				continue;
			}
			if (!this.units.mayManage(current.classId()) || !this.units.mayManage(classUnit)) {
				this.run.problems.add(new ImportProblem("users.csv", row, "sourcedId", "out_of_scope",
						"You do not manage accounts at this pupil's class, so you cannot change them"));
				continue;
			}
			moved |= !current.classId().equals(classUnit);
			updates.add(new Pupil(current.id(), org, classUnit, s.externalId(), s.firstName(), s.lastName(), id,
					current.version()));
		}
		this.created += creates.size();
		this.updated += updates.size();
		this.removed += removes.size();
		if (write) {
			long started = System.nanoTime();
			this.pupils.createAll(creates, now);
			if (this.pupilChunks++ == 0 && this.studentCount > ImportingRoster.CHUNK) {
				this.statistics.refresh("pupils");
			}
			if (!updates.isEmpty()) {
				this.pupils.updateAll(org, updates, moved);
			}
			this.pupils.removeAll(org, removes);
			this.run.wrote("writingPupils", started);
		}
	}

}
