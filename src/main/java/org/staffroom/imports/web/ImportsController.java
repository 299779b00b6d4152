package org.staffroom.imports.web;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Permission;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.imports.ImportJob;
import org.staffroom.imports.ImportJobs;
import org.staffroom.imports.ImportProblem;
import org.staffroom.imports.ImportReport;
import org.staffroom.system.csv.SpreadsheetSafe;
import org.staffroom.imports.StaffCsv;
import org.staffroom.imports.StartingImport;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/** Bulk import, as api.md's "Bulk import" section gives it. */
@RestController
@Tag(name = "Bulk import")
class ImportsController {

	private final OrganisationAccess access;

	private final StartingImport starting;

	private final ImportJobs jobs;

	ImportsController(OrganisationAccess access, StartingImport starting, ImportJobs jobs) {
		this.access = access;
		this.starting = starting;
		this.jobs = jobs;
	}

	record Queued(String id, String status) {
	}

	@PostMapping(path = "/api/v1/organisations/{org}/imports", consumes = MediaType.ALL_VALUE)
	@Operation(
			summary = "Start an import: the body is the file (text/csv for staff-csv, application/zip for a OneRoster CSV package). Answers 202 with the job")
	ResponseEntity<Queued> start(@PathVariable String org, @RequestParam(required = false) String kind,
			@RequestParam(required = false) Boolean dryRun, @RequestParam(required = false) Boolean partial,
			@RequestParam(required = false) String administratorRole, HttpServletRequest request,
			@AuthenticationPrincipal SignedIn me) throws IOException {
		AccessSnapshot snapshot = this.access.require(org, me);
		if (kind == null || !(kind.equals("staff-csv") || kind.equals("oneroster"))) {
			throw Failure.invalid("kind", kind == null ? "required" : "invalid", "kind is staff-csv or oneroster");
		}
		if (administratorRole != null
				&& !(administratorRole.equals("headteacher") || administratorRole.equals("user-admin"))) {
			throw Failure.invalid("administratorRole", "invalid",
					"administratorRole is headteacher or user-admin: what a OneRoster administrator at a school becomes");
		}
		Acting actor = Acting.of(me, Via.API);
		if (!StartingImport.mayImport(snapshot, actor)) {
			throw Failure.forbidden("forbidden", "Importing colleagues needs accounts.manage");
		}
		String id = this.starting.start(snapshot, actor, kind, dryRun == null || dryRun, partial != null && partial,
				administratorRole == null ? Map.of() : Map.of("administratorRole", administratorRole),
				request.getContentType(), request.getInputStream());
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.header("Location", "/api/v1/organisations/" + org + "/imports/" + id)
			.body(new Queued(id, "queued"));
	}

	record Progress(int done, int total) {
	}

	record Report(String id, String kind, boolean dryRun, boolean partial, String status, Progress progress,
			Map<String, Object> counts, List<ImportProblem> errors, List<ImportProblem> notices, String message,
			Instant createdAt, Instant finishedAt) {
	}

	@GetMapping("/api/v1/organisations/{org}/imports/{id}")
	@Operation(summary = "An import's status, progress, counts and every problem found")
	Report get(@PathVariable String org, @PathVariable String id, @AuthenticationPrincipal SignedIn me) {
		ImportJob job = visibleJob(org, id, me);
		return new Report(job.id(), job.kind(), job.dryRun(), job.partial(), job.status(),
				new Progress(job.done(), job.total()), job.counts(), this.jobs.problems(job.id()),
				this.jobs.notices(job.id()), job.message(), job.createdAt(), job.finishedAt());
	}

	@GetMapping(path = "/api/v1/organisations/{org}/imports/{id}/errors.csv", produces = "text/csv")
	@Operation(summary = "The problems as CSV; no cell can run as a spreadsheet formula")
	ResponseEntity<String> errorsCsv(@PathVariable String org, @PathVariable String id,
			@AuthenticationPrincipal SignedIn me) throws IOException {
		ImportJob job = visibleJob(org, id, me);
		String csv = ImportReport.errorsCsv(this.jobs.problems(job.id()));
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
			.header("Content-Disposition", "attachment; filename=\"import-" + id + "-errors.csv\"")
			.body(csv);
	}

	@GetMapping(path = "/api/v1/imports/staff-template.csv", produces = "text/csv")
	@Operation(summary = "The staff CSV template")
	ResponseEntity<String> template() {
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
			.header("Content-Disposition", "attachment; filename=\"staffroom-staff-template.csv\"")
			.body(StaffCsv.TEMPLATE);
	}

	private ImportJob visibleJob(String org, String id, SignedIn me) {
		return visibleJob(this.access, this.jobs, org, id, me);
	}

	/**
	 * The job, if the caller started it, manages accounts for the whole organisation, or
	 * is an operator; else 404.
	 */
	static ImportJob visibleJob(OrganisationAccess access, ImportJobs jobs, String org, String id, SignedIn me) {
		AccessSnapshot snapshot = access.require(org, me);
		ImportJob job = jobs.find(org, id).orElseThrow(() -> Failure.notFound("That import"));
		boolean visible = me.operator() || job.startedBy().equals(me.accountId())
				|| AccessPolicy
					.decide(new AccessRequest.HoldsPermission(me.accountId(), Permission.ACCOUNTS_MANAGE,
							snapshot.rootUnitId()), snapshot)
					.allowed();
		if (!visible) {
			throw Failure.notFound("That import");
		}
		return job;
	}

}
