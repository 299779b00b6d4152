package org.staffroom.imports;

import java.util.ArrayList;
import java.util.List;

import org.staffroom.accounts.EmailAddress;

/**
 * A member of staff of a roster, as read: from users.csv, or (in a delta) only named by
 * an enrolment. The roles they should hold are gathered from their rows and their
 * enrolments.
 * <p>
 * Partial against issue 11's "immutable records": this one stays mutable, because
 * enrolments add roles to it after users.csv is read, and the readers stream rows rather
 * than first reading the whole package into records, which would hold every row in memory
 * and undo the memory bound of issue 5.
 */
final class RosterPerson {

	/**
	 * An org a person administers, and the row that says so: the org's sourcedId, the
	 * file and row, the role's sourcedId.
	 */
	record Administers(String orgId, String file, int row, String sourceId) {
	}

	final String id;

	final int row;

	final boolean inFile;

	final boolean deleted;

	final EmailAddress email;

	final String firstName;

	final String lastName;

	boolean invalid;

	final List<Administers> administers = new ArrayList<>();

	final List<PersonRoles.Wanted> roles = new ArrayList<>();

	RosterPerson(String id, int row, boolean inFile, boolean deleted, EmailAddress email, String firstName,
			String lastName) {
		this.id = id;
		this.row = row;
		this.inFile = inFile;
		this.deleted = deleted;
		this.email = email;
		this.firstName = firstName;
		this.lastName = lastName;
	}

	/**
	 * Someone named only by sourcedId (an enrolment of a delta, or a roster member
	 * missing from users.csv).
	 */
	static RosterPerson named(String id, int row) {
		return new RosterPerson(id, row, false, false, null, null, null);
	}

}
