package org.staffroom.audit.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Permission;
import org.staffroom.accounts.Accounts;
import org.staffroom.audit.AuditLog;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.organisations.Organisations;
import org.staffroom.organisations.UnitTree;
import org.staffroom.organisations.Units;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FormErrors;
import org.staffroom.system.web.PageController;
import org.staffroom.system.security.SignedIn;

/**
 * The audit log, newest first, filtered by who acted, whom or what it concerned, the
 * action and a range of days (UTC). It needs audit.view for the whole organisation, as
 * the API does.
 */
@PageController
class AuditPage {

	static final int PAGE_SIZE = 50;

	/** Every action the log records, with a name a person reads. */
	static final Map<String, String> ACTIONS;

	static {
		Map<String, String> a = new LinkedHashMap<>();
		a.put("organisation.created", "Organisation created");
		a.put("organisation.settings_changed", "Organisation settings changed");
		a.put("invitation.created", "Invitation sent");
		a.put("invitation.resent", "Invitation resent");
		a.put("invitation.revoked", "Invitation revoked");
		a.put("invitation.accepted", "Invitation accepted");
		a.put("member.details_changed", "Member's details changed");
		a.put("member.status_changed", "Member's status changed");
		a.put("member.roles_changed", "Member's roles changed");
		a.put("member.removed", "Member removed");
		a.put("account.email_change_requested", "Email change requested");
		a.put("account.email_changed", "Email address changed");
		a.put("unit.created", "Unit added");
		a.put("unit.renamed", "Unit renamed");
		a.put("unit.moved", "Unit moved");
		a.put("unit.archived", "Unit archived");
		a.put("unit.restored", "Unit restored");
		a.put("role.defined", "Custom role defined");
		ACTIONS = java.util.Collections.unmodifiableMap(a);
	}

	private final OrganisationAccess access;

	private final AuditLog log;

	private final Organisations organisations;

	private final Accounts accounts;

	private final Units units;

	AuditPage(OrganisationAccess access, AuditLog log, Organisations organisations, Accounts accounts, Units units) {
		this.access = access;
		this.log = log;
		this.organisations = organisations;
		this.accounts = accounts;
		this.units = units;
	}

	/** An entry as the page shows it: its changes as lines a person reads. */
	record Shown(AuditLog.Entry entry, List<String> changes) {
	}

	/**
	 * The filters as the GET form sends them; dates are three fields each, as GOV.UK date
	 * inputs are.
	 */
	record Filters(String actor, String target, String action, String fromDay, String fromMonth, String fromYear,
			String toDay, String toMonth, String toYear, Integer page) {

		public boolean any() {
			return !(blank(this.actor) && blank(this.target) && blank(this.action) && blank(this.fromDay)
					&& blank(this.fromMonth) && blank(this.fromYear) && blank(this.toDay) && blank(this.toMonth)
					&& blank(this.toYear));
		}

	}

	@GetMapping("/organisations/{org}/audit")
	String show(@PathVariable String org, Filters filters, SignedIn me, Model model) {
		AccessSnapshot snapshot = this.access.require(org, me);
		if (!me.operator() && AccessPolicy
			.decide(new AccessRequest.HoldsPermission(me.accountId(), Permission.AUDIT_VIEW, snapshot.rootUnitId()),
					snapshot)
			.denied()) {
			throw Failure.forbidden("forbidden", "Reading the audit log needs audit.view for the whole organisation");
		}
		FormErrors errors = FormErrors.none();
		LocalDate from = null;
		LocalDate to = null;
		try {
			from = date(filters.fromDay(), filters.fromMonth(), filters.fromYear());
		}
		catch (DateTimeException ex) {
			errors = errors.plus("from-day", "The ‘from’ date must be a real date, like 1 9 2026");
		}
		try {
			to = date(filters.toDay(), filters.toMonth(), filters.toYear());
		}
		catch (DateTimeException ex) {
			errors = errors.plus("to-day", "The ‘to’ date must be a real date, like 30 9 2026");
		}
		if (from != null && to != null && to.isBefore(from)) {
			errors = errors.plus("to-day", "The ‘to’ date must be the same as or after the ‘from’ date");
		}
		if (!blank(filters.action()) && !ACTIONS.containsKey(filters.action())) {
			errors = errors.plus("action", "Choose an action from the list");
		}
		int page = (filters.page() == null || filters.page() < 1) ? 1 : filters.page();
		model.addAttribute("organisation",
				this.organisations.find(org).orElseThrow(() -> Failure.notFound("That organisation")));
		model.addAttribute("filters", filters);
		model.addAttribute("actions", ACTIONS);
		model.addAttribute("errors", errors);
		if (errors.isEmpty()) {
			Instant fromInstant = (from == null) ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant();
			Instant toInstant = (to == null) ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
			AuditLog.Page found = this.log
				.find(new AuditLog.Filter(org, person(filters.actor()), person(filters.target()),
						blank(filters.action()) ? null : filters.action(), fromInstant, toInstant, page, PAGE_SIZE));
			UnitTree tree = this.units.tree(org);
			model.addAttribute("entries",
					found.entries().stream().map((e) -> new Shown(e, changes(e, snapshot, tree))).toList());
			model.addAttribute("total", found.total());
			model.addAttribute("page", page);
			model.addAttribute("pages", (int) Math.max(1, (found.total() + PAGE_SIZE - 1) / PAGE_SIZE));
		}
		return "audit";
	}

