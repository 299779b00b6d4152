package org.staffroom.imports;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Actor;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.security.Acting;

/**
 * What every step of one roster import shares: the package, the snapshot, who imports and
 * how, the problems found, the progress, and how long the writes took. Also the checks
 * that every file's rows have in common (a sourcedId's length, a status, a text's
 * length).
 */
final class RosterRun {

	final OneRosterPackage pkg;

	final AccessSnapshot snapshot;

	final Acting actor;

	final Actor engineActor;

	final ImportingRoster.Options options;

	final String org;

	// The package's own list: problems found while reading its files land in it too.
	final ImportProblems problems;

	// What the report tells without stopping the import (a pupil placed at their school
	// for want of a class): counted and listed as problems are, but never among them.
	final ImportProblems notices = new ImportProblems();

	// Files that could not be read to their end: references into them are not reported
	// again.
	final Set<String> unread = new HashSet<>();

	private final ImportingRoster.Progress progress;

	private int rows;

	private int done;

	private int total;

	private long lastReport = System.nanoTime();

	// How long each kind of write took (the statements and building their rows), in
	// nanoseconds.
	private final Map<String, Long> writeNanos = new LinkedHashMap<>();

	RosterRun(OneRosterPackage pkg, AccessSnapshot snapshot, Acting actor, ImportingRoster.Options options,
			ImportingRoster.Progress progress) {
		this.pkg = pkg;
		this.snapshot = snapshot;
		this.actor = actor;
		this.engineActor = new Actor(actor.accountId() == null ? "" : actor.accountId(), actor.operator());
		this.options = options;
		this.progress = progress;
		this.org = snapshot.organisationId();
		this.problems = pkg.problems();
	}

	/** The rows read, of every file. */
	int rows() {
		return this.rows;
	}

	void startProgress() {
		this.total = this.pkg.estimateRows();
		this.progress.report(0, this.total);
	}

	void addToTotal(int rows) {
		this.total += rows;
	}

	void reportProgress() {
		this.progress.report(Math.min(this.done, this.total), this.total);
	}

	void tick() {
		this.done++;
		// Each report is a small transaction of its own: about one a second is plenty for
		// a progress bar.
		if ((this.done & 1023) == 0 && System.nanoTime() - this.lastReport > 1_000_000_000L) {
			this.lastReport = System.nanoTime();
			reportProgress();
		}
	}

	void wrote(String kind, long since) {
		this.writeNanos.merge(kind, System.nanoTime() - since, Long::sum);
	}

	Map<String, Long> writeNanos() {
		return this.writeNanos;
	}

	/**
	 * Reads a file's rows into {@code each}, but for those whose sourcedId is too long;
	 * whether it was read to its end.
	 */
	boolean read(String file, List<String> required, Consumer<OneRosterPackage.Row> each) {
		boolean read = this.pkg.rows(file, required, (row) -> {
			this.rows++;
			tick();
			String id = row.get("sourcedId");
			if (id != null && id.length() > ImportingRoster.MAX_SOURCED_ID) {
				problem(row, "sourcedId", "too_long",
						"sourcedId is longer than " + ImportingRoster.MAX_SOURCED_ID + " characters");
				return;
			}
			each.accept(row);
		});
		if (!read) {
			this.unread.add(file);
		}
		return read;
	}

	void problem(OneRosterPackage.Row row, String column, String code, String message) {
		this.problems.add(row.problem(column, code, message));
	}

	/**
	 * Reports a reference to something unknown, unless its file could not be read (said
	 * once already).
	 */
	void unknown(OneRosterPackage.Row row, String column, String file, String message) {
		if (!this.unread.contains(file)) {
			problem(row, column, "unknown_reference", message);
		}
	}

	/** active (or blank, in a bulk file) or tobedeleted; anything else is reported. */
	boolean deleted(OneRosterPackage.Row row) {
		String status = row.get("status");
		if (status == null || status.equalsIgnoreCase("active")) {
			return false;
		}
		if (status.equalsIgnoreCase("tobedeleted")) {
			return true;
		}
		problem(row, "status", "invalid_value", "status is \"" + status + "\"; it is active or tobedeleted");
		return false;
	}

	String text(OneRosterPackage.Row row, String column, boolean required) {
		return text(row.file(), row.number(), column, row.get(column), required);
	}

	/**
	 * A text of at most {@link FieldErrors#MAX_NAME} characters, with no control
	 * characters and no lone surrogate ({@link FieldErrors#text}'s checks, as the staff
	 * CSV and the API make them), else null, with a problem (if empty and required).
	 */
	String text(String file, int row, String column, String value, boolean required) {
		if (value == null) {
			if (required) {
				this.problems.add(new ImportProblem(file, row, column, "required", column + " is empty"));
			}
			return null;
		}
		if (value.length() > FieldErrors.MAX_NAME) {
			this.problems.add(new ImportProblem(file, row, column, "too_long",
					column + " is longer than " + FieldErrors.MAX_NAME + " characters"));
			return null;
		}
		FieldErrors errors = new FieldErrors();
		errors.text(column, value, FieldErrors.MAX_NAME, required);
		if (!errors.isEmpty()) {
			errors.all().forEach((e) -> this.problems.add(new ImportProblem(file, row, column, e.code(), e.message())));
			return null;
		}
		return value;
	}

	/**
	 * Whether {@link #text} would refuse this text for its characters (a control
	 * character, a lone surrogate).
	 */
	static boolean badCharacters(String value) {
		if (value == null || value.isBlank()) {
			return false;
		}
		FieldErrors errors = new FieldErrors();
		errors.text("text", value, Integer.MAX_VALUE, false);
		return !errors.isEmpty();
	}

	/** A student's identifier as a pupil's: their own, or their sourcedId. */
	static String identifier(OneRosterPackage.Row row, String id) {
		return row.get("identifier") != null ? row.get("identifier") : id;
	}

	/** Whether a pupil's identifier is too long to keep, reporting it if so. */
	boolean identifierTooLong(int row, String identifier) {
		if (identifier.length() <= ImportingRoster.MAX_IDENTIFIER) {
			return false;
		}
		this.problems.add(new ImportProblem("users.csv", row, "identifier", "too_long",
				"identifier is longer than " + ImportingRoster.MAX_IDENTIFIER + " characters"));
		return true;
	}

}
