package org.staffroom.results;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.ResultsVisibility;
import org.staffroom.access.RoleDefinition;
import org.staffroom.access.UnitType;
import org.staffroom.grants.MemberVisibility;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.security.SignedIn;

/**
 * "Why do I see what I see?": each level of results a member may see, where, and the
 * assignment (role at unit) that grants it. Anyone may ask about themselves; asking about
 * someone else needs accounts.view over them, as reading their roles does.
 */
@Component
public class ExplainingResults {

	/** One level a member sees, and why. */
	public record Grant(String level, String permission, String unitId, String unitName, String unitType,
			String assignmentId, String roleKey, String roleName, String assignedUnitId, String assignedUnitName,
			String explanation) {
	}

	public record Explanation(String memberId, boolean seesAnything, List<Grant> items) {
	}

	private final OrganisationAccess access;

	ExplainingResults(OrganisationAccess access) {
		this.access = access;
	}

	public Explanation explain(String org, SignedIn caller, String memberId) {
		AccessSnapshot snapshot = this.access.require(org, caller);
		String who = (memberId == null || memberId.isBlank()) ? caller.accountId() : memberId;
		boolean self = who.equals(caller.accountId());
		if (!self && (!snapshot.isMember(who) || !MemberVisibility.canView(caller, who, snapshot))) {
			throw Failure.notFound("That member");
		}
		ResultsVisibility visibility = ResultsVisibility.of(snapshot, caller.operator() && self ? null : who);
		List<Grant> items = new ArrayList<>();
		for (ResultsVisibility.Reason reason : visibility.reasons()) {
			String unit = reason.scopeUnitId();
			String unitName = snapshot.unitName(unit).orElse(unit);
			UnitType type = snapshot.unitType(unit).orElseThrow();
			RoleDefinition role = snapshot.catalogue().find(reason.grantedBy().roleKey()).orElseThrow();
			String assignedAt = snapshot.unitName(reason.grantedBy().unitId()).orElse(reason.grantedBy().unitId());
			String what = switch (reason.level()) {
				case PUPILS -> "sees every pupil's results within " + unitName + ", one by one";
				case SUMMARY ->
					"sees the totals (count, mean, bands) of every school, year and class within " + unitName;
				case COMPARE -> (type == UnitType.SCHOOL) ? "sees the overall totals of " + unitName
						: "sees the overall totals of each school within " + unitName + ", and nothing finer";
			};
			items.add(new Grant(reason.level().key(), reason.level().permission().key(), unit, unitName, type.key(),
					reason.grantedBy().id(), role.key(), role.name(), reason.grantedBy().unitId(), assignedAt,
					"As " + role.name() + " at " + assignedAt + ", " + what + " (" + reason.level().permission().key()
							+ ")."));
		}
		return new Explanation(who, !items.isEmpty(), items);
	}

}
