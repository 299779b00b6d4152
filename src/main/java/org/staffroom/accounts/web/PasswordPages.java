package org.staffroom.accounts.web;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.staffroom.accounts.ResettingPassword;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FormErrors;
import org.staffroom.system.web.PageController;

/**
 * A forgotten password: ask for a link (the answer is the same whether or not the address
 * has an account), then set a new password by the link. A dead link gets a clear page
 * (404 or 410).
 */
@PageController
class PasswordPages {

	private final ResettingPassword resets;

	PasswordPages(ResettingPassword resets) {
		this.resets = resets;
	}

	@GetMapping("/forgotten-password")
	String ask(Model model) {
		model.addAttribute("errors", FormErrors.none());
		model.addAttribute("email", "");
		return "forgotten-password";
	}

	@PostMapping("/forgotten-password")
	String send(@RequestParam(required = false) String email, Model model) {
		model.addAttribute("email", email == null ? "" : email);
		if (email == null || email.isBlank()) {
			model.addAttribute("errors", FormErrors.of("email", "Enter your email address"));
			return "forgotten-password";
		}
		this.resets.request(email);
		return "forgotten-password-sent";
	}

	@GetMapping("/password-resets/{token}")
	String choose(@PathVariable String token, Model model) {
		this.resets.look(token);
		model.addAttribute("token", token);
		model.addAttribute("errors", FormErrors.none());
		return "password-reset";
	}

	@PostMapping("/password-resets/{token}")
	String reset(@PathVariable String token, @RequestParam(required = false) String password, Model model) {
		try {
			this.resets.complete(token, password);
		}
		catch (Failure ex) {
			if (!"validation_failed".equals(ex.code())) {
				throw ex;
			}
			model.addAttribute("token", token);
			model.addAttribute("errors", FormErrors.from(ex, (field) -> "password"));
			return "password-reset";
		}
		return "redirect:/sign-in?reset";
	}

}