	/**
	 * What changed, one line per field: "name: Oops → Elm 7C". Unit ids become their
	 * names and "role@unit" becomes "Teacher at Oak / 7A".
	 */
	static List<String> changes(AuditLog.Entry entry, AccessSnapshot snapshot, UnitTree tree) {
		JsonNode before = (entry.before() instanceof JsonNode b) ? b : null;
		JsonNode after = (entry.after() instanceof JsonNode a) ? a : null;
		Set<String> fields = new LinkedHashSet<>();
		if (before != null) {
			before.propertyNames().forEach(fields::add);
		}
		if (after != null) {
			after.propertyNames().forEach(fields::add);
		}
		List<String> lines = new ArrayList<>();
		for (String field : fields) {
			if (field.equals("invitationId")) {
				continue;
			}
			String was = (before == null) ? null : words(before.get(field), snapshot, tree);
			String now = (after == null) ? null : words(after.get(field), snapshot, tree);
			String name = field.equals("parentId") ? "place" : field;
			if (before == null) {
				lines.add(name + ": " + now);
			}
			else if (after == null) {
				lines.add(name + " was " + was);
			}
			else if (!java.util.Objects.equals(was, now)) {
				lines.add(name + ": " + was + " → " + now);
			}
		}
		return lines;
	}

	private static String words(JsonNode value, AccessSnapshot snapshot, UnitTree tree) {
		if (value == null || value.isNull()) {
			return "none";
		}
		if (value.isArray()) {
			List<String> items = new ArrayList<>();
			value.forEach((v) -> items.add(words(v, snapshot, tree)));
			return items.isEmpty() ? "none" : String.join(", ", items);
		}
		String text = value.asString();
		int at = text.indexOf('@');
		if (at > 0 && snapshot.catalogue().find(text.substring(0, at)).isPresent()) {
			String role = snapshot.catalogue().find(text.substring(0, at)).get().name();
			return role + " at " + tree.label(text.substring(at + 1));
		}
		if (tree.find(text).isPresent()) {
			return tree.label(text);
		}
		return text;
	}

	/**
	 * An account id for an email address typed into a filter; anything else is taken as
	 * an id.
	 */
	private String person(String typed) {
		if (blank(typed)) {
			return null;
		}
		String value = typed.strip();
		if (value.contains("@")) {
			return this.accounts.findByEmail(value).map((a) -> a.id()).orElse(value);
		}
		return value;
	}

	private static LocalDate date(String day, String month, String year) {
		if (blank(day) && blank(month) && blank(year)) {
			return null;
		}
		try {
			return LocalDate.of(Integer.parseInt(year.strip()), Integer.parseInt(month.strip()),
					Integer.parseInt(day.strip()));
		}
		catch (NumberFormatException | NullPointerException ex) {
			throw new DateTimeException("not a date", ex);
		}
	}

	static boolean blank(String s) {
		return s == null || s.isBlank();
	}

}
