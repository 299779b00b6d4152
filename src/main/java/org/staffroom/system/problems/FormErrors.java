package org.staffroom.system.problems;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The errors of one form as a page shows them: each next to its field and, in the same
 * order, in the GOV.UK error summary, whose links point at the fields' ids.
 */
public final class FormErrors {

	private static final FormErrors NONE = new FormErrors(List.of());

	private final List<FieldError> items;

	private FormErrors(List<FieldError> items) {
		this.items = List.copyOf(items);
	}

	public static FormErrors none() {
		return NONE;
	}

	public static FormErrors of(String field, String message) {
		return new FormErrors(List.of(new FieldError(field, "invalid", message)));
	}

	/**
	 * The problem's errors on the page's fields. {@code fieldIds} maps an API field name
	 * (for validation errors) or a problem code (for any other problem) to the id of the
	 * field to show it at.
	 */
	public static FormErrors from(Failure problem, UnaryOperator<String> fieldIds) {
		List<FieldError> items = new ArrayList<>();
		if (problem.errors().isEmpty()) {
			items.add(new FieldError(fieldIds.apply(problem.code()), problem.code(), problem.getMessage()));
		}
		for (FieldError e : problem.errors()) {
			String id = fieldIds.apply(e.field());
			if (items.stream().noneMatch((x) -> x.field().equals(id))) {
				items.add(new FieldError(id, e.code(), e.message()));
			}
		}
		return new FormErrors(items);
	}

	public FormErrors plus(String field, String message) {
		List<FieldError> items = new ArrayList<>(this.items);
		if (!has(field)) {
			items.add(new FieldError(field, "invalid", message));
		}
		return new FormErrors(items);
	}

	/** These errors, then the other's on fields that have none yet. */
	public FormErrors and(FormErrors other) {
		List<FieldError> items = new ArrayList<>(this.items);
		other.items.stream().filter((e) -> !has(e.field())).forEach(items::add);
		return new FormErrors(items);
	}

	public boolean has(String field) {
		return this.items.stream().anyMatch((e) -> e.field().equals(field));
	}

	/** The message for the field, or null. */
	public String message(String field) {
		return this.items.stream()
			.filter((e) -> e.field().equals(field))
			.map(FieldError::message)
			.findFirst()
			.orElse(null);
	}

	/**
	 * The value of aria-describedby for a field with an optional hint: its hint and its
	 * error, or null.
	 */
	public String describedBy(String field, boolean hint) {
		String ids = ((hint ? field + "-hint " : "") + (has(field) ? field + "-error" : "")).strip();
		return ids.isEmpty() ? null : ids;
	}

	public boolean isEmpty() {
		return this.items.isEmpty();
	}

	public List<FieldError> items() {
		return this.items;
	}

}
