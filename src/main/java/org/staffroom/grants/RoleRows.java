package org.staffroom.grants;

import java.util.ArrayList;
import java.util.List;

import org.staffroom.access.RoleAt;
import org.staffroom.system.problems.FormErrors;

/**
 * The roles part of the invite and member forms, as the guide's steps have it: the rows
 * chosen so far (role at unit), and a role and place picked but not yet added with the
 * plus button. The rows travel in the form as hidden fields, so the page works without
 * JavaScript; each step re-renders the page with the rows changed and nothing typed lost.
 */
public final class RoleRows {

	/** A role at a unit, as the form carries it. */
	public record Row(String role, String unitId) {
	}

	private final List<Row> rows;

	private final String newRole;

	private final String newUnit;

	private final FormErrors errors;

	private final String announcement;

	private RoleRows(List<Row> rows, String newRole, String newUnit, FormErrors errors, String announcement) {
		this.rows = List.copyOf(rows);
		this.newRole = (newRole == null) ? "" : newRole;
		this.newUnit = (newUnit == null) ? "" : newUnit;
		this.errors = errors;
		this.announcement = announcement;
	}

	/** The rows as a form sent them: parallel lists of role keys and unit ids. */
	public static RoleRows read(List<String> roleKeys, List<String> unitIds, String newRole, String newUnit) {
		List<Row> rows = new ArrayList<>();
		if (roleKeys != null && unitIds != null) {
			for (int i = 0; i < Math.min(roleKeys.size(), unitIds.size()); i++) {
				String role = roleKeys.get(i);
				String unit = unitIds.get(i);
				if (role != null && !role.isBlank() && unit != null && !unit.isBlank()) {
					Row row = new Row(role, unit);
					if (!rows.contains(row)) {
						rows.add(row);
					}
				}
			}
		}
		return new RoleRows(rows, newRole, newUnit, FormErrors.none(), null);
	}

	/** The rows of roles a member holds now. */
	public static RoleRows of(List<RoleAt> held) {
		return new RoleRows(held.stream().map((r) -> new Row(r.roleKey(), r.unitId())).toList(), "", "",
				FormErrors.none(), null);
	}

	/**
	 * One step of the form: {@code add} adds the picked role (the plus button),
	 * {@code remove-N} removes row N; anything else changes nothing.
	 */
	public RoleRows act(String action, RoleChoices choices) {
		if ("add".equals(action)) {
			return addPicked(choices, true);
		}
		if (action != null && action.startsWith("remove-")) {
			try {
				int index = Integer.parseInt(action.substring("remove-".length()));
				if (index >= 0 && index < this.rows.size()) {
					Row gone = this.rows.get(index);
					List<Row> rest = new ArrayList<>(this.rows);
					rest.remove(index);
					return new RoleRows(rest, this.newRole, this.newUnit, FormErrors.none(),
							choices.roleName(gone.role()) + " at " + choices.unitLabel(gone.unitId()) + " removed. "
									+ count(rest.size()));
				}
			}
			catch (NumberFormatException ex) {
				// Not a row: nothing to remove.
			}
		}
		return this;
	}

	/**
	 * Adds the picked role and place as a row, if the person may give that role there;
	 * otherwise the rows stay and the reason is an error on the role or the place. With
	 * nothing picked it is an error only when {@code required}.
	 */
	public RoleRows addPicked(RoleChoices choices, boolean required) {
		if (this.newRole.isBlank()) {
			return required ? withError("newRole", "Choose a role to add") : this;
		}
		if (this.newUnit.isBlank()) {
			return withError("newUnit", "Choose where " + choices.roleName(this.newRole) + " applies");
		}
		var refusal = choices.whyNot(this.newRole, this.newUnit);
		if (refusal.isPresent()) {
			boolean placeProblem = choices.role(this.newRole).isPresent() && !choices.fits(this.newRole, this.newUnit);
			return withError(placeProblem ? "newUnit" : "newRole", refusal.get());
		}
		Row row = new Row(this.newRole, this.newUnit);
		if (this.rows.contains(row)) {
			return withError("newRole", choices.roleName(this.newRole) + " at " + choices.unitLabel(this.newUnit)
					+ " is already in the list");
		}
		List<Row> more = new ArrayList<>(this.rows);
		more.add(row);
		return new RoleRows(more, "", "", FormErrors.none(), choices.roleName(row.role()) + " at "
				+ choices.unitLabel(row.unitId()) + " added. " + count(more.size()));
	}

	private RoleRows withError(String field, String message) {
		return new RoleRows(this.rows, this.newRole, this.newUnit, FormErrors.of(field, message), null);
	}

	private static String count(int n) {
		return (n == 1) ? "1 role in the list." : n + " roles in the list.";
	}

	public List<Row> rows() {
		return this.rows;
	}

	public List<RoleAt> roles() {
		return this.rows.stream().map((r) -> new RoleAt(r.role(), r.unitId())).toList();
	}

	public String newRole() {
		return this.newRole;
	}

	public String newUnit() {
		return this.newUnit;
	}

	/** The errors of the last step, on {@code newRole} or {@code newUnit}. */
	public FormErrors errors() {
		return this.errors;
	}

	/** What the last step did, for a status message; null when it did nothing. */
	public String announcement() {
		return this.announcement;
	}

}
