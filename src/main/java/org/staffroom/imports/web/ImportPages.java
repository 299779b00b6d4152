package org.staffroom.imports.web;

import java.io.IOException;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.imports.ImportJob;
import org.staffroom.imports.ImportJobs;
import org.staffroom.imports.ImportReport;
import org.staffroom.imports.StaffCsv;
import org.staffroom.imports.StartingImport;
import org.staffroom.organisations.Organisations;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FormErrors;
import org.staffroom.system.web.PageController;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/**
 * The import page: upload a staff CSV or a OneRoster package, check it (dry run) or
 * import it, and follow the job's progress; htmx refreshes the progress part in place
 * while the job runs.
 */
@PageController
class ImportPages {

	private final OrganisationAccess access;

	private final StartingImport starting;

	private final ImportJobs jobs;

	private final Organisations organisations;

	ImportPages(OrganisationAccess access, StartingImport starting, ImportJobs jobs, Organisations organisations) {
		this.access = access;
		this.starting = starting;
		this.jobs = jobs;
		this.organisations = organisations;
	}

	/**
	 * What the form holds, so that nothing chosen is lost when it comes back with errors.
	 */
	record ImportForm(String kind, String mode, boolean partial, String administratorRole) {

		static ImportForm empty() {
			return new ImportForm("staff-csv", "dry-run", false, "headteacher");
		}

	}

	@GetMapping("/organisations/{org}/imports")
	String form(@PathVariable String org, SignedIn me, Model model) {
		return render(org, me, ImportForm.empty(), FormErrors.none(), model);
	}

	@PostMapping("/organisations/{org}/imports")
	String start(@PathVariable String org, @RequestParam(required = false) MultipartFile file,
			@RequestParam(required = false) String kind, @RequestParam(required = false) String mode,
			@RequestParam(required = false) String partial, @RequestParam(required = false) String administratorRole,
			SignedIn me, Model model) throws IOException {
		ImportForm form = new ImportForm(kind, mode, "yes".equals(partial),
				"user-admin".equals(administratorRole) ? "user-admin" : "headteacher");
		FormErrors errors = FormErrors.none();
		if (file == null || file.isEmpty()) {
			errors = errors.plus("file", "Choose a file to import");
		}
		if (!"staff-csv".equals(kind) && !"oneroster".equals(kind)) {
			errors = errors.plus("kind", "Choose what the file is: a staff CSV or a OneRoster package");
		}
		if (!"dry-run".equals(mode) && !"import".equals(mode)) {
			errors = errors.plus("mode", "Choose whether to check the file only or to import it");
		}
		if (!errors.isEmpty()) {
			return render(org, me, form, errors, model);
		}
		AccessSnapshot snapshot = this.access.require(org, me);
		Acting actor = Acting.of(me, Via.PAGE);
		if (!StartingImport.mayImport(snapshot, actor)) {
			throw Failure.forbidden("forbidden", "Importing colleagues needs accounts.manage");
		}
		String id;
		try {
			id = this.starting.start(snapshot, actor, kind, "dry-run".equals(mode), form.partial(),
					kind.equals("oneroster") ? Map.of("administratorRole", form.administratorRole()) : Map.of(),
					file.getContentType(), file.getInputStream());
		}
		catch (Failure ex) {
			return render(org, me, form, FormErrors.of("file", ex.getMessage()), model);
		}
		return "redirect:/organisations/" + org + "/imports/" + id;
	}

	@GetMapping("/organisations/{org}/imports/{id}")
	String report(@PathVariable String org, @PathVariable String id, SignedIn me, Model model) {
		fill(org, id, me, model);
		return "import";
	}

	/** Only the progress and report part, for htmx's polling. */
	@GetMapping("/organisations/{org}/imports/{id}/progress")
	String progress(@PathVariable String org, @PathVariable String id, SignedIn me, Model model) {
		fill(org, id, me, model);
		return "import :: report";
	}

	@GetMapping("/organisations/{org}/imports/{id}/errors.csv")
	ResponseEntity<String> errorsCsv(@PathVariable String org, @PathVariable String id, SignedIn me) {
		ImportJob job = ImportsController.visibleJob(this.access, this.jobs, org, id, me);
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
			.header("Content-Disposition", "attachment; filename=\"import-" + id + "-errors.csv\"")
			.body(ImportReport.errorsCsv(this.jobs.problems(job.id())));
	}

	@GetMapping("/imports/staff-template.csv")
	ResponseEntity<String> template() {
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
			.header("Content-Disposition", "attachment; filename=\"staffroom-staff-template.csv\"")
			.body(StaffCsv.TEMPLATE);
	}

	private void fill(String org, String id, SignedIn me, Model model) {
		ImportJob job = ImportsController.visibleJob(this.access, this.jobs, org, id, me);
		model.addAttribute("organisation",
				this.organisations.find(org).orElseThrow(() -> Failure.notFound("That organisation")));
		model.addAttribute("job", job);
		model.addAttribute("running", job.status().equals("queued") || job.status().equals("running"));
		model.addAttribute("percent", job.total() == 0 ? 0 : Math.min(100, job.done() * 100 / job.total()));
		model.addAttribute("problems", this.jobs.problems(job.id()));
		model.addAttribute("notices", this.jobs.notices(job.id()));
		model.addAttribute("counts",
				job.counts().entrySet().stream().filter((e) -> e.getValue() instanceof Number).toList());
	}

	private String render(String org, SignedIn me, ImportForm form, FormErrors errors, Model model) {
		AccessSnapshot snapshot = this.access.require(org, me);
		if (!StartingImport.mayImport(snapshot, Acting.of(me, Via.PAGE))) {
			throw Failure.forbidden("forbidden", "Importing colleagues needs accounts.manage");
		}
		model.addAttribute("organisation",
				this.organisations.find(org).orElseThrow(() -> Failure.notFound("That organisation")));
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		return "imports";
	}

}
