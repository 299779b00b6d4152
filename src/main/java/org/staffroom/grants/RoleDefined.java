package org.staffroom.grants;

import java.util.List;

import org.staffroom.system.security.Acting;

/**
 * An organisation defined a custom role. Audited as {@code role.defined}.
 */
public record RoleDefined(String organisationId, String roleKey, String name, List<String> permissions,
		List<String> mayAssign, Acting by) {

}
