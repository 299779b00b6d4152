package org.staffroom.factors.web;

import java.util.List;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.staffroom.factors.SecondFactors;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FormErrors;
import org.staffroom.system.security.Acting;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;
import org.staffroom.system.web.PageController;

/**
 * Edit my account, second factor: set up an authenticator app (a QR code with the secret
 * beside it, confirmed by a first code), see and renew recovery codes, remove the app,
 * and list and remove passkeys. A person covered by a policy with no factor is sent here
 * and told why.
 */
@PageController
class SecondFactorPages {

	private final SecondFactors factors;

	SecondFactorPages(SecondFactors factors) {
		this.factors = factors;
	}

	@GetMapping(EnrolmentGate.ENROLMENT_PAGE)
	String overview(@RequestParam(name = "passkey", required = false) String passkey, SignedIn me, Model model) {
		if ("added".equals(passkey)) {
			// The page's script registered it and came back here.
			model.addAttribute("notice", "Your passkey was added");
		}
		return overview(me, FormErrors.none(), model);
	}

	/**
	 * The passkey form sent without JavaScript: the browser's passkey ceremony needs it,
	 * so nothing is added and the page says why (or what is wrong with the name).
	 */
	@PostMapping(EnrolmentGate.ENROLMENT_PAGE + "/passkeys")
	String passkeyWithoutScript(@RequestParam(name = "passkeyName", required = false) String name, SignedIn me,
			Model model) {
		model.addAttribute("passkeyName", name);
		try {
			SecondFactors.passkeyName(name);
		}
		catch (Failure ex) {
			return overview(me, FormErrors.of("passkeyName", message(ex)), model);
		}
		return overview(me,
				FormErrors.of("passkeyName",
						"Adding a passkey needs JavaScript: turn it on in your browser, or use another browser"),
				model);
	}

	private String overview(SignedIn me, FormErrors errors, Model model) {
		var status = this.factors.status(me);
		model.addAttribute("status", status);
		model.addAttribute("mustEnrol", status.covered() && !status.any());
		model.addAttribute("errors", errors);
		return "second-factor";
	}

	@PostMapping(EnrolmentGate.ENROLMENT_PAGE + "/authenticator")
	String start(SignedIn me, RedirectAttributes redirect) {
		if (this.factors.pendingTotp(me).isEmpty()) {
			this.factors.startTotp(me);
		}
		return "redirect:" + EnrolmentGate.ENROLMENT_PAGE + "/authenticator";
	}

	@GetMapping(EnrolmentGate.ENROLMENT_PAGE + "/authenticator")
	String authenticator(SignedIn me, Model model) {
		return authenticator(me, FormErrors.none(), model);
	}

	private String authenticator(SignedIn me, FormErrors errors, Model model) {
		var pending = this.factors.pendingTotp(me);
		if (pending.isEmpty()) {
			return "redirect:" + EnrolmentGate.ENROLMENT_PAGE;
		}
		model.addAttribute("secret", spaced(pending.get().secret()));
		model.addAttribute("qrCode",
				QrCodeSvg.of(pending.get().otpauthUri(), "QR code to scan with your authenticator app"));
		model.addAttribute("otpauthUri", pending.get().otpauthUri());
		model.addAttribute("errors", errors);
		return "second-factor-authenticator";
	}

	@PostMapping(EnrolmentGate.ENROLMENT_PAGE + "/authenticator/confirm")
	String confirm(@RequestParam(name = "code", required = false) String code, SignedIn me, Model model) {
		List<String> codes;
		try {
			codes = this.factors.confirmTotp(me, code, Acting.of(me, Via.PAGE));
		}
		catch (Failure ex) {
			if ("no_enrolment_pending".equals(ex.code())) {
				return "redirect:" + EnrolmentGate.ENROLMENT_PAGE;
			}
			return authenticator(me, FormErrors.of("code", message(ex)), model);
		}
		return recoveryCodes(codes, true, model);
	}

	@PostMapping(EnrolmentGate.ENROLMENT_PAGE + "/recovery-codes")
	String renew(@RequestParam(name = "renewCode", required = false) String code, SignedIn me, Model model) {
		List<String> codes;
		try {
			codes = this.factors.renewRecoveryCodes(me, code, Acting.of(me, Via.PAGE));
		}
		catch (Failure ex) {
			return overview(me, FormErrors.of("renewCode", message(ex)), model);
		}
		return recoveryCodes(codes, false, model);
	}

	@PostMapping(EnrolmentGate.ENROLMENT_PAGE + "/authenticator/remove")
	String remove(@RequestParam(name = "removeCode", required = false) String code, SignedIn me, Model model,
			RedirectAttributes redirect) {
		try {
			this.factors.removeTotp(me, code, Acting.of(me, Via.PAGE));
		}
		catch (Failure ex) {
			return overview(me, FormErrors.of("removeCode", message(ex)), model);
		}
		redirect.addFlashAttribute("notice", "Your authenticator app was removed");
		return "redirect:" + EnrolmentGate.ENROLMENT_PAGE;
	}

	@PostMapping(EnrolmentGate.ENROLMENT_PAGE + "/passkeys/{id}/remove")
	String removePasskey(@PathVariable String id, SignedIn me, Model model, RedirectAttributes redirect) {
		try {
			this.factors.removePasskey(me, id, Acting.of(me, Via.PAGE));
		}
		catch (Failure ex) {
			return overview(me, FormErrors.of("passkeys", message(ex)), model);
		}
		redirect.addFlashAttribute("notice", "The passkey was removed");
		return "redirect:" + EnrolmentGate.ENROLMENT_PAGE;
	}

	private String recoveryCodes(List<String> codes, boolean justEnrolled, Model model) {
		model.addAttribute("codes", codes);
		model.addAttribute("justEnrolled", justEnrolled);
		return "second-factor-recovery-codes";
	}

	// What a person reads next to the field: the problem's own sentence.
	private static String message(Failure ex) {
		if (!ex.errors().isEmpty()) {
			return ex.errors().get(0).message();
		}
		return ex.getMessage();
	}

	// Groups of four, as authenticator apps show a key typed by hand.
	static String spaced(String secret) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < secret.length(); i += 4) {
			if (i > 0) {
				out.append(' ');
			}
			out.append(secret, i, Math.min(secret.length(), i + 4));
		}
		return out.toString();
	}

}
