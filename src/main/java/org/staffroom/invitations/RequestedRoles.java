package org.staffroom.invitations;

import java.util.ArrayList;
import java.util.List;

import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.RoleAt;
import org.staffroom.system.problems.FieldErrors;

/**
 * Checks a request's list of roles against the organisation: known roles, units of this
 * organisation.
 */
public final class RequestedRoles {

	private RequestedRoles() {
	}

	/**
	 * The roles as the engine takes them, duplicates merged; problems go to
	 * {@code errors}.
	 */
	public static List<RoleAt> resolve(List<RoleRequest> requested, AccessSnapshot snapshot, FieldErrors errors) {
		List<RoleAt> roles = new ArrayList<>();
		if (requested == null) {
			return roles;
		}
		for (int i = 0; i < requested.size(); i++) {
			RoleRequest r = requested.get(i);
			String field = "roles[" + i + "]";
			if (r == null) {
				errors.add(field, "required", "Each role needs a role key");
				continue;
			}
			boolean ok = true;
			if (r.role() == null || r.role().isBlank()) {
				errors.add(field + ".role", "required", "Choose a role");
				ok = false;
			}
			else if (snapshot.catalogue().find(r.role()).isEmpty()) {
				errors.add(field + ".role", "unknown_role", "There is no role called " + r.role() + " here");
				ok = false;
			}
			String unitId = (r.unitId() == null || r.unitId().isBlank()) ? snapshot.rootUnitId() : r.unitId();
			if (!snapshot.hasUnit(unitId)) {
				errors.add(field + ".unitId", "unknown_unit", "There is no such unit in this organisation");
				ok = false;
			}
			if (ok) {
				RoleAt role = new RoleAt(r.role(), unitId);
				if (!roles.contains(role)) {
					roles.add(role);
				}
			}
		}
		return roles;
	}

}
