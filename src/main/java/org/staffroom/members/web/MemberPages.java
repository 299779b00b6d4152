package org.staffroom.members.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.Reasons;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Actor;
import org.staffroom.access.Assignment;
import org.staffroom.access.Decision;
import org.staffroom.access.RoleAt;
import org.staffroom.access.UnitType;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.grants.RoleChoices;
import org.staffroom.grants.RoleRows;
import org.staffroom.invitations.RoleRequest;
import org.staffroom.members.AmendingMember;
import org.staffroom.members.MemberSearch;
import org.staffroom.members.MemberView;
import org.staffroom.organisations.Organisations;
import org.staffroom.organisations.UnitTree;
import org.staffroom.organisations.Units;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FormErrors;
import org.staffroom.system.web.PageController;
import org.staffroom.system.security.PageSecondFactor;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/**
 * Administration: the member directory, and each member's page where an administrator
 * amends details, email, notifications, status and roles, as the exam-centre guide
 * describes. A member's page carries the member's ETag, so a save after someone else's is
 * refused, shown, and nothing this person typed is lost.
 */
@PageController
class MemberPages {

	static final int PAGE_SIZE = 25;

	private final MemberSearch search;

	private final AmendingMember amending;

	private final OrganisationAccess access;

	private final Organisations organisations;

	private final Units units;

	private final org.staffroom.system.security.StepUp stepUp;

	private final org.staffroom.factors.SecondFactors factors;

	MemberPages(MemberSearch search, AmendingMember amending, OrganisationAccess access, Organisations organisations,
			Units units, org.staffroom.system.security.StepUp stepUp, org.staffroom.factors.SecondFactors factors) {
		this.stepUp = stepUp;
		this.factors = factors;
		this.search = search;
		this.amending = amending;
		this.access = access;
		this.organisations = organisations;
		this.units = units;
	}

	/** The directory's filters, as the GET form sends them. */
	record Filters(String q, String role, String school, String unit, String status, Integer page) {

		public String unitId() {
			return (this.unit != null && !this.unit.isBlank()) ? this.unit : this.school;
		}

		public boolean any() {
			return !(blank(this.q) && blank(this.role) && blank(this.school) && blank(this.unit) && blank(this.status));
		}

		private static boolean blank(String s) {
			return s == null || s.isBlank();
		}

	}

	@GetMapping("/organisations/{org}/members")
	String directory(@PathVariable String org, Filters filters, SignedIn me, Model model) {
		AccessSnapshot snapshot = this.access.require(org, me);
		UnitTree tree = this.units.tree(org);
		model.addAttribute("organisation", organisation(org));
		model.addAttribute("filters", filters);
		model.addAttribute("choices", RoleChoices.of(me, snapshot, tree));
		model.addAttribute("roles", snapshot.catalogue().all());
		model.addAttribute("schools", tree.all().stream().filter((n) -> n.type() == UnitType.SCHOOL).toList());
		model.addAttribute("classes",
				tree.all().stream().filter((n) -> n.type() == UnitType.YEAR || n.type() == UnitType.CLASS).toList());
		try {
			MemberSearch.Result result = this.search.search(org,
					new MemberSearch.Criteria(filters.q(), filters.role(), filters.unitId(), filters.status(),
							filters.page() == null ? 1 : Math.max(1, filters.page()), PAGE_SIZE),
					me);
			model.addAttribute("result", result);
			model.addAttribute("errors", FormErrors.none());
		}
		catch (Failure ex) {
			if (ex.kind() == Failure.Kind.FORBIDDEN) {
				List<String> theirUnits = snapshot.assignmentsOf(me.accountId())
					.stream()
					.map(Assignment::unitId)
					.toList();
				throw Failure.forbidden(ex.code(), "You cannot see the staff list: none of your roles lets you see "
						+ "other members' accounts. " + Reasons.whoToAsk(snapshot, theirUnits));
			}
			if (!"validation_failed".equals(ex.code())) {
				throw ex;
			}
			model.addAttribute("result", null);
			model.addAttribute("errors", FormErrors.from(ex, (field) -> switch (field) {
				case "unitId" -> "school";
				case "page", "size" -> "q";
				default -> field;
			}));
		}
		return "members";
	}

