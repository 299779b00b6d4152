package org.staffroom.organisations.web;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.staffroom.organisations.ChangingSettings;
import org.staffroom.organisations.Organisation;
import org.staffroom.organisations.Organisations;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FormErrors;
import org.staffroom.system.security.Acting;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;
import org.staffroom.system.web.PageController;

/**
 * An organisation's settings page: its name, how long invitations last, the smallest
 * group results show, and who must have a second factor. For holders of accounts.manage
 * at the organisation itself, as the API.
 */
@PageController
class SettingsPage {

	private final ChangingSettings settings;

	private final Organisations organisations;

	SettingsPage(ChangingSettings settings, Organisations organisations) {
		this.settings = settings;
		this.organisations = organisations;
	}

	record SettingsForm(String name, String invitationDays, String smallGroupK, String mfaRequired) {

		static SettingsForm of(Organisation o) {
			return new SettingsForm(o.name(), Integer.toString(o.invitationDays()), Integer.toString(o.smallGroupK()),
					o.mfaRequired());
		}

	}

	@GetMapping("/organisations/{org}/settings")
	String show(@PathVariable String org, SignedIn me, Model model) {
		Organisation organisation = mayChange(org, me);
		return render(organisation, SettingsForm.of(organisation), FormErrors.none(), model);
	}

	@PostMapping("/organisations/{org}/settings")
	String save(@PathVariable String org, SettingsForm form, SignedIn me, Model model, RedirectAttributes redirect) {
		Organisation organisation = mayChange(org, me);
		FormErrors errors = FormErrors.none();
		Integer days = number(form.invitationDays());
		Integer k = number(form.smallGroupK());
		if (days == null) {
			errors = errors.plus("invitationDays", "Enter how many days invitations last, from 1 to 90");
		}
		if (k == null) {
			errors = errors.plus("smallGroupK", "Enter the smallest group results show, from 2 to 100");
		}
		if (!errors.isEmpty()) {
			return render(organisation, form, errors, model);
		}
		try {
			this.settings.change(org, new ChangingSettings.Change(form.name(), days, k, form.mfaRequired()), me,
					Acting.of(me, Via.PAGE));
		}
		catch (Failure ex) {
			if (ex.kind() != Failure.Kind.INVALID) {
				throw ex;
			}
			return render(organisation, form, FormErrors.from(ex, (field) -> field), model);
		}
		redirect.addFlashAttribute("notice", "The settings were saved");
		return "redirect:/organisations/" + org + "/settings";
	}

	private Organisation mayChange(String org, SignedIn me) {
		if (!this.settings.mayChange(org, me)) {
			throw Failure.forbidden("out_of_scope",
					"Changing settings needs accounts.manage for the whole organisation");
		}
		return this.organisations.find(org).orElseThrow(() -> Failure.notFound("That organisation"));
	}

	private String render(Organisation organisation, SettingsForm form, FormErrors errors, Model model) {
		model.addAttribute("organisation", organisation);
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		return "organisation-settings";
	}

	private static Integer number(String text) {
		if (text == null || !text.strip().matches("[0-9]{1,4}")) {
			return null;
		}
		return Integer.valueOf(text.strip());
	}

}
