package org.staffroom.system.problems;

/** One invalid field of a request, as {@code validation_failed} lists them. */
public record FieldError(String field, String code, String message) {
}