	/**
	 * The member form; {@code action} is the button pressed: save, add, remove-N or pick.
	 */
	record MemberForm(String firstName, String lastName, String jobTitle, String phone, String email,
			List<String> notifications, String status, List<String> roleKey, List<String> roleUnit, String newRole,
			String newUnit, String action, String version, String otp) {

		static MemberForm of(MemberView m, String etag) {
			return new MemberForm(m.firstName(), m.lastName(), m.jobTitle(), m.phone(), m.email(), m.notifications(),
					m.status(), List.of(), List.of(), "", "", null, etag, null);
		}

		public List<String> notificationKeys() {
			return (this.notifications == null) ? List.of() : this.notifications;
		}

	}

	@GetMapping("/organisations/{org}/members/{id}")
	String member(@PathVariable String org, @PathVariable String id, SignedIn me, Model model) {
		AmendingMember.Found found = this.amending.read(org, id, me);
		MemberView m = found.member();
		RoleRows rows = RoleRows.of(m.roles().stream().map((r) -> new RoleAt(r.role(), r.unitId())).toList());
		return render(org, id, me, MemberForm.of(m, found.etag()), rows, FormErrors.none(), null, model);
	}

	@PostMapping("/organisations/{org}/members/{id}")
	String save(@PathVariable String org, @PathVariable String id, MemberForm form, SignedIn signedIn, Model model,
			RedirectAttributes redirect, jakarta.servlet.http.HttpSession session) {
		SignedIn me = signedIn;
		RoleChoices choices = choices(org, me);
		RoleRows rows = RoleRows.read(form.roleKey(), form.roleUnit(), form.newRole(), form.newUnit());
		if (form.action() != null && !"save".equals(form.action())) {
			return render(org, id, me, form, rows.act(form.action(), choices), FormErrors.none(), null, model);
		}
		rows = rows.addPicked(choices, false);
		if (!rows.errors().isEmpty()) {
			return render(org, id, me, form, rows, FormErrors.none(), null, model);
		}
		// A code typed with the change proves a second factor for step-up (and for the
		// next 15 minutes of this session).
		try {
			me = PageSecondFactor.withCode(this.stepUp, signedIn, form.otp(), session);
		}
		catch (Failure ex) {
			return render(org, id, signedIn, form, rows, FormErrors.from(ex, MemberPages::field), null, model);
		}
		AmendingMember.Found before = this.amending.read(org, id, me);
		boolean invited = "invited".equals(before.member().status());
		AmendingMember.Found after;
		try {
			after = this.amending.amend(org, id, form.version(),
					new AmendingMember.Changes(form.firstName(), form.lastName(), form.jobTitle(), form.phone(),
							form.email(), form.notificationKeys(), invited ? null : form.status(),
							rows.rows().stream().map((r) -> new RoleRequest(r.role(), r.unitId())).toList()),
					Acting.of(me, Via.PAGE), me);
		}
		catch (Failure ex) {
			if (ex.kind() == Failure.Kind.NOT_FOUND) {
				throw ex;
			}
			if ("stale_version".equals(ex.code())) {
				// Someone saved first: show what they saved, keep what this person typed,
				// and let them save again knowingly (with the version they have now
				// seen).
				AmendingMember.Found current = this.amending.read(org, id, me);
				MemberForm kept = new MemberForm(form.firstName(), form.lastName(), form.jobTitle(), form.phone(),
						form.email(), form.notificationKeys(), form.status(), form.roleKey(), form.roleUnit(),
						form.newRole(), form.newUnit(), null, current.etag(), null);
				return render(org, id, me, kept, rows, FormErrors.of("saved-by-someone-else",
						"Someone else changed this member while you were editing. Your changes have not been saved: "
								+ "check what they saved, then save yours again"),
						current.member(), model);
			}
			return render(org, id, me, form, rows, FormErrors.from(ex, MemberPages::field), null, model);
		}
		String notice = "Changes to " + after.member().firstName() + " " + after.member().lastName() + " were saved";
		if (after.member().pendingEmail() != null && form.email() != null
				&& after.member().pendingEmail().equalsIgnoreCase(form.email().strip())
				&& !before.member().email().equalsIgnoreCase(form.email().strip())) {
			notice += ". A link to confirm the new email address was sent to " + after.member().pendingEmail();
		}
		redirect.addFlashAttribute("notice", notice);
		return "redirect:/organisations/" + org + "/members/" + id;
	}

