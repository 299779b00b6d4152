package org.staffroom.members;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.staffroom.accounts.Account;
import org.staffroom.accounts.EmailAddress;
import org.staffroom.accounts.Notification;
import org.staffroom.system.problems.FieldErrors;

/**
 * An account's contact details and preferences after a requested change: each field as
 * sent, or as the account has it when the request leaves it out. Shared by amending a
 * member and "edit my account", which accept the same fields with the same rules.
 *
 * @param email the new address asked for, or null when none was (it changes only once
 * confirmed)
 */
record ContactDetails(String firstName, String lastName, String jobTitle, String phone, Set<Notification> notifications,
		EmailAddress email) {

	/**
	 * Reads the requested fields over the account's, adding every problem to
	 * {@code errors}.
	 */
	static ContactDetails read(Account account, String firstName, String lastName, String jobTitle, String phone,
			List<String> notifications, String email, FieldErrors errors) {
		String first = (firstName == null) ? account.firstName()
				: errors.text("firstName", firstName, FieldErrors.MAX_NAME, true);
		String last = (lastName == null) ? account.lastName()
				: errors.text("lastName", lastName, FieldErrors.MAX_NAME, true);
		String title = (jobTitle == null) ? account.jobTitle()
				: errors.text("jobTitle", jobTitle, FieldErrors.MAX_NAME, false);
		String number = (phone == null) ? account.phone() : phone(phone, errors);
		Set<Notification> wanted = (notifications == null) ? account.notifications()
				: notifications(notifications, errors);
		EmailAddress address = null;
		if (email != null) {
			address = EmailAddress.parse(email).orElse(null);
			if (address == null) {
				errors.add("email", "invalid_email",
						"Enter an email address in the correct format, like name@example.org");
			}
		}
		return new ContactDetails(first, last, title, number, wanted, address);
	}

	/** Whether the details or preferences differ from the account's (the email aside). */
	boolean differFrom(Account account) {
		return !Objects.equals(this.firstName, account.firstName())
				|| !Objects.equals(this.lastName, account.lastName())
				|| !Objects.equals(this.jobTitle, account.jobTitle()) || !Objects.equals(this.phone, account.phone())
				|| !this.notifications.equals(account.notifications());
	}

	/** Whether a different address (even only in capitals) was asked for. */
	boolean changesEmail(Account account) {
		return this.email != null && !this.email.display().equals(account.email());
	}

	/** The fields that matter, as the audit log records them before and after. */
	private static String phone(String raw, FieldErrors errors) {
		String phone = raw.strip();
		if (phone.isEmpty()) {
			return null;
		}
		if (phone.length() > 50 || !phone.matches("[0-9+()\\-. ]+")) {
			errors.add("phone", "invalid_phone", "Enter a phone number using digits, spaces and + ( ) - . only");
		}
		return phone;
	}

	private static Set<Notification> notifications(List<String> keys, FieldErrors errors) {
		Set<Notification> set = new LinkedHashSet<>();
		for (int i = 0; i < keys.size(); i++) {
			String key = keys.get(i);
			var n = Notification.fromKey(key);
			if (n.isEmpty()) {
				errors.add("notifications[" + i + "]", "unknown_notification", "Unknown notification " + key
						+ "; choose from " + Arrays.stream(Notification.values()).map(Notification::key).toList());
			}
			else {
				set.add(n.get());
			}
		}
		return set;
	}

}
