package org.staffroom.signin.web;

import jakarta.servlet.http.HttpSession;

import org.staffroom.system.web.PageController;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page; Spring Security handles the POST (and a passkey's ceremony). */
@PageController
class SignInPage {

	@GetMapping("/sign-in")
	String show(@RequestParam(required = false) String error, @RequestParam(required = false) String locked,
			@RequestParam(name = "signed-out", required = false) String signedOut,
			@RequestParam(required = false) String accepted, @RequestParam(required = false) String reset,
			@RequestParam(required = false) String passkey, HttpSession session, Model model) {
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
		if ("failed".equals(passkey)) {
			model.addAttribute("passkeyError", "Your passkey could not be used to sign in. Try again, or sign in "
					+ "with your password and code");
		}
		if ("needs-javascript".equals(passkey)) {
			model.addAttribute("passkeyError", "Signing in with a passkey needs JavaScript: turn it on in your "
					+ "browser, or sign in with your password and code");
		}
		Object email = session.getAttribute("signInEmail");
		model.addAttribute("email", email instanceof String s ? s : "");
		return "sign-in";
	}

	/**
	 * The passkey button's form, sent only by a browser without JavaScript (the script
	 * runs the ceremony in its place).
	 */
	@PostMapping("/sign-in/passkey")
	String passkeyWithoutScript() {
		return "redirect:/sign-in?passkey=needs-javascript";
	}

	private static String digits(String value) {
		return value.matches("\\d{1,6}") ? value : "a few";
	}

}
