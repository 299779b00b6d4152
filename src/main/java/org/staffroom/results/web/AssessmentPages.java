package org.staffroom.results.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Permission;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.organisations.Organisation;
import org.staffroom.organisations.Organisations;
import org.staffroom.results.Assessment;
import org.staffroom.results.Assessments;
import org.staffroom.results.ConductingAssessments;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FormErrors;
import org.staffroom.system.web.PageController;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/**
 * The organisation's assessments: the list (each one's results dashboard), and for
 * holders of {@code assessments.conduct} the forms to create one (name, date, bands from
 * lowest to highest) and to upload its results as CSV, with the report of every row's
 * problems, a dry run and the valid-rows-only option. {@link ConductingAssessments}
 * decides everything; the page shows it.
 */
@PageController
class AssessmentPages {

	private final Assessments assessments;

	private final ConductingAssessments conducting;

	private final OrganisationAccess access;

	private final Organisations organisations;

	private final long maxBytes;

	AssessmentPages(Assessments assessments, ConductingAssessments conducting, OrganisationAccess access,
			Organisations organisations, @Value("${staffroom.results.max-bytes:20971520}") long maxBytes) {
		this.assessments = assessments;
		this.conducting = conducting;
		this.access = access;
		this.organisations = organisations;
		this.maxBytes = maxBytes;
	}

	@GetMapping("/organisations/{org}/assessments")
	String list(@PathVariable String org, SignedIn me, Model model) {
		AccessSnapshot snapshot = this.access.require(org, me);
		model.addAttribute("organisation", organisation(org));
		model.addAttribute("assessments", this.assessments.ofOrganisation(org));
		model.addAttribute("conducts", conducts(snapshot, me));
		model.addAttribute("seesResults", PupilPages.viewer(snapshot, me).seesAnything());
		return "results-assessments";
	}

	/**
	 * The new-assessment form, as typed: the date in three parts, the bands one per line.
	 */
	record AssessmentForm(String name, String dateDay, String dateMonth, String dateYear, String bands) {

		static AssessmentForm empty() {
			return new AssessmentForm("", "", "", "", "");
		}

		List<String> bandLines() {
			if (this.bands == null) {
				return List.of();
			}
			return Arrays.stream(this.bands.split("\\R")).map(String::strip).filter((b) -> !b.isEmpty()).toList();
		}

	}

	@GetMapping("/organisations/{org}/assessments/new")
	String newAssessment(@PathVariable String org, SignedIn me, Model model) {
		requireConduct(org, me);
		return renderNew(org, AssessmentForm.empty(), FormErrors.none(), model);
	}

	@PostMapping("/organisations/{org}/assessments/new")
	String create(@PathVariable String org, AssessmentForm form, SignedIn me, Model model,
			RedirectAttributes redirect) {
		requireConduct(org, me);
		FormErrors dateErrors = FormErrors.none();
		String date = null;
		boolean anyPart = !(blank(form.dateDay()) && blank(form.dateMonth()) && blank(form.dateYear()));
		if (anyPart) {
			try {
				date = LocalDate
					.of(Integer.parseInt(form.dateYear().strip()), Integer.parseInt(form.dateMonth().strip()),
							Integer.parseInt(form.dateDay().strip()))
					.toString();
				if (form.dateYear().strip().length() != 4) {
					date = null;
					dateErrors = FormErrors.of("date", "The year must have 4 numbers, for example 2026");
				}
			}
			catch (NumberFormatException | NullPointerException | DateTimeException ex) {
				dateErrors = FormErrors.of("date",
						"The date of the assessment must be a real date, for example 15 10 2026");
			}
		}
		Assessment created;
		try {
			// A date the page could not read is sent as missing, so the other fields are
			// still checked.
			created = this.conducting.create(org, new ConductingAssessments.NewAssessment(form.name(),
					dateErrors.isEmpty() ? date : null, form.bandLines()), Acting.of(me, Via.PAGE), me);
		}
		catch (Failure ex) {
			if (ex.kind() == Failure.Kind.NOT_FOUND) {
				throw ex;
			}
			FormErrors errors = FormErrors.from(ex, (field) -> field.startsWith("bands") ? "bands"
					: ("name".equals(field) || "date".equals(field)) ? field : "name");
			if (!dateErrors.isEmpty()) {
				errors = dateErrors.and(errors);
			}
			return renderNew(org, form, errors, model);
		}
		if (!dateErrors.isEmpty()) {
			throw new IllegalStateException("An assessment was created without a date");
		}
		redirect.addFlashAttribute("notice", created.name() + " was created. Upload its results next.");
		return "redirect:/organisations/" + org + "/assessments/" + created.id() + "/upload";
	}

