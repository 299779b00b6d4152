package org.staffroom.accounts.web;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.staffroom.accounts.Account;
import org.staffroom.accounts.ChangingEmail;
import org.staffroom.system.web.PageController;

/**
 * Confirming a new email address, or stopping one from the old address. Opening either
 * link changes nothing (mail scanners open links); the person presses a button.
 */
@PageController
class EmailChangePage {

	private final ChangingEmail changes;

	EmailChangePage(ChangingEmail changes) {
		this.changes = changes;
	}

	@GetMapping("/email-changes/{token}")
	String show(@PathVariable String token, Model model) {
		model.addAttribute("newEmail", this.changes.look(token));
		model.addAttribute("token", token);
		model.addAttribute("confirmed", false);
		return "email-change";
	}

	@PostMapping("/email-changes/{token}")
	String confirm(@PathVariable String token, Model model) {
		Account account = this.changes.confirm(token);
		model.addAttribute("newEmail", account.email());
		model.addAttribute("confirmed", true);
		return "email-change";
	}

	@GetMapping("/email-changes/stop/{token}")
	String showStop(@PathVariable String token, Model model) {
		model.addAttribute("newEmail", this.changes.lookAtStop(token));
		model.addAttribute("token", token);
		model.addAttribute("stopped", false);
		return "email-change-stop";
	}

	@PostMapping("/email-changes/stop/{token}")
	String stop(@PathVariable String token, Model model) {
		model.addAttribute("newEmail", this.changes.lookAtStop(token));
		this.changes.stop(token);
		model.addAttribute("stopped", true);
		return "email-change-stop";
	}

}
