package org.staffroom.system.events;

import java.util.List;

/**
 * Many changes of one bulk operation (an import), recorded together: the audit log writes them in
 * one batch instead of one statement each. Each entry is the same as if published on its own.
 * @deprecated imports moves to AssigningRoles/typed events after the split: every other module
 * publishes typed, past-tense events (docs/audit.md)
 */
@Deprecated(forRemoval = true)
public record AuditEvents(List<AuditEvent> events) {

	public AuditEvents {
		events = List.copyOf(events);
	}

}
