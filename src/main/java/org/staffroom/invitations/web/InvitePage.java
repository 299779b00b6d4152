package org.staffroom.invitations.web;

import java.util.List;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.grants.RoleChoices;
import org.staffroom.grants.RoleRows;
import org.staffroom.invitations.InvitingStaff;
import org.staffroom.invitations.RoleRequest;
import org.staffroom.organisations.Organisations;
import org.staffroom.organisations.Units;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FormErrors;
import org.staffroom.system.web.PageController;
import org.staffroom.system.security.PageSecondFactor;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/**
 * Invite staff, step by step as the results-portal guide has it: name and email; pick a
 * role and where it applies; the plus button adds it as a row (repeat for more); Save
 * sends the invitation. Only the roles the person may give are offered, and those held
 * back say why.
 */
@PageController
class InvitePage {

	private final OrganisationAccess access;

	private final Organisations organisations;

	private final Units units;

	private final InvitingStaff inviting;

	private final org.staffroom.system.security.StepUp stepUp;

	InvitePage(OrganisationAccess access, Organisations organisations, Units units, InvitingStaff inviting,
			org.staffroom.system.security.StepUp stepUp) {
		this.stepUp = stepUp;
		this.access = access;
		this.organisations = organisations;
		this.units = units;
		this.inviting = inviting;
	}

	/**
	 * The form as posted; {@code action} is the button pressed: add, remove-N, pick, or
	 * save.
	 */
	record InviteForm(String firstName, String lastName, String email, String jobTitle, List<String> roleKey,
			List<String> roleUnit, String newRole, String newUnit, String action, String otp) {

		static InviteForm empty() {
			return new InviteForm("", "", "", "", List.of(), List.of(), "", "", null, null);
		}

	}

	@GetMapping("/organisations/{org}/invite")
	String show(@PathVariable String org, SignedIn me, Model model) {
		refuseAtOnce(choices(org, me));
		InviteForm form = InviteForm.empty();
		return render(org, me, form, RoleRows.read(List.of(), List.of(), "", ""), FormErrors.none(), model);
	}

	@PostMapping("/organisations/{org}/invite")
	String post(@PathVariable String org, InviteForm form, SignedIn signedIn, Model model, RedirectAttributes redirect,
			jakarta.servlet.http.HttpSession session) {
		SignedIn me = signedIn;
		RoleChoices choices = choices(org, me);
		refuseAtOnce(choices);
		RoleRows rows = RoleRows.read(form.roleKey(), form.roleUnit(), form.newRole(), form.newUnit());
		if (!"save".equals(form.action())) {
			return render(org, me, form, rows.act(form.action(), choices), FormErrors.none(), model);
		}
		// Save: a role picked but not yet added is added first, as the person evidently
		// meant it.
		rows = rows.addPicked(choices, false);
		if (!rows.errors().isEmpty()) {
			return render(org, me, form, rows, FormErrors.none(), model);
		}
		try {
			// A code typed with the invitation proves a second factor for step-up.
			me = PageSecondFactor.withCode(this.stepUp, signedIn, form.otp(), session);
			this.inviting.invite(org,
					new InvitingStaff.Request(form.email(), form.firstName(), form.lastName(), form.jobTitle(),
							rows.rows().stream().map((r) -> new RoleRequest(r.role(), r.unitId())).toList()),
					me, Via.PAGE);
		}
		catch (Failure ex) {
			if (ex.kind() == Failure.Kind.NOT_FOUND) {
				throw ex;
			}
			return render(org, me, form, rows, FormErrors.from(ex, InvitePage::field), model);
		}
		redirect.addFlashAttribute("notice", "Invitation sent to " + form.email().strip());
		return "redirect:/organisations/" + org + "/invitations";
	}

	/**
	 * Someone who may invite nobody (may give no role anywhere, nor invite someone
	 * without one) is refused before the form, as the members page refuses: a 403 page
	 * that says why and who to ask.
	 */
	private static void refuseAtOnce(RoleChoices choices) {
		choices.whyNoInvitations().ifPresent((why) -> {
			throw Failure.forbidden("forbidden", why);
		});
	}

	/** Where the invitation's problems show: its own fields, or the roles. */
	static String field(String apiField) {
		return switch (apiField) {
			case "email", "already_member", "self_grant_denied", "email_taken" -> "email";
			case "firstName", "lastName", "jobTitle" -> apiField;
			case "step_up_required", "mfa_invalid", "rate_limited" -> "otp";
			default -> "roles";
		};
	}

	private RoleChoices choices(String org, SignedIn me) {
		AccessSnapshot snapshot = this.access.require(org, me);
		return RoleChoices.of(me, snapshot, this.units.tree(org));
	}

	private String render(String org, SignedIn me, InviteForm form, RoleRows rows, FormErrors errors, Model model) {
		model.addAttribute("organisation",
				this.organisations.find(org).orElseThrow(() -> Failure.notFound("That organisation")));
		model.addAttribute("choices", choices(org, me));
		model.addAttribute("form", form);
		model.addAttribute("roles", rows);
		model.addAttribute("errors", errors.and(rows.errors()));
		return "invite";
	}

}
