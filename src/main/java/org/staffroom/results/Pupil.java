package org.staffroom.results;

/** A pupil: a name, an external id (the school's own), and the class they belong to. */
public record Pupil(String id, String organisationId, String classId, String externalId, String firstName,
		String lastName, String sourceId, int version) {
}