	static String field(String apiField) {
		if (apiField.startsWith("notifications")) {
			return "notifications";
		}
		return switch (apiField) {
			case "firstName", "lastName", "jobTitle", "phone", "email", "status" -> apiField;
			case "email_taken" -> "email";
			case "precondition_required" -> "saved-by-someone-else";
			case "last_administrator" -> "status";
			case "step_up_required", "mfa_invalid", "rate_limited", "otp" -> "otp";
			default -> "roles";
		};
	}

	@GetMapping("/organisations/{org}/members/{id}/remove")
	String confirmRemove(@PathVariable String org, @PathVariable String id, SignedIn me, Model model) {
		model.addAttribute("organisation", organisation(org));
		model.addAttribute("member", this.amending.read(org, id, me).member());
		model.addAttribute("errors", FormErrors.none());
		return "member-remove";
	}

	@PostMapping("/organisations/{org}/members/{id}/remove")
	String remove(@PathVariable String org, @PathVariable String id, SignedIn me, Model model,
			RedirectAttributes redirect) {
		MemberView member = this.amending.read(org, id, me).member();
		try {
			this.amending.remove(org, id, Acting.of(me, Via.PAGE), me);
		}
		catch (Failure ex) {
			if (ex.kind() == Failure.Kind.NOT_FOUND) {
				throw ex;
			}
			model.addAttribute("organisation", organisation(org));
			model.addAttribute("member", member);
			model.addAttribute("errors", FormErrors.from(ex, (field) -> "remove"));
			return "member-remove";
		}
		redirect.addFlashAttribute("notice",
				member.firstName() + " " + member.lastName() + " (" + member.email() + ") is no longer a member");
		return "redirect:/organisations/" + org + "/members";
	}

	private String render(String org, String id, SignedIn me, MemberForm form, RoleRows rows, FormErrors errors,
			MemberView theirs, Model model) {
		AccessSnapshot snapshot = this.access.require(org, me);
		AmendingMember.Found found = this.amending.read(org, id, me);
		Actor actor = new Actor(me.accountId(), me.operator());
		boolean self = me.accountId().equals(id);
		Decision change = AccessPolicy.decide(new AccessRequest.ChangeMember(actor, id, AccessRequest.Change.DETAILS),
				snapshot);
		Decision remove = AccessPolicy.decide(new AccessRequest.ChangeMember(actor, id, AccessRequest.Change.REMOVE),
				snapshot);
		model.addAttribute("organisation", organisation(org));
		model.addAttribute("member", found.member());
		model.addAttribute("theirs", theirs);
		model.addAttribute("self", self);
		model.addAttribute("mayChange", !self && change.allowed());
		model.addAttribute("whyNot", self ? null : (change.denied() ? change.reason() : null));
		model.addAttribute("mayRemove", !self && remove.allowed());
		model.addAttribute("form", form);
		model.addAttribute("roles", rows);
		model.addAttribute("choices", choices(org, me));
		model.addAttribute("notificationOptions", notificationLabels());
		model.addAttribute("errors", errors.and(rows.errors()));
		model.addAttribute("mayResetFactors", !self && change.allowed() && this.factors.hasFactor(id));
		return "member";
	}

	/** A label for each notification, as the member page lists them. */
	static List<String[]> notificationLabels() {
		List<String[]> labels = new ArrayList<>();
		labels.add(new String[] { "invitation-accepted", "Someone they invited accepts" });
		labels.add(new String[] { "access-changed", "Their roles or status change" });
		labels.add(new String[] { "import-finished", "An import they started finishes" });
		labels.add(new String[] { "approval-requested", "An approval is requested from them" });
		return labels;
	}

	private RoleChoices choices(String org, SignedIn me) {
		return RoleChoices.of(me, this.access.require(org, me), this.units.tree(org));
	}

	private org.staffroom.organisations.Organisation organisation(String org) {
		return this.organisations.find(org).orElseThrow(() -> Failure.notFound("That organisation"));
	}

}
