package org.staffroom.organisations.web;

import java.util.LinkedHashSet;
import java.util.List;

import org.staffroom.system.web.PageController;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.staffroom.access.AccessPolicy;
import org.staffroom.organisations.ChangingSettings;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Permission;
import org.staffroom.access.ResultsVisibility;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.Memberships;
import org.staffroom.organisations.CreatingOrganisation;
import org.staffroom.organisations.Organisation;
import org.staffroom.organisations.OrganisationSnapshots;
import org.staffroom.organisations.Organisations;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FormErrors;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/** The organisation switcher and each organisation's start page. */
@PageController
class OrganisationPages {

	private final Organisations organisations;

	private final Memberships memberships;

	private final Accounts accounts;

	private final OrganisationSnapshots snapshots;

	private final CreatingOrganisation creating;

	OrganisationPages(Organisations organisations, Memberships memberships, Accounts accounts,
			OrganisationSnapshots snapshots, CreatingOrganisation creating) {
		this.creating = creating;
		this.organisations = organisations;
		this.memberships = memberships;
		this.accounts = accounts;
		this.snapshots = snapshots;
	}

	@GetMapping("/")
	String home(SignedIn me) {
		List<Organisation> mine = mine(me);
		return (mine.size() == 1 && !me.operator()) ? "redirect:/organisations/" + mine.get(0).id()
				: "redirect:/organisations";
	}

	@GetMapping("/organisations")
	String switcher(SignedIn me, Model model) {
		model.addAttribute("organisations", mine(me));
		model.addAttribute("operator", me.operator());
		return "organisations";
	}

	@GetMapping("/organisations/{org}")
	String start(@PathVariable String org, SignedIn me, Model model) {
		AccessSnapshot snapshot = this.snapshots.require(org, me);
		Organisation organisation = this.organisations.find(org).orElseThrow();
		model.addAttribute("mayView",
				me.operator() || !snapshot.scopesOf(me.accountId(), Permission.ACCOUNTS_VIEW).isEmpty());
		model.addAttribute("mayManage",
				me.operator() || !snapshot.scopesOf(me.accountId(), Permission.ACCOUNTS_MANAGE).isEmpty());
		model.addAttribute("mayAudit",
				me.operator() || AccessPolicy
					.decide(new AccessRequest.HoldsPermission(me.accountId(), Permission.AUDIT_VIEW,
							snapshot.rootUnitId()), snapshot)
					.allowed());
		// The results portal's pages, for those who may use them (the pages decide again
		// themselves).
		boolean conducts = !me.operator()
				&& !snapshot.scopesOf(me.accountId(), Permission.ASSESSMENTS_CONDUCT).isEmpty();
		ResultsVisibility results = ResultsVisibility.of(snapshot, me.operator() ? null : me.accountId());
		model.addAttribute("mayResults", conducts || results.seesAnything());
		model.addAttribute("mayPupils", conducts || !results.pupilScopes().isEmpty()
				|| (!me.operator() && !snapshot.scopesOf(me.accountId(), Permission.ACCOUNTS_MANAGE).isEmpty()));
		model.addAttribute("maySettings", ChangingSettings.mayChange(snapshot, me));
		model.addAttribute("organisation", organisation);
		model.addAttribute("mainAccountHolders", this.memberships.mainAccountHolders(org, this.accounts));
		return "organisation";
	}

	/**
	 * The operator's form: a new organisation from its templates, and its main account
	 * holder.
	 */
	record NewOrganisationForm(String name, List<String> templates, String mahFirstName, String mahLastName,
			String mahEmail) {

		static NewOrganisationForm empty() {
			return new NewOrganisationForm("", List.of("school-trust"), "", "", "");
		}

	}

	@GetMapping("/operator/organisations/new")
	String newOrganisation(Model model) {
		model.addAttribute("form", NewOrganisationForm.empty());
		model.addAttribute("errors", FormErrors.none());
		return "operator-new-organisation";
	}

	@PostMapping("/operator/organisations/new")
	String createOrganisation(NewOrganisationForm form, SignedIn me, Model model, RedirectAttributes redirect) {
		List<String> templates = (form.templates() == null) ? List.of() : form.templates();
		Organisation created;
		try {
			created = this.creating.create(
					new CreatingOrganisation.Request(form.name(), templates,
							new CreatingOrganisation.Person(form.mahEmail(), form.mahFirstName(), form.mahLastName())),
					Acting.of(me, Via.PAGE));
		}
		catch (Failure ex) {
			model.addAttribute("form", new NewOrganisationForm(form.name(), templates, form.mahFirstName(),
					form.mahLastName(), form.mahEmail()));
			model.addAttribute("errors", FormErrors.from(ex, (field) -> switch (field) {
				case "mainAccountHolder.email", "mainAccountHolder", "email_taken" -> "mahEmail";
				case "mainAccountHolder.firstName" -> "mahFirstName";
				case "mainAccountHolder.lastName" -> "mahLastName";
				case "name" -> "name";
				default -> "templates";
			}));
			return "operator-new-organisation";
		}
		redirect.addFlashAttribute("notice", created.name() + " was created. An invitation went to "
				+ form.mahEmail().strip() + ", its main account holder.");
		return "redirect:/organisations/" + created.id();
	}

	private List<Organisation> mine(SignedIn me) {
		return me.operator() ? this.organisations.all()
				: this.organisations.findAll(new LinkedHashSet<>(this.memberships.organisationsOf(me.accountId())));
	}

}
