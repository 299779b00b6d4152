package org.staffroom.factors.web;

import jakarta.servlet.http.HttpSession;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.staffroom.accounts.Accounts;
import org.staffroom.factors.ResettingFactors;
import org.staffroom.factors.SecondFactors;
import org.staffroom.grants.MemberVisibility;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FormErrors;
import org.staffroom.system.security.Acting;
import org.staffroom.system.security.PageSecondFactor;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;
import org.staffroom.system.web.PageController;

/**
 * Resetting a member's second factor from their page, for the day they lose their phone:
 * a page that says what will happen, asks for the administrator's own code when step-up
 * needs it, and does it.
 */
@PageController
class MemberFactorsPage {

	private final ResettingFactors resetting;

	private final SecondFactors factors;

	private final OrganisationAccess access;

	private final Accounts accounts;

	MemberFactorsPage(ResettingFactors resetting, SecondFactors factors, OrganisationAccess access, Accounts accounts) {
		this.resetting = resetting;
		this.factors = factors;
		this.access = access;
		this.accounts = accounts;
	}

	@GetMapping("/organisations/{org}/members/{id}/second-factor/reset")
	String confirm(@PathVariable String org, @PathVariable String id, SignedIn me, Model model) {
		return render(org, id, me, FormErrors.none(), model);
	}

	@PostMapping("/organisations/{org}/members/{id}/second-factor/reset")
	String reset(@PathVariable String org, @PathVariable String id,
			@RequestParam(name = "otp", required = false) String otp, SignedIn me, HttpSession session, Model model,
			RedirectAttributes redirect) {
		try {
			SignedIn stepped = PageSecondFactor.withCode(this.factors, me, otp, session);
			this.resetting.reset(org, id, stepped, Acting.of(stepped, Via.PAGE));
		}
		catch (Failure ex) {
			if (ex.kind() == Failure.Kind.NOT_FOUND) {
				throw ex;
			}
			return render(org, id, me, FormErrors.of("otp", ex.getMessage()), model);
		}
		redirect.addFlashAttribute("notice",
				"Their second factor was reset. They have been emailed, and will be asked to set one up again");
		return "redirect:/organisations/" + org + "/members/" + id;
	}

	private String render(String org, String id, SignedIn me, FormErrors errors, Model model) {
		var snapshot = this.access.require(org, me);
		if (!MemberVisibility.canView(me, id, snapshot)) {
			throw Failure.notFound("That member");
		}
		var account = this.accounts.find(id).orElseThrow(() -> Failure.notFound("That member"));
		model.addAttribute("organisationId", org);
		model.addAttribute("member", account);
		model.addAttribute("askCode", this.factors.hasFactor(me.accountId()));
		model.addAttribute("errors", errors);
		return "member-second-factor-reset";
	}

}
