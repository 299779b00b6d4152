package org.staffroom.accounts;

import java.util.Set;

/** One person's account. {@code hasPassword} is false until an invitation is accepted. */
public record Account(String id, String email, String emailKey, String firstName, String lastName, String jobTitle,
		String phone, boolean operator, Set<Notification> notifications, int version, boolean hasPassword) {

	public String displayName() {
		return (this.firstName + " " + this.lastName).strip();
	}

}
