package org.staffroom.system.events;

import java.util.Map;
import org.staffroom.system.security.Acting;

/**
 * A change worth recording, published in the same transaction as the change itself. The audit
 * module stores each one; notifications listen too. {@code before} and {@code after} are small
 * maps of the fields that matter, or null.
 *
 * @param action past tense, dotted: {@code member.roles_changed}, {@code invitation.accepted}
 * @deprecated imports moves to AssigningRoles/typed events after the split: every other module
 * publishes typed, past-tense events (docs/audit.md)
 */
@Deprecated(forRemoval = true)
public record AuditEvent(String organisationId, Acting actor, String action, String targetId, String targetLabel,
		Map<String, Object> before, Map<String, Object> after) {
}
