package org.staffroom.signin.web;

import jakarta.servlet.http.HttpSession;

import org.staffroom.system.web.PageController;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page; Spring Security handles the POST. */
@PageController
class SignInPage {

	@GetMapping("/sign-in")
	String show(@RequestParam(required = false) String error, @RequestParam(required = false) String locked,
			@RequestParam(name = "signed-out", required = false) String signedOut,
			@RequestParam(required = false) String accepted, @RequestParam(required = false) String reset,
			HttpSession session, Model model) {
		if (error != null) {
			model.addAttribute("error", "The email address or password is wrong");
		}
		if (locked != null) {
			model.addAttribute("error",
					"Too many failed attempts. Wait " + digits(locked) + " seconds, then try again");
		}
		if (signedOut != null) {
			model.addAttribute("notice", "You have signed out");
		}
		if (accepted != null) {
			model.addAttribute("notice", "Your account is ready: sign in with your new password");
		}
		if (reset != null) {
			model.addAttribute("notice", "Your password has been changed: sign in with the new one");
		}
		Object email = session.getAttribute("signInEmail");
		model.addAttribute("email", email instanceof String s ? s : "");
		return "sign-in";
	}

	private static String digits(String value) {
		return value.matches("\\d{1,6}") ? value : "a few";
	}

}
