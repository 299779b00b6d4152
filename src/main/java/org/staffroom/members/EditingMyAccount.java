package org.staffroom.members;

import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.accounts.Account;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.ChangingEmail;
import org.staffroom.accounts.Memberships;
import org.staffroom.accounts.Notification;
import org.staffroom.organisations.Organisations;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FieldErrors;

/**
 * "Edit my account": own contact details and notification preferences. Never roles or
 * status (rule 4): asking for either is refused with self_grant_denied and changes
 * nothing.
 */
@Component
public class EditingMyAccount {

	private final Accounts accounts;

	private final Memberships memberships;

	private final Organisations organisations;

	private final ChangingEmail emailChanges;

	private final ApplicationEventPublisher events;

	EditingMyAccount(Accounts accounts, Memberships memberships, Organisations organisations,
			ChangingEmail emailChanges, ApplicationEventPublisher events) {
		this.accounts = accounts;
		this.memberships = memberships;
		this.organisations = organisations;
		this.emailChanges = emailChanges;
		this.events = events;
	}

	public record Me(String id, String email, String firstName, String lastName, String jobTitle, String phone,
			List<String> notifications, boolean operator, String pendingEmail, List<MyOrganisation> organisations) {
	}

	public record MyOrganisation(String id, String name, String status, boolean mainAccountHolder) {
	}

	public record Changes(String firstName, String lastName, String jobTitle, String phone, String email,
			List<String> notifications, Object roles, Object status) {
	}

	public Me read(String accountId) {
		Account account = this.accounts.find(accountId).orElseThrow(() -> Failure.notFound("Your account"));
		var organisations = this.organisations.findAll(this.memberships.organisationsOf(accountId))
			.stream()
			.map((o) -> {
				var m = this.memberships.find(o.id(), accountId).orElseThrow();
				return new MyOrganisation(o.id(), o.name(), m.status().key(), m.mainAccountHolder());
			})
			.toList();
		return new Me(account.id(), account.email(), account.firstName(), account.lastName(), account.jobTitle(),
				account.phone(), account.notifications().stream().map(Notification::key).sorted().toList(),
				account.operator(), this.emailChanges.pending(accountId).orElse(null), organisations);
	}

	@Transactional
	public Me edit(String accountId, Changes changes, Acting actor) {
		if (changes.roles() != null || changes.status() != null) {
			throw Failure.forbidden("self_grant_denied",
					"You cannot change your own roles or status; ask one of your organisation's main account holders");
		}
		Account account = this.accounts.find(accountId).orElseThrow(() -> Failure.notFound("Your account"));
		FieldErrors errors = new FieldErrors();
		ContactDetails details = ContactDetails.read(account, changes.firstName(), changes.lastName(),
				changes.jobTitle(), changes.phone(), changes.notifications(), changes.email(), errors);
		errors.throwIfAny();
		if (details.differFrom(account)) {
			this.accounts.updateDetails(accountId, details.firstName(), details.lastName(), details.jobTitle(),
					details.phone(), details.notifications());
			MemberDetailsChanged.Details before = MemberDetailsChanged.Details.of(account);
			MemberDetailsChanged.Details after = MemberDetailsChanged.Details
				.of(this.accounts.find(accountId).orElseThrow());
			for (String org : this.memberships.organisationsOf(accountId)) {
				this.memberships.touch(org, accountId);
				this.events
					.publishEvent(new MemberDetailsChanged(org, accountId, account.email(), before, after, actor));
			}
		}
		if (details.email() != null) {
			this.emailChanges.request(account, details.email(), actor, null);
		}
		return read(accountId);
	}

}
