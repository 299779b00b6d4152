package org.staffroom.mail;

/** One email to send: plain text, with an optional HTML alternative. */
public record Email(String organisationId, String to, String subject, String text, String html) {
}
