package org.staffroom.organisations.web;

import java.util.LinkedHashSet;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.staffroom.system.PageController;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.Memberships;
import org.staffroom.organisations.Organisation;
import org.staffroom.organisations.OrganisationSnapshots;
import org.staffroom.organisations.Organisations;
import org.staffroom.system.ApiProblem;
import org.staffroom.system.SignedIn;

/** The organisation switcher and each organisation's start page. */
@PageController
class OrganisationPages {

	private final Organisations organisations;

	private final Memberships memberships;

	private final Accounts accounts;

	private final OrganisationSnapshots snapshots;

	OrganisationPages(Organisations organisations, Memberships memberships, Accounts accounts,
			OrganisationSnapshots snapshots) {
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
		try {
			this.snapshots.require(org, me);
		}
		catch (ApiProblem ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		Organisation organisation = this.organisations.find(org).orElseThrow();
		model.addAttribute("organisation", organisation);
		model.addAttribute("mainAccountHolders", this.memberships.mainAccountHolders(org, this.accounts));
		return "organisation";
	}

	private List<Organisation> mine(SignedIn me) {
		return me.operator() ? this.organisations.all()
				: this.organisations.findAll(new LinkedHashSet<>(this.memberships.organisationsOf(me.accountId())));
	}

}
