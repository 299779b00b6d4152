package org.staffroom.system.events;

import java.util.List;

/**
 * Many changes of one bulk operation (an import), recorded together: the audit log writes them in
 * one batch instead of one statement each. Each entry is the same as if published on its own.
 */
public record AuditEvents(List<AuditEvent> events) {

	public AuditEvents {
		events = List.copyOf(events);
	}

}
