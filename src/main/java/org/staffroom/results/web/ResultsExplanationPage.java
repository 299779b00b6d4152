package org.staffroom.results.web;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.staffroom.accounts.Accounts;
import org.staffroom.organisations.Organisations;
import org.staffroom.organisations.UnitTree;
import org.staffroom.organisations.Units;
import org.staffroom.results.ExplainingResults;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.web.PageController;
import org.staffroom.system.security.SignedIn;

/**
 * "Why do I see this?": each level of results a member sees, where, and the role
 * assignment that grants it, from {@link ExplainingResults}. Anyone may open it about
 * themselves; an administrator with accounts.view over a member may open it about them
 * (otherwise: not found, as their page is).
 */
@PageController
class ResultsExplanationPage {

	private final ExplainingResults explaining;

	private final Organisations organisations;

	private final Units units;

	private final Accounts accounts;

	ResultsExplanationPage(ExplainingResults explaining, Organisations organisations, Units units, Accounts accounts) {
		this.explaining = explaining;
		this.organisations = organisations;
		this.units = units;
		this.accounts = accounts;
	}

	@GetMapping("/organisations/{org}/results/why")
	String explain(@PathVariable String org, @RequestParam(name = "member", required = false) String member,
			SignedIn me, Model model) {
		ExplainingResults.Explanation explanation = this.explaining.explain(org, me, member);
		boolean self = explanation.memberId().equals(me.accountId());
		UnitTree tree = this.units.tree(org);
		model.addAttribute("organisation",
				this.organisations.find(org).orElseThrow(() -> Failure.notFound("That organisation")));
		model.addAttribute("self", self);
		model.addAttribute("name", self ? null
				: this.accounts.find(explanation.memberId()).map((a) -> a.displayName()).orElse("This member"));
		model.addAttribute("memberId", explanation.memberId());
		model.addAttribute("explanation", explanation);
		model.addAttribute("tree", tree);
		return "results-why";
	}

}
