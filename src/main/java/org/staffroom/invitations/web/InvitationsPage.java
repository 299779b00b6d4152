package org.staffroom.invitations.web;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.staffroom.accounts.Account;
import org.staffroom.invitations.ReviewingInvitations;
import org.staffroom.organisations.Organisations;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FormErrors;
import org.staffroom.system.web.PageController;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/** Pending, expired, accepted and revoked invitations, with resend and revoke. */
@PageController
class InvitationsPage {

	private final ReviewingInvitations reviewing;

	private final Organisations organisations;

	InvitationsPage(ReviewingInvitations reviewing, Organisations organisations) {
		this.reviewing = reviewing;
		this.organisations = organisations;
	}

	@GetMapping("/organisations/{org}/invitations")
	String list(@PathVariable String org, @RequestParam(required = false) String status, SignedIn me, Model model) {
		return render(org, status, me, FormErrors.none(), model);
	}

	@PostMapping("/organisations/{org}/invitations/{id}/resend")
	String resend(@PathVariable String org, @PathVariable String id, @RequestParam(required = false) String status,
			SignedIn me, Model model, RedirectAttributes redirect) {
		try {
			this.reviewing.resend(org, id, me, Via.PAGE);
		}
		catch (Failure ex) {
			return problem(org, status, me, ex, model);
		}
		redirect.addFlashAttribute("notice", "A new link was sent; the old one no longer works");
		return back(org, status);
	}

	@PostMapping("/organisations/{org}/invitations/{id}/revoke")
	String revoke(@PathVariable String org, @PathVariable String id, @RequestParam(required = false) String status,
			SignedIn me, Model model, RedirectAttributes redirect) {
		Account account;
		try {
			account = this.reviewing.revoke(org, id, me, Via.PAGE);
		}
		catch (Failure ex) {
			return problem(org, status, me, ex, model);
		}
		redirect.addFlashAttribute("notice", "The invitation to " + account.email() + " was revoked");
		return back(org, status);
	}

	private String problem(String org, String status, SignedIn me, Failure ex, Model model) {
		if (ex.kind() == Failure.Kind.NOT_FOUND) {
			throw ex;
		}
		return render(org, status, me, FormErrors.from(ex, (field) -> "invitations"), model);
	}

	private static String back(String org, String status) {
		return "redirect:/organisations/" + org + "/invitations"
				+ (status != null && ReviewingInvitations.STATUSES.contains(status) ? "?status=" + status : "");
	}

	private String render(String org, String status, SignedIn me, FormErrors errors, Model model) {
		String filter = (status != null && ReviewingInvitations.STATUSES.contains(status)) ? status : null;
		model.addAttribute("organisation",
				this.organisations.find(org).orElseThrow(() -> Failure.notFound("That organisation")));
		model.addAttribute("rows", this.reviewing.list(org, filter, me));
		model.addAttribute("status", filter);
		model.addAttribute("statuses", ReviewingInvitations.STATUSES);
		model.addAttribute("errors", errors);
		return "invitations";
	}

}
