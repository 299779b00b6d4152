package org.staffroom.results.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.staffroom.results.Assessment;
import org.staffroom.results.Assessments;
import org.staffroom.results.ConductingAssessments;
import org.staffroom.results.EnteringPupils;
import org.staffroom.results.ExplainingResults;
import org.staffroom.results.ViewingResults;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/** The results portal's API, as api.md's "Results" section gives it. */
@RestController
@RequestMapping("/api/v1/organisations/{org}")
@Tag(name = "Results")
class ResultsController {

	private final EnteringPupils pupils;

	private final ConductingAssessments conducting;

	private final Assessments assessments;

	private final ViewingResults viewing;

	private final ExplainingResults explaining;

	private final OrganisationAccess access;

	private final long maxBytes;

	ResultsController(EnteringPupils pupils, ConductingAssessments conducting, Assessments assessments,
			ViewingResults viewing, ExplainingResults explaining, OrganisationAccess access,
			@Value("${staffroom.results.max-bytes:20971520}") long maxBytes) {
		this.pupils = pupils;
		this.conducting = conducting;
		this.assessments = assessments;
		this.viewing = viewing;
		this.explaining = explaining;
		this.access = access;
		this.maxBytes = maxBytes;
	}

	@PostMapping("/pupils")
	@Operation(summary = "Add a pupil to a class (accounts.manage or assessments.conduct at the class)")
	ResponseEntity<EnteringPupils.PupilView> addPupil(@PathVariable String org,
			@RequestBody EnteringPupils.PupilDetails body, @AuthenticationPrincipal SignedIn me) {
		var pupil = this.pupils.add(org, body, Acting.of(me, Via.API), me);
		return ResponseEntity.status(HttpStatus.CREATED)
			.header("Location", "/api/v1/organisations/" + org + "/pupils/" + pupil.id())
			.body(pupil);
	}

	@GetMapping("/pupils")
	@Operation(summary = "Pupils within the unit and within the caller's results.pupils scope")
	EnteringPupils.PupilPage listPupils(@PathVariable String org, @RequestParam(required = false) String unitId,
			@RequestParam(required = false) String q, @RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size, @AuthenticationPrincipal SignedIn me) {
		return this.pupils.list(org, unitId, q, page, size, me);
	}

	@GetMapping("/pupils/{id}")
	@Operation(summary = "One pupil")
	EnteringPupils.PupilView pupil(@PathVariable String org, @PathVariable String id,
			@AuthenticationPrincipal SignedIn me) {
		return this.pupils.read(org, id, me);
	}

	@PatchMapping("/pupils/{id}")
	@Operation(summary = "Amend a pupil's name, external id or class")
	EnteringPupils.PupilView amendPupil(@PathVariable String org, @PathVariable String id,
			@RequestBody EnteringPupils.PupilDetails body, @AuthenticationPrincipal SignedIn me) {
		return this.pupils.amend(org, id, body, Acting.of(me, Via.API), me);
	}

	@DeleteMapping("/pupils/{id}")
	@Operation(summary = "Remove a pupil and their results")
	ResponseEntity<Void> removePupil(@PathVariable String org, @PathVariable String id,
			@AuthenticationPrincipal SignedIn me) {
		this.pupils.remove(org, id, Acting.of(me, Via.API), me);
		return ResponseEntity.noContent().build();
	}

	record AssessmentView(String id, String name, String date, List<String> bands) {

		static AssessmentView of(Assessment a) {
			return new AssessmentView(a.id(), a.name(), a.date().toString(), a.bands());
		}

	}

	record AssessmentList(List<AssessmentView> items) {
	}

	@PostMapping("/assessments")
	@Operation(summary = "Create an assessment with its bands, lowest first (assessments.conduct)")
	ResponseEntity<AssessmentView> createAssessment(@PathVariable String org,
			@RequestBody ConductingAssessments.NewAssessment body, @AuthenticationPrincipal SignedIn me) {
		Assessment created = this.conducting.create(org, body, Acting.of(me, Via.API), me);
		return ResponseEntity.status(HttpStatus.CREATED)
			.header("Location", "/api/v1/organisations/" + org + "/assessments/" + created.id())
			.body(AssessmentView.of(created));
	}

	@GetMapping("/assessments")
	@Operation(summary = "The organisation's assessments, the latest first")
	AssessmentList listAssessments(@PathVariable String org, @AuthenticationPrincipal SignedIn me) {
		this.access.require(org, me);
		return new AssessmentList(this.assessments.ofOrganisation(org).stream().map(AssessmentView::of).toList());
	}

	@GetMapping("/assessments/{id}")
	@Operation(summary = "One assessment")
	AssessmentView assessment(@PathVariable String org, @PathVariable String id, @AuthenticationPrincipal SignedIn me) {
		this.access.require(org, me);
		return AssessmentView.of(this.assessments.find(org, id).orElseThrow(() -> Failure.notFound("That assessment")));
	}

	@PostMapping(path = "/assessments/{id}/results", consumes = MediaType.ALL_VALUE)
	@Operation(summary = "Record results from CSV (header pupil,score,band; pupil is the external id). "
			+ "Every row is checked; with problems nothing is recorded unless partial=true")
	ConductingAssessments.Report recordResults(@PathVariable String org, @PathVariable String id,
			@RequestParam(required = false) Boolean dryRun, @RequestParam(required = false) Boolean partial,
			HttpServletRequest request, @AuthenticationPrincipal SignedIn me) throws IOException {
		byte[] file = readLimited(request.getInputStream());
		return this.conducting.record(org, id, new ByteArrayInputStream(file), dryRun != null && dryRun,
				partial != null && partial, Acting.of(me, Via.API), me);
	}

	private byte[] readLimited(InputStream in) throws IOException {
		byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.maxBytes + 1));
		if (bytes.length > this.maxBytes) {
			throw Failure.invalid("body", "file_too_large",
					"A results file may be at most " + (this.maxBytes / (1024 * 1024)) + " MB");
		}
		return bytes;
	}

	record Summary(List<ViewingResults.SummaryRow> items) {
	}

	@GetMapping("/results/summary")
	@Operation(summary = "Count, mean and bands of unitId and of each school, year or class within it; "
			+ "small groups suppressed; a group the caller may not see is refused with 403")
	Summary summary(@PathVariable String org, @RequestParam(required = false) String assessmentId,
			@RequestParam(required = false) String unitId, @RequestParam(required = false) String groupBy,
			@AuthenticationPrincipal SignedIn me) {
		return new Summary(this.viewing.summary(org, me, assessmentId, unitId, groupBy));
	}

	record PupilResults(List<ViewingResults.PupilResult> items) {
	}

	@GetMapping("/results/pupils")
	@Operation(summary = "Each pupil's result within unitId, only within the caller's results.pupils scope")
	PupilResults pupilResults(@PathVariable String org, @RequestParam(required = false) String assessmentId,
			@RequestParam(required = false) String unitId, @AuthenticationPrincipal SignedIn me) {
		return new PupilResults(this.viewing.pupils(org, me, assessmentId, unitId));
	}

	@GetMapping("/results/access")
	@Operation(summary = "Why a member (the caller if memberId is left out) sees what they see: each level, where, "
			+ "and the assignment that grants it")
	ExplainingResults.Explanation explain(@PathVariable String org, @RequestParam(required = false) String memberId,
			@AuthenticationPrincipal SignedIn me) {
		return this.explaining.explain(org, me, memberId);
	}

}
