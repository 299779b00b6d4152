package org.staffroom.mail.web;

import org.staffroom.system.web.PageController;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.staffroom.mail.Outbox;
import org.staffroom.mail.OutboxSender;

/**
 * "Sent and waiting email", for operators: what went out, and what waits (with no SMTP,
 * all of it).
 */
@PageController
class OutboxPage {

	private final Outbox outbox;

	private final OutboxSender sender;

	OutboxPage(Outbox outbox, OutboxSender sender) {
		this.outbox = outbox;
		this.sender = sender;
	}

	@GetMapping("/operator/email")
	String show(Model model) {
		model.addAttribute("emails", this.outbox.latest(200));
		model.addAttribute("smtp", this.sender.configured());
		return "operator-email";
	}

}
