package org.staffroom.audit.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Permission;
import org.staffroom.audit.AuditLog;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.web.Paging;
import org.staffroom.system.security.SignedIn;

/**
 * The audit log of an organisation, newest first. It needs audit.view for the whole
 * organisation (every built-in role with audit.view has it there).
 */
@RestController
@RequestMapping("/api/v1/organisations/{org}/audit")
@Tag(name = "Audit")
class AuditController {

	private final OrganisationAccess access;

	private final AuditLog log;

	AuditController(OrganisationAccess access, AuditLog log) {
		this.access = access;
		this.log = log;
	}

	record Entries(List<AuditLog.Entry> items, long total, int page, int size) {
	}

	@GetMapping
	@Operation(summary = "Audit entries, newest first, filtered by actor, target, action and time")
	Entries list(@PathVariable String org, @RequestParam(required = false) String actorId,
			@RequestParam(required = false) String targetId, @RequestParam(required = false) String action,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
			@AuthenticationPrincipal SignedIn me) {
		AccessSnapshot snapshot = this.access.require(org, me);
		FieldErrors errors = new FieldErrors();
		Paging paging = Paging.read(page, size, errors);
		Instant fromInstant = instant("from", from, errors);
		Instant toInstant = instant("to", to, errors);
		errors.throwIfAny();
		if (!me.operator() && AccessPolicy
			.decide(new AccessRequest.HoldsPermission(me.accountId(), Permission.AUDIT_VIEW, snapshot.rootUnitId()),
					snapshot)
			.denied()) {
			throw Failure.forbidden("forbidden", "Reading the audit log needs audit.view for the whole organisation");
		}
		var found = this.log.find(new AuditLog.Filter(org, blank(actorId), blank(targetId), blank(action), fromInstant,
				toInstant, paging.page(), paging.size()));
		return new Entries(found.entries(), found.total(), paging.page(), paging.size());
	}

	private static Instant instant(String field, String value, FieldErrors errors) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			errors.add(field, "invalid_time", field + " must be an ISO-8601 UTC time, like 2026-09-01T00:00:00Z");
			return null;
		}
	}

	private static String blank(String s) {
		return (s == null || s.isBlank()) ? null : s;
	}

}
