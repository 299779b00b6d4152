package org.staffroom.access;

import java.util.List;
import java.util.Objects;

/**
 * A question for {@link AccessPolicy#decide}. Each kind names everything the decision
 * needs.
 */
public sealed interface AccessRequest {

	/** Does the member hold the permission at the unit? (The check API.) */
	record HoldsPermission(String memberId, Permission permission, String unitId) implements AccessRequest {
	}

	/**
	 * May the actor invite someone new to the organisation with these roles (rules 1-3,
	 * 6)?
	 */
	record Invite(Actor actor, List<RoleAt> roles) implements AccessRequest {
		public Invite {
			Objects.requireNonNull(actor);
			roles = List.copyOf(roles);
		}
	}

	/** May the actor assign one more role to an existing member (rules 1-4, 6)? */
	record Assign(Actor actor, String memberId, RoleAt role) implements AccessRequest {
	}

	/** May the actor revoke one assignment (rules 4, 6, 7)? */
	record Revoke(Actor actor, String assignmentId) implements AccessRequest {
	}

	/** May the actor replace the member's roles with this full list (rules 1-4, 6, 7)? */
	record ReplaceRoles(Actor actor, String memberId, List<RoleAt> roles) implements AccessRequest {
		public ReplaceRoles {
			roles = List.copyOf(roles);
		}
	}

	/** May the actor make this change to the member (rules 4, 6, 7)? */
	record ChangeMember(Actor actor, String memberId, Change change) implements AccessRequest {
	}

	/** May the actor add this custom role to the catalogue (rule 5)? */
	record DefineRole(Actor actor, RoleDefinition role) implements AccessRequest {
	}

	/** What a {@link ChangeMember} does. */
	enum Change {

		/** Contact details, job title, email, preferences: changes no access. */
		DETAILS,
		/** Status to disabled. */
		DISABLE,
		/** Status back to active. */
		ENABLE,
		/** End the membership. */
		REMOVE

	}

}
