package org.staffroom.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one member may see of an organisation's results (access-model.md section 5),
 * worked out once from the snapshot and then asked per unit:
 * <ul>
 * <li>{@code results.pupils} at S: pupil-level rows for pupils within S (and so any
 * aggregate within S, which those rows add up to);</li>
 * <li>{@code results.summary} at S: aggregates for any unit within S, at any level;</li>
 * <li>{@code results.compare} at S: one aggregate per school within S (and S's own total,
 * the sum of those), nothing finer.</li>
 * </ul>
 * Nothing else: a disabled member, an operator who is not a member, or a member without
 * any of these permissions sees no results at all.
 */
public final class ResultsVisibility {

	/** The kinds of seeing, from the most to the least detailed. */
	public enum Level {

		PUPILS("pupils", Permission.RESULTS_PUPILS), SUMMARY("summary", Permission.RESULTS_SUMMARY),
		COMPARE("compare", Permission.RESULTS_COMPARE);

		private final String key;

		private final Permission permission;

		Level(String key, Permission permission) {
			this.key = key;
			this.permission = permission;
		}

		public String key() {
			return this.key;
		}

		public Permission permission() {
			return this.permission;
		}

	}

	/**
	 * One reason to see something: the permission, where it takes effect, and the
	 * assignment (role at unit) that grants it.
	 */
	public record Reason(Level level, String scopeUnitId, Assignment grantedBy) {
	}

	private final AccessSnapshot snapshot;

	private final List<Reason> reasons;

	// The same reasons by dense unit index, for the per-unit questions.
	private final int[] scopes;

	private final Level[] levels;

	private ResultsVisibility(AccessSnapshot snapshot, List<Reason> reasons) {
		this.snapshot = snapshot;
		this.reasons = List.copyOf(reasons);
		this.scopes = new int[reasons.size()];
		this.levels = new Level[reasons.size()];
		for (int i = 0; i < reasons.size(); i++) {
			this.scopes[i] = snapshot.unit(reasons.get(i).scopeUnitId());
			this.levels[i] = reasons.get(i).level();
		}
	}

	/** What the member sees; nothing for someone who is not an active member. */
	public static ResultsVisibility of(AccessSnapshot snapshot, String memberId) {
		Member m = snapshot.member(memberId);
		List<Reason> reasons = new ArrayList<>();
		if (m != null && m.status == MemberStatus.ACTIVE) {
			for (Level level : Level.values()) {
				int bit = level.permission().bit();
				for (int i = 0; i < m.grantScope.length; i++) {
					if ((m.grantMask[i] & bit) != 0) {
						reasons
							.add(new Reason(level, snapshot.unitId(m.grantScope[i]), m.assignments[m.grantSource[i]]));
					}
				}
			}
		}
		return new ResultsVisibility(snapshot, reasons);
	}

	/**
	 * Every grant of a results permission the member holds, most detailed first (for "why
	 * do I see this").
	 */
	public List<Reason> reasons() {
		return this.reasons;
	}

	public boolean seesAnything() {
		return !this.reasons.isEmpty();
	}

	/** Whether the member may see every pupil of the unit one by one. */
	public boolean seesPupilsOf(String unitId) {
		return pupilsReason(unitId).isPresent();
	}

	/** The grant that lets the member see the unit's pupils one by one. */
	public Optional<Reason> pupilsReason(String unitId) {
		int u = this.snapshot.unit(unitId);
		return (u < 0) ? Optional.empty() : pupilsReason(u);
	}

	Optional<Reason> pupilsReason(int u) {
		for (int i = 0; i < this.scopes.length; i++) {
			if (this.levels[i] == Level.PUPILS && this.snapshot.within(u, this.scopes[i])) {
				return Optional.of(this.reasons.get(i));
			}
		}
		return Optional.empty();
	}

	/**
	 * Whether the member may see the unit's aggregate (count, mean, bands), suppression
	 * aside.
	 */
	public boolean seesAggregateOf(String unitId) {
		return aggregateReason(unitId).isPresent();
	}

	/** The most detailed grant that lets the member see the unit's aggregate. */
	public Optional<Reason> aggregateReason(String unitId) {
		int u = this.snapshot.unit(unitId);
		return (u < 0) ? Optional.empty() : aggregateReason(u);
	}

	Optional<Reason> aggregateReason(int u) {
		for (int i = 0; i < this.scopes.length; i++) {
			int s = this.scopes[i];
			boolean sees = switch (this.levels[i]) {
				case PUPILS, SUMMARY -> this.snapshot.within(u, s);
				// One total per school within the scope, and the scope's own total (their
				// sum).
				case COMPARE -> u == s || (this.snapshot.type(u) == UnitType.SCHOOL && this.snapshot.within(u, s));
			};
			if (sees) {
				return Optional.of(this.reasons.get(i));
			}
		}
		return Optional.empty();
	}

	/**
	 * The smallest units within which the member sees pupils one by one (nested ones left
	 * out).
	 */
	public List<String> pupilScopes() {
		List<String> minimal = new ArrayList<>();
		for (int i = 0; i < this.scopes.length; i++) {
			if (this.levels[i] != Level.PUPILS) {
				continue;
			}
			int s = this.scopes[i];
			boolean nested = false;
			for (int j = 0; j < this.scopes.length; j++) {
				if (this.levels[j] == Level.PUPILS && this.scopes[j] != s && this.snapshot.within(s, this.scopes[j])) {
					nested = true;
				}
			}
			String id = this.snapshot.unitId(s);
			if (!nested && !minimal.contains(id)) {
				minimal.add(id);
			}
		}
		return minimal;
	}

	AccessSnapshot snapshot() {
		return this.snapshot;
	}

}
