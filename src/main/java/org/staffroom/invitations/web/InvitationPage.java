package org.staffroom.invitations.web;

import jakarta.servlet.http.HttpSession;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.staffroom.invitations.AcceptingInvitation;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FormErrors;
import org.staffroom.system.web.PageController;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/**
 * The page an invitation's link opens: a new account sets its password; an existing
 * account signs in and accepts. A used, revoked or expired link gets the same answer as
 * the API, as a page.
 */
@PageController
class InvitationPage {

	private final AcceptingInvitation accepting;

	InvitationPage(AcceptingInvitation accepting) {
		this.accepting = accepting;
	}

	@GetMapping("/invitations/{token}")
	String show(@PathVariable String token, SignedIn me, Model model) {
		return render(token, me, FormErrors.none(), model);
	}

	/**
	 * Needs a signed-in person, so Spring Security sends them to sign in and then back
	 * here.
	 */
	@GetMapping("/invitations/{token}/sign-in")
	String signInThenAccept(@PathVariable String token) {
		return "redirect:/invitations/" + token;
	}

	@PostMapping("/invitations/{token}")
	String accept(@PathVariable String token, @RequestParam(required = false) String password, SignedIn me,
			HttpSession session, RedirectAttributes redirect, Model model) {
		AcceptingInvitation.Offer offer;
		try {
			offer = this.accepting.accept(token, password, me, Via.PAGE);
		}
		catch (Failure ex) {
			if (ex.kind() == Failure.Kind.GONE || ex.kind() == Failure.Kind.NOT_FOUND) {
				throw ex;
			}
			return render(token, me, FormErrors.from(ex, (field) -> "password"), model);
		}
		if (me != null && me.accountId().equals(offer.account().id())) {
			redirect.addFlashAttribute("notice", "You are now a member of " + offer.organisation().name());
			return "redirect:/organisations/" + offer.organisation().id();
		}
		session.setAttribute("signInEmail", offer.account().email());
		return "redirect:/sign-in?accepted";
	}

	private String render(String token, SignedIn me, FormErrors errors, Model model) {
		AcceptingInvitation.Offer offer = this.accepting.look(token);
		model.addAttribute("offer", offer);
		model.addAttribute("token", token);
		model.addAttribute("errors", errors);
		model.addAttribute("signedInAsInvitee", me != null && me.accountId().equals(offer.account().id()));
		model.addAttribute("signedInAsOther",
				me != null && !me.accountId().equals(offer.account().id()) ? me.email() : null);
		return "invitation";
	}

}