	private String renderNew(String org, AssessmentForm form, FormErrors errors, Model model) {
		model.addAttribute("organisation", organisation(org));
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		return "results-assessment-new";
	}

	@GetMapping("/organisations/{org}/assessments/{id}/upload")
	String upload(@PathVariable String org, @PathVariable String id, SignedIn me, Model model) {
		requireConduct(org, me);
		return renderUpload(org, assessment(org, id), false, false, null, FormErrors.none(), me, model);
	}

	@PostMapping("/organisations/{org}/assessments/{id}/upload")
	String record(@PathVariable String org, @PathVariable String id,
			@RequestParam(name = "file", required = false) MultipartFile file,
			@RequestParam(name = "dryRun", required = false) String dryRun,
			@RequestParam(name = "partial", required = false) String partial, SignedIn me, Model model)
			throws IOException {
		requireConduct(org, me);
		Assessment assessment = assessment(org, id);
		boolean dry = dryRun != null;
		boolean valid = partial != null;
		if (file == null || file.isEmpty()) {
			return renderUpload(org, assessment, dry, valid, null,
					FormErrors.of("file",
							(file == null || file.getOriginalFilename() == null || file.getOriginalFilename().isBlank())
									? "Choose a CSV file of results" : "The file you chose is empty"),
					me, model);
		}
		if (file.getSize() > this.maxBytes) {
			return renderUpload(org, assessment, dry, valid, null,
					FormErrors.of("file", "A results file may be at most " + (this.maxBytes / (1024 * 1024)) + " MB"),
					me, model);
		}
		byte[] bytes;
		try (InputStream in = file.getInputStream()) {
			bytes = in.readAllBytes();
		}
		ConductingAssessments.Report report = this.conducting.record(org, id, new ByteArrayInputStream(bytes), dry,
				valid, Acting.of(me, Via.PAGE), me);
		model.addAttribute("fileName", file.getOriginalFilename());
		return renderUpload(org, assessment, dry, valid, report, FormErrors.none(), me, model);
	}

	private String renderUpload(String org, Assessment assessment, boolean dryRun, boolean partial,
			ConductingAssessments.Report report, FormErrors errors, SignedIn me, Model model) {
		model.addAttribute("organisation", organisation(org));
		model.addAttribute("seesResults", PupilPages.viewer(this.access.require(org, me), me).seesAnything());
		model.addAttribute("assessment", assessment);
		model.addAttribute("dryRun", dryRun);
		model.addAttribute("partial", partial);
		model.addAttribute("report", report);
		model.addAttribute("errors", errors);
		return "results-upload";
	}

	static boolean conducts(AccessSnapshot snapshot, SignedIn me) {
		return !me.operator() && !snapshot.scopesOf(me.accountId(), Permission.ASSESSMENTS_CONDUCT).isEmpty();
	}

	private void requireConduct(String org, SignedIn me) {
		if (!conducts(this.access.require(org, me), me)) {
			throw Failure.forbidden("forbidden",
					"Only people who conduct assessments (assessments.conduct) may create assessments and upload results");
		}
	}

	private Assessment assessment(String org, String id) {
		return this.assessments.find(org, id).orElseThrow(() -> Failure.notFound("That assessment"));
	}

	private Organisation organisation(String org) {
		return this.organisations.find(org).orElseThrow(() -> Failure.notFound("That organisation"));
	}

	private static boolean blank(String s) {
		return s == null || s.isBlank();
	}

}
