package org.staffroom.members.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.accounts.Account;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.Memberships;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.grants.RoleAssignments;
import org.staffroom.members.EditingMyAccount;
import org.staffroom.organisations.UnitTree;
import org.staffroom.organisations.Units;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FormErrors;
import org.staffroom.system.web.PageController;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/**
 * Edit my account: own contact details and notification preferences. Roles are shown,
 * never changed here (rule 4): the page names each organisation's main account holders to
 * ask instead.
 */
@PageController
class MyAccountPage {

	private final EditingMyAccount editing;

	private final OrganisationAccess access;

	private final RoleAssignments assignments;

	private final Units units;

	private final Memberships memberships;

	private final Accounts accounts;

	MyAccountPage(EditingMyAccount editing, OrganisationAccess access, RoleAssignments assignments, Units units,
			Memberships memberships, Accounts accounts) {
		this.editing = editing;
		this.access = access;
		this.assignments = assignments;
		this.units = units;
		this.memberships = memberships;
		this.accounts = accounts;
	}

	record MyAccountForm(String firstName, String lastName, String jobTitle, String phone, String email,
			List<String> notifications) {

		public List<String> notificationKeys() {
			return (this.notifications == null) ? List.of() : this.notifications;
		}

	}

	/** One organisation of mine: my roles there, and whom to ask for more. */
	record MyPlace(String id, String name, String status, boolean mainAccountHolder, List<String> roles,
			List<Account> holders) {
	}

	@GetMapping("/my-account")
	String show(SignedIn me, Model model) {
		EditingMyAccount.Me mine = this.editing.read(me.accountId());
		return render(me, mine, new MyAccountForm(mine.firstName(), mine.lastName(), mine.jobTitle(), mine.phone(),
				mine.email(), mine.notifications()), FormErrors.none(), model);
	}

	@PostMapping("/my-account")
	String save(MyAccountForm form, SignedIn me, Model model, RedirectAttributes redirect) {
		EditingMyAccount.Me before = this.editing.read(me.accountId());
		EditingMyAccount.Me after;
		try {
			after = this.editing.edit(me.accountId(), new EditingMyAccount.Changes(form.firstName(), form.lastName(),
					form.jobTitle(), form.phone(), form.email(), form.notificationKeys(), null, null),
					Acting.of(me, Via.PAGE));
		}
		catch (Failure ex) {
			if (ex.kind() == Failure.Kind.NOT_FOUND) {
				throw ex;
			}
			return render(me, before, form, FormErrors.from(ex, (field) -> MemberPages.field(field)), model);
		}
		String notice = "Your details were saved";
		if (form.email() != null && !form.email().strip().equalsIgnoreCase(before.email())
				&& after.pendingEmail() != null) {
			notice += ". To finish changing your email address, follow the link we sent to " + after.pendingEmail();
		}
		redirect.addFlashAttribute("notice", notice);
		return "redirect:/my-account";
	}

	private String render(SignedIn me, EditingMyAccount.Me mine, MyAccountForm form, FormErrors errors, Model model) {
		List<MyPlace> places = new ArrayList<>();
		for (EditingMyAccount.MyOrganisation o : mine.organisations()) {
			List<String> roles = new ArrayList<>();
			if ("active".equals(o.status())) {
				AccessSnapshot snapshot = this.access.require(o.id(), me);
				UnitTree tree = this.units.tree(o.id());
				this.assignments.ofMember(o.id(), me.accountId())
					.forEach((a) -> roles
						.add(snapshot.catalogue().find(a.roleKey()).map((r) -> r.name()).orElse(a.roleKey()) + ", "
								+ tree.label(a.unitId())));
			}
			places.add(new MyPlace(o.id(), o.name(), o.status(), o.mainAccountHolder(), roles,
					this.memberships.mainAccountHolders(o.id(), this.accounts)));
		}
		model.addAttribute("me", mine);
		model.addAttribute("form", form);
		model.addAttribute("places", places);
		model.addAttribute("errors", errors);
		model.addAttribute("notificationOptions",
				List.of(new String[] { "invitation-accepted", "Someone I invited accepts their invitation" },
						new String[] { "access-changed", "My roles or status change" },
						new String[] { "import-finished", "An import I started finishes" },
						new String[] { "approval-requested", "Someone asks me to approve something" }));
		return "my-account";
	}

}
