package org.staffroom.imports;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Actor;
import org.staffroom.access.Assignment;
import org.staffroom.access.Decision;
import org.staffroom.access.Permission;
import org.staffroom.access.RoleAt;
import org.staffroom.access.UnitType;
import org.staffroom.accounts.Account;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.EmailAddress;
import org.staffroom.accounts.Memberships;
import org.staffroom.grants.RoleAssignments;
import org.staffroom.grants.Snapshots;
import org.staffroom.invitations.InvitingStaff;
import org.staffroom.organisations.Unit;
import org.staffroom.organisations.Units;
import org.staffroom.results.Pupil;
import org.staffroom.results.Pupils;
import org.staffroom.system.security.Acting;
import org.staffroom.system.events.AuditEvent;
import org.staffroom.system.events.AuditEvents;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.security.SecretTokens;

/**
 * Importing a OneRoster 1.1 or 1.2 CSV package: orgs become schools, classes (with a year from
 * their grade) become classes, staff are invited with mapped roles, students become pupils. The
 * mapping is in the README ("OneRoster packages").
 *
 * <p>{@link #run} first checks the whole package, as if the importing person entered every row by
 * hand (the engine decides each role, each unit and each pupil), and gathers every problem; then,
 * for a real run without problems (or with partial=true), applies it in the caller's transaction:
 * each table's new rows in bulk ({@code system.BulkInsert}: COPY on PostgreSQL, batched INSERTs on
 * H2). An organisation without pupils yet has its pupils checked and written in one pass, inside a
 * savepoint that a pupil's problem rolls back; one with pupils has them checked first and written
 * after, since its writes change what the check reads.
 *
 * <p>Files are streamed. Students and enrolments, most of a roster's rows, are staged in the
 * database as they are read ({@link RosterStaging}): their duplicate and reference checks and each
 * pupil's class are found in SQL, and pupils are read back a page at a time. What stays in memory is
 * the org tree, the classes and the members of staff with their wanted roles (at most
 * {@code staffroom.imports.max-roster-staff}): the same things the organisation's access snapshot
 * holds in memory for every decision once they are imported. Also in memory: the first 100,000
 * problems ({@link ImportProblems}).
 */
@Component
public class ImportingRoster {

	/**
	 * The longest sourcedId kept (OneRoster's are usually GUIDs, 36 characters): a role an administrator
	 * holds at an org is remembered as "user:{user}:{org}", within the 255 characters it is stored in.
	 */
	static final int MAX_SOURCED_ID = 120;

	/** The longest pupil identifier (a pupil's external id). */
	static final int MAX_IDENTIFIER = 255;

	/** Above this many pupils, their check and their writes go in chunks. */
	static final int CHUNK = 2_000;

	static final Set<String> ORG_TYPES = Set.of("department", "school", "district", "local", "state", "national");

	static final Set<String> SESSION_TYPES = Set.of("gradingPeriod", "semester", "schoolYear", "term");

	/** OneRoster roles (1.1's and 1.2's) that make a member of staff. */
	static final Set<String> TEACHER = Set.of("teacher");

	static final Set<String> ADMINISTRATOR = Set.of("administrator", "principal", "siteAdministrator",
			"districtAdministrator", "systemAdministrator");

	static final Set<String> OTHER_STAFF = Set.of("aide", "counselor");

	static final Set<String> NOT_IMPORTED = Set.of("guardian", "parent", "relative", "proctor");

	static final Set<String> ENROLMENT_ROLES = Set.of("student", "teacher", "administrator", "proctor", "aide");

	private final Units units;

	private final Accounts accounts;

	private final Memberships memberships;

	private final RoleAssignments assignments;

	private final InvitingStaff inviting;

	private final Pupils pupils;

	private final Snapshots snapshots;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final PlannerStatistics statistics;

	private final RosterStaging staging;

	// Members of staff are decided together, in memory (about 0.8 KB each), unlike students and
	// enrolments: this bounds what a package can ask of the heap. A quarter of a million is more than
	// any trust or district employs.
	private final int maxStaff;

	// A nested transaction (a savepoint in the caller's): a real run's writes can be undone alone.
	private final TransactionTemplate savepoint;

	ImportingRoster(Units units, Accounts accounts, Memberships memberships, RoleAssignments assignments,
			InvitingStaff inviting, Pupils pupils, Snapshots snapshots, ApplicationEventPublisher events, Clock clock,
			PlannerStatistics statistics, RosterStaging staging, PlatformTransactionManager transactions,
			@Value("${staffroom.imports.max-roster-staff:250000}") int maxStaff) {
		this.maxStaff = maxStaff;
		this.statistics = statistics;
		this.staging = staging;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		this.units = units;
		this.accounts = accounts;
		this.memberships = memberships;
		this.assignments = assignments;
		this.inviting = inviting;
		this.pupils = pupils;
		this.snapshots = snapshots;
		this.events = events;
		this.clock = clock;
	}

	/** How the import is to run. {@code administratorRole} is headteacher or user-admin. */
	public record Options(boolean dryRun, boolean partial, String administratorRole) {
	}

	/** Progress as rows checked (and, in a real run, rows applied) of an estimated total. */
	public interface Progress {

		void report(int done, int total);

	}

	/** What the package did (or would do), and every problem found. */
	public record Outcome(List<ImportProblem> problems, Map<String, Object> counts, boolean applied,
			Map<String, Long> millis) {
	}

	/**
	 * Checks the package and, unless it is a dry run or has problems (without partial=true),
	 * applies it inside the caller's transaction; {@code snapshot} is of the organisation as locked
	 * for a real run.
	 */
	public Outcome run(OneRosterPackage pkg, AccessSnapshot snapshot, Acting actor, Options options,
			Progress progress) {
		Run run = new Run(pkg, snapshot, actor, options, progress);
		try (RosterStaging.Staged staged = this.staging.open()) {
			run.staged = staged;
			return run(run, pkg, options);
		}
	}

	private Outcome run(Run run, OneRosterPackage pkg, Options options) {
		long start = System.nanoTime();
		run.check();
		boolean apply = !options.dryRun() && pkg.version() != null
				&& (run.problems.isEmpty() || options.partial());
		if (apply && !run.anyPupils) {
			// The organisation has no pupils yet, so no pupil's decision depends on what is written:
			// units and staff are written, then pupils are checked and written in one pass over the
			// staged students (rather than one pass to check them and another to write them). A pupil with a
			// problem, in a run that is not partial, means nothing is applied: everything goes back to
			// a savepoint taken before the first write.
			apply = Boolean.TRUE.equals(this.savepoint.execute((status) -> {
				run.apply();
				long before = run.problems.found();
				run.pupils(true);
				if (!options.partial() && run.problems.found() > before) {
					status.setRollbackOnly();
					return false;
				}
				return true;
			}));
		}
		else {
			// Pupils here already: each is checked against them first, since writing changes them (an
			// identifier freed by one pupil could be taken by another), and only then written.
			run.pupils(false);
			apply = apply && (run.problems.isEmpty() || options.partial());
			if (apply) {
				run.apply();
				run.writePupils();
			}
		}
		if (pkg.version() != null) {
			run.progress.report(Math.min(run.done, run.total), run.total);
		}
		long end = System.nanoTime();
		run.counts.put("errors", run.problems.count());
		run.problems.sortForReport(java.util.Comparator
			.comparing((ImportProblem p) -> OneRosterPackage.FILES.indexOf(p.file()))
			.thenComparing((p) -> p.row() == null ? 0 : p.row()));
		// Where the time went: unzipping and parsing CSV; writing (the COPYs or batched statements,
		// with what builds their rows); and checking, the rest (references, the engine, look-ups).
		long parsing = pkg.parsingNanos();
		long writing = run.writeNanos.values().stream().mapToLong(Long::longValue).sum();
		Map<String, Long> millis = new LinkedHashMap<>();
		millis.put("parsing", parsing / 1_000_000);
		millis.put("checking", (end - start - parsing - writing) / 1_000_000);
		millis.put("writing", writing / 1_000_000);
		run.writeNanos.forEach((kind, nanos) -> millis.put(kind, nanos / 1_000_000));
		return new Outcome(run.problems, run.counts, apply, millis);
	}

	/** A org row of orgs.csv. */
	private record Org(int row, String id, String name, String type, String parent, boolean deleted) {
	}

	/** A class as the import sees it: its unit, its school's unit, whether it is a homeroom. */
	private record Clazz(String unitId, String schoolUnitId, boolean homeroom) {
	}

	/** A role a member of staff should hold, with the roster row it came from. */
	private record WantedRole(RoleAt role, String sourceId, String file, int row) {
	}

	/** A member of staff from users.csv (or, in a delta, only named by an enrolment). */
	private static final class Person {

		final String id;

		final int row;

		EmailAddress email;

		String firstName;

		String lastName;

		boolean inFile;

		boolean deleted;

		boolean invalid;

		final List<String[]> administers = new ArrayList<>(); // {org sourcedId, file, row, role sourcedId}

		final List<WantedRole> roles = new ArrayList<>();

		Person(String id, int row) {
			this.id = id;
			this.row = row;
		}

	}

	/** One import: the state of its check, then of its writes. */
	private final class Run {

		final OneRosterPackage pkg;

		final AccessSnapshot snapshot;

		AccessSnapshot planned;

		final Acting actor;

		final Actor engineActor;

		final Options options;

		final Progress progress;

		final String org;

		// The package's own list: problems found while reading its files land in it too.
		final ImportProblems problems;

		// Files that could not be read to their end: references into them are not reported again.
		final Set<String> unread = new HashSet<>();

		final Map<String, Object> counts = new LinkedHashMap<>();

		int done;

		int total;

		// Units: existing ones by sourcedId, and what the package creates or changes.
		final Map<String, Unit> unitsBySource = new HashMap<>();

		final Map<String, Unit> unitsById = new HashMap<>();

		final List<Unit> newUnits = new ArrayList<>();

		final Map<String, Unit> changedUnits = new LinkedHashMap<>();

		final Map<String, Org> orgs = new LinkedHashMap<>();

		final Map<String, String> orgUnit = new HashMap<>();

		final Set<String> sessions = new HashSet<>();

		final Map<String, List<String>> courseGrades = new HashMap<>();

		final Map<String, Clazz> classes = new HashMap<>();

		// 1.2: the roles of each user, from roles.csv: {role, org, file row, sourcedId, deleted}.
		final Map<String, List<String[]>> userRoles = new HashMap<>();

		final Map<String, Person> staff = new LinkedHashMap<>();

		// Students and enrolments, staged in the database as they are read.
		RosterStaging.Staged staged;

		int studentCount;

		// Members of staff left out, past the most a roster may have.
		int tooManyStaff;

		// 1.2: roles of staff read from roles.csv (kept in memory, at most twice the most staff).
		long staffRoles;

		int pupilChunks;

		// Roster pupils of the organisation before the import (none: nothing to look up).
		boolean anyPupils;

		final Map<String, String> memberBySource;

		final Map<String, String> sourceByMember = new HashMap<>();

		// Decided staff changes, applied by apply().
		final List<InvitingStaff.Invitee> invitees = new ArrayList<>();

		final Map<String, String> adoptions = new HashMap<>();

		final List<RoleAssignments.NewAssignment> rolesToAdd = new ArrayList<>();

		final Set<String> rolesToRevoke = new HashSet<>();

		final List<Accounts.NewAccount> renames = new ArrayList<>();

		final Set<String> removals = new HashSet<>();

		final List<AuditEvent> audit = new ArrayList<>();

		// How long each kind of write took (the statements and building their rows), in nanoseconds.
		final Map<String, Long> writeNanos = new LinkedHashMap<>();

		void wrote(String kind, long since) {
			this.writeNanos.merge(kind, System.nanoTime() - since, Long::sum);
		}

		// Pupils of a delta whose users.csv row is not in the package but who enrol in a class (staged).
		long moveCount;

		Run(OneRosterPackage pkg, AccessSnapshot snapshot, Acting actor, Options options, Progress progress) {
			this.pkg = pkg;
			this.snapshot = snapshot;
			this.planned = snapshot;
			this.actor = actor;
			this.engineActor = new Actor(actor.accountId() == null ? "" : actor.accountId(), actor.operator());
			this.options = options;
			this.progress = progress;
			this.org = snapshot.organisationId();
			this.problems = pkg.problems();
			for (Unit u : ImportingRoster.this.units.ofOrganisation(this.org)) {
				this.unitsById.put(u.id(), u);
				if (u.sourceId() != null) {
					this.unitsBySource.put(u.sourceId(), u);
				}
			}
			this.memberBySource = ImportingRoster.this.memberships.bySourceId(this.org);
			this.anyPupils = ImportingRoster.this.pupils.anyIn(this.org);
			this.memberBySource.forEach((source, account) -> this.sourceByMember.put(account, source));
			for (String key : List.of("rows", "schoolsCreated", "schoolsUpdated", "yearsCreated", "classesCreated",
					"classesUpdated", "unitsArchived", "people", "invited", "updated", "unchanged", "removed",
					"rolesAdded", "rolesRemoved", "pupilsCreated", "pupilsUpdated", "pupilsUnchanged", "pupilsRemoved",
					"skipped")) {
				this.counts.put(key, 0);
			}
		}

		void count(String key) {
			this.counts.merge(key, 1, (a, b) -> (Integer) a + (Integer) b);
		}

		void problem(OneRosterPackage.Row row, String column, String code, String message) {
			this.problems.add(row.problem(column, code, message));
		}

		long lastReport = System.nanoTime();

		void tick() {
			this.done++;
			// Each report is a small transaction of its own: about one a second is plenty for a progress bar.
			if ((this.done & 1023) == 0 && System.nanoTime() - this.lastReport > 1_000_000_000L) {
				this.lastReport = System.nanoTime();
				this.progress.report(Math.min(this.done, this.total), this.total);
			}
		}

		boolean read(String file, List<String> required, java.util.function.Consumer<OneRosterPackage.Row> each) {
			boolean read = this.pkg.rows(file, required, (row) -> {
				this.counts.merge("rows", 1, (a, b) -> (Integer) a + (Integer) b);
				tick();
				String id = row.get("sourcedId");
				if (id != null && id.length() > MAX_SOURCED_ID) {
					problem(row, "sourcedId", "too_long", "sourcedId is longer than " + MAX_SOURCED_ID + " characters");
					return;
				}
				each.accept(row);
			});
			if (!read) {
				this.unread.add(file);
			}
			return read;
		}

		/** Reports a reference to something unknown, unless its file could not be read (said once already). */
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

		/** A text of at most {@link FieldErrors#MAX_NAME} characters, else null, with a problem (if empty and required). */
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
			return value;
		}

		/** A student's identifier as a pupil's: their own, or their sourcedId. */
		String identifier(OneRosterPackage.Row row, String id) {
			return row.get("identifier") != null ? row.get("identifier") : id;
		}

		/** Whether a pupil's identifier is too long to keep, reporting it if so. */
		boolean identifierTooLong(int row, String identifier) {
			if (identifier.length() <= MAX_IDENTIFIER) {
				return false;
			}
			this.problems.add(new ImportProblem("users.csv", row, "identifier", "too_long",
					"identifier is longer than " + MAX_IDENTIFIER + " characters"));
			return true;
		}

		/**
		 * Whether the importer may change things at this unit by hand: accounts.manage at a scope
		 * containing it (the nearest unit that exists now, for one the import creates).
		 */
		boolean mayManage(String unitId) {
			if (this.actor.operator()) {
				return true;
			}
			String at = unitId;
			while (at != null && !this.snapshot.hasUnit(at)) {
				Unit u = this.unitsById.get(at);
				at = (u == null) ? null : u.parentId();
			}
			if (at == null) {
				at = this.snapshot.rootUnitId();
			}
			return AccessPolicy.decide(new AccessRequest.HoldsPermission(this.actor.accountId(),
					Permission.ACCOUNTS_MANAGE, at), this.snapshot).allowed();
		}

		void refuseUnit(OneRosterPackage.Row row, String column, String unitName) {
			problem(row, column, "out_of_scope",
					"You do not manage accounts at " + unitName + ", so you could not make this change by hand");
		}

		// ---- the check ----

		void check() {
			if (this.pkg.version() == null) {
				return;
			}
			this.total = this.pkg.estimateRows();
			this.progress.report(0, this.total);
			orgs();
			sessions();
			courses();
			classes();
			if (this.pkg.version().equals("1.2")) {
				roles();
			}
			users();
			enrolments();
			this.planned = this.snapshot.withUnits(this.newUnits.stream()
				.map((u) -> new AccessSnapshot.NewUnit(u.id(), u.parentId(), u.type(), u.name()))
				.toList());
			decideStaff();
			// The people are decided: what is left of them is in the decisions (invitees, roles to add).
			this.staff.clear();
			this.memberBySource.clear();
			this.sourceByMember.clear();
			this.total += this.studentCount * ((this.options.dryRun() || !this.anyPupils) ? 1 : 2);
		}

		private void orgs() {
			read("orgs.csv", List.of("sourcedId", "name", "type"), (row) -> {
				String id = row.get("sourcedId");
				String name = text(row, "name", true);
				String type = row.get("type");
				if (id == null) {
					problem(row, "sourcedId", "required", "sourcedId is empty");
					return;
				}
				if (this.orgs.containsKey(id)) {
					problem(row, "sourcedId", "duplicate_id", "sourcedId " + id + " is also on row " + this.orgs.get(id).row());
					return;
				}
				if (type == null || !ORG_TYPES.contains(type)) {
					problem(row, "type", "invalid_value", "type is \"" + type + "\"; it is one of " + new java.util.TreeSet<>(ORG_TYPES));
					type = null;
				}
				this.orgs.put(id, new Org(row.number(), id, name, type, row.get("parentSourcedId"), deleted(row)));
			});
			Map<String, Integer> cycleRow = new HashMap<>();
			for (Org o : this.orgs.values()) {
				// Walk up: a parent that is neither in the file nor known here is an unknown reference,
				// and coming back to an org already on the walk is a cycle.
				Set<String> walk = new java.util.LinkedHashSet<>();
				String at = o.id();
				while (at != null && walk.add(at)) {
					Org current = this.orgs.get(at);
					if (current == null) {
						break;
					}
					if (current.parent() != null && !this.orgs.containsKey(current.parent())
							&& !this.unitsBySource.containsKey(current.parent())) {
						if (current == o) {
							this.problems.add(new ImportProblem("orgs.csv", o.row(), "parentSourcedId", "unknown_reference",
									"parentSourcedId " + o.parent() + " is no org of this package or of this organisation"));
						}
						break;
					}
					at = current.parent();
				}
				if (at != null && walk.contains(at) && this.orgs.containsKey(at) && at.equals(o.id())) {
					cycleRow.put(o.id(), o.row());
				}
			}
			cycleRow.values().stream().sorted().forEach((row) -> this.problems.add(new ImportProblem("orgs.csv", row,
					"parentSourcedId", "org_cycle",
					"The org's parentSourcedId leads back to itself: the org tree has a cycle")));
			Unit root = this.unitsById.get(this.snapshot.rootUnitId());
			Map<String, Unit> schoolsByName = new HashMap<>();
			for (Unit u : this.unitsById.values()) {
				if (u.type() == UnitType.SCHOOL && u.sourceId() == null) {
					schoolsByName.putIfAbsent(u.name().strip().toLowerCase(Locale.ROOT), u);
				}
			}
			for (Org o : this.orgs.values()) {
				if (cycleRow.containsKey(o.id()) || o.type() == null) {
					continue;
				}
				if (!o.type().equals("school")) {
					if (o.parent() == null && root.sourceId() == null && !o.deleted()) {
						// The top of the package's tree is the organisation itself.
						changeUnit(new Unit(root.id(), this.org, null, root.type(), root.name(), o.id(), false), o.row());
					}
					continue;
				}
				Unit existing = this.unitsBySource.get(o.id());
				if (existing == null && o.name() != null) {
					existing = schoolsByName.remove(o.name().strip().toLowerCase(Locale.ROOT));
				}
				OneRosterPackage.Row row = null;
				if (o.deleted()) {
					if (existing != null && !existing.archived()) {
						if (!mayManage(existing.id())) {
							this.problems.add(new ImportProblem("orgs.csv", o.row(), "sourcedId", "out_of_scope",
									"You do not manage accounts at " + existing.name() + ", so you cannot archive it"));
							continue;
						}
						changeUnit(new Unit(existing.id(), this.org, existing.parentId(), UnitType.SCHOOL, existing.name(),
								o.id(), true), o.row());
						count("unitsArchived");
					}
					continue;
				}
				if (o.name() == null) {
					continue;
				}
				if (existing == null) {
					if (!mayManage(root.id())) {
						this.problems.add(new ImportProblem("orgs.csv", o.row(), "sourcedId", "out_of_scope",
								"Only someone who manages accounts for the whole organisation can add the school " + o.name()));
						continue;
					}
					Unit created = new Unit(SecretTokens.newId(), this.org, root.id(), UnitType.SCHOOL, o.name(), o.id(), false);
					addUnit(created);
					this.orgUnit.put(o.id(), created.id());
					count("schoolsCreated");
					continue;
				}
				this.orgUnit.put(o.id(), existing.id());
				if (!o.name().equals(existing.name()) || existing.archived() || !o.id().equals(existing.sourceId())) {
					if (!mayManage(existing.id())) {
						this.problems.add(new ImportProblem("orgs.csv", o.row(), "name", "out_of_scope",
								"You do not manage accounts at " + existing.name() + ", so you cannot change it"));
						continue;
					}
					changeUnit(new Unit(existing.id(), this.org, existing.parentId(), UnitType.SCHOOL, o.name(), o.id(),
							false), o.row());
					count("schoolsUpdated");
				}
			}
		}

		private void addUnit(Unit unit) {
			this.newUnits.add(unit);
			this.unitsById.put(unit.id(), unit);
			if (unit.sourceId() != null) {
				this.unitsBySource.put(unit.sourceId(), unit);
			}
		}

		private void changeUnit(Unit unit, int row) {
			this.changedUnits.put(unit.id(), unit);
			this.unitsById.put(unit.id(), unit);
			if (unit.sourceId() != null) {
				this.unitsBySource.put(unit.sourceId(), unit);
			}
		}

		/** The school unit an org sourcedId stands for: a school of this package, or one imported before. */
		private String schoolUnit(String orgId) {
			String unit = this.orgUnit.get(orgId);
			if (unit != null) {
				return unit;
			}
			Unit known = this.unitsBySource.get(orgId);
			return (known != null && known.type() == UnitType.SCHOOL) ? known.id() : null;
		}

		/** The unit an org stands for: its school, or the organisation itself for a district (and above). */
		private String orgUnitOf(String orgId) {
			String school = schoolUnit(orgId);
			if (school != null) {
				return school;
			}
			// A department belongs to the school above it; a district (and above) is the organisation.
			Set<String> walk = new HashSet<>();
			for (Org o = this.orgs.get(orgId); o != null && o.parent() != null && walk.add(o.id()); o = this.orgs.get(o.parent())) {
				String above = schoolUnit(o.parent());
				if (above != null) {
					return above;
				}
			}
			Unit known = this.unitsBySource.get(orgId);
			if (this.orgs.containsKey(orgId) || (known != null && known.type() == UnitType.ORGANISATION)) {
				return this.snapshot.rootUnitId();
			}
			return null;
		}

		private boolean knownOrg(String orgId) {
			return this.orgs.containsKey(orgId) || this.unitsBySource.containsKey(orgId);
		}

		private void sessions() {
			Map<String, Integer> parents = new HashMap<>();
			List<Object[]> parentRefs = new ArrayList<>();
			read("academicSessions.csv", List.of("sourcedId", "title", "type", "startDate", "endDate", "schoolYear"),
					(row) -> {
						String id = row.get("sourcedId");
						if (id == null) {
							problem(row, "sourcedId", "required", "sourcedId is empty");
							return;
						}
						if (!this.sessions.add(id)) {
							problem(row, "sourcedId", "duplicate_id", "sourcedId " + id + " is on an earlier row too");
						}
						String type = row.get("type");
						if (type == null || !SESSION_TYPES.contains(type)) {
							problem(row, "type", "invalid_value", "type is \"" + type + "\"; it is one of " + SESSION_TYPES);
						}
						deleted(row);
						if (row.get("parentSourcedId") != null) {
							parentRefs.add(new Object[] { row.get("parentSourcedId"), row.number() });
						}
					});
			for (Object[] ref : parentRefs) {
				if (!this.sessions.contains((String) ref[0])) {
					this.problems.add(new ImportProblem("academicSessions.csv", (Integer) ref[1], "parentSourcedId",
							"unknown_reference", "parentSourcedId " + ref[0] + " is no academic session of this package"));
				}
			}
			parents.clear();
		}

		private boolean knownSession(String id) {
			return !this.pkg.has("academicSessions.csv") || this.pkg.delta("academicSessions.csv")
					|| this.sessions.contains(id);
		}

		private void courses() {
			read("courses.csv", List.of("sourcedId", "title", "orgSourcedId"), (row) -> {
				String id = row.get("sourcedId");
				if (id == null) {
					problem(row, "sourcedId", "required", "sourcedId is empty");
					return;
				}
				if (this.courseGrades.put(id, row.list("grades")) != null) {
					problem(row, "sourcedId", "duplicate_id", "sourcedId " + id + " is on an earlier row too");
				}
				deleted(row);
				String orgId = row.get("orgSourcedId");
				if (orgId != null && !knownOrg(orgId)) {
					unknown(row, "orgSourcedId", "orgs.csv", "orgSourcedId " + orgId + " is no org of this package");
				}
				String year = row.get("schoolYearSourcedId");
				if (year != null && !knownSession(year)) {
					unknown(row, "schoolYearSourcedId", "academicSessions.csv",
							"schoolYearSourcedId " + year + " is no academic session of this package");
				}
			});
		}

		private void classes() {
			List<String> required = new ArrayList<>(List.of("sourcedId", "title", "courseSourcedId", "classType",
					"schoolSourcedId", "termSourcedIds"));
			Map<String, Unit> yearsByKey = new HashMap<>();
			for (Unit u : this.unitsById.values()) {
				if (u.type() == UnitType.YEAR) {
					yearsByKey.putIfAbsent(u.parentId() + "\n" + u.name().strip().toLowerCase(Locale.ROOT), u);
				}
			}
			read("classes.csv", required, (row) -> {
				String id = row.get("sourcedId");
				if (id == null) {
					problem(row, "sourcedId", "required", "sourcedId is empty");
					return;
				}
				if (this.classes.containsKey(id)) {
					problem(row, "sourcedId", "duplicate_id", "sourcedId " + id + " is on an earlier row too");
					return;
				}
				boolean deleted = deleted(row);
				String title = text(row, "title", true);
				String type = row.get("classType");
				if (type == null || !(type.equals("homeroom") || type.equals("scheduled"))) {
					problem(row, "classType", "invalid_value", "classType is \"" + type + "\"; it is homeroom or scheduled");
				}
				String course = row.get("courseSourcedId");
				if (course != null && this.pkg.has("courses.csv") && !this.pkg.delta("courses.csv")
						&& !this.courseGrades.containsKey(course)) {
					unknown(row, "courseSourcedId", "courses.csv", "courseSourcedId " + course + " is no course of this package");
				}
				for (String term : row.list("termSourcedIds")) {
					if (!knownSession(term)) {
						unknown(row, "termSourcedIds", "academicSessions.csv", "termSourcedIds names " + term
								+ ", which is no academic session of this package");
					}
				}
				String schoolOrg = row.get("schoolSourcedId");
				String school = (schoolOrg == null) ? null : schoolUnit(schoolOrg);
				if (school == null) {
					if (schoolOrg != null && knownOrg(schoolOrg)) {
						problem(row, "schoolSourcedId", "not_a_school", "schoolSourcedId " + schoolOrg + " is an org but no school");
					}
					else {
						unknown(row, "schoolSourcedId", "orgs.csv",
								"schoolSourcedId " + schoolOrg + " is no school of this package or of this organisation");
					}
					return;
				}
				Unit existing = this.unitsBySource.get(id);
				if (deleted) {
					if (existing != null && existing.type() == UnitType.CLASS && !existing.archived()) {
						if (!mayManage(existing.id())) {
							refuseUnit(row, "sourcedId", existing.name());
							return;
						}
						changeUnit(new Unit(existing.id(), this.org, existing.parentId(), UnitType.CLASS, existing.name(), id,
								true), row.number());
						count("unitsArchived");
					}
					return;
				}
				if (title == null) {
					return;
				}
				// The class's year group: its one grade (or its course's); several grades, or none, and
				// the class sits directly in its school.
				List<String> grades = row.list("grades");
				if (grades.isEmpty() && course != null) {
					grades = this.courseGrades.getOrDefault(course, List.of());
				}
				String parent = school;
				Set<String> distinct = new java.util.TreeSet<>(grades);
				if (distinct.size() == 1) {
					String yearName = yearName(distinct.iterator().next());
					String key = school + "\n" + yearName.toLowerCase(Locale.ROOT);
					Unit year = yearsByKey.get(key);
					if (year == null) {
						if (!mayManage(school)) {
							refuseUnit(row, "grades", this.unitsById.get(school).name());
							return;
						}
						year = new Unit(SecretTokens.newId(), this.org, school, UnitType.YEAR, yearName, null, false);
						addUnit(year);
						yearsByKey.put(key, year);
						count("yearsCreated");
					}
					parent = year.id();
				}
				if (existing == null || existing.type() != UnitType.CLASS) {
					if (!mayManage(parent)) {
						refuseUnit(row, "schoolSourcedId", this.unitsById.get(school).name());
						return;
					}
					existing = new Unit(SecretTokens.newId(), this.org, parent, UnitType.CLASS, title, id, false);
					addUnit(existing);
					count("classesCreated");
				}
				else if (!existing.name().equals(title) || !parent.equals(existing.parentId()) || existing.archived()) {
					if (!mayManage(existing.id()) || !mayManage(parent)) {
						refuseUnit(row, "sourcedId", existing.name());
						return;
					}
					existing = new Unit(existing.id(), this.org, parent, UnitType.CLASS, title, id, false);
					changeUnit(existing, row.number());
					count("classesUpdated");
				}
				this.classes.put(id, new Clazz(existing.id(), school, "homeroom".equals(type)));
			});
		}

		private void roles() {
			read("roles.csv", List.of("sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"), (row) -> {
				String user = row.get("userSourcedId");
				String role = row.get("role");
				String orgId = row.get("orgSourcedId");
				if (user == null) {
					problem(row, "userSourcedId", "required", "userSourcedId is empty");
					return;
				}
				if (role == null || !(TEACHER.contains(role) || ADMINISTRATOR.contains(role) || OTHER_STAFF.contains(role)
						|| NOT_IMPORTED.contains(role) || role.equals("student"))) {
					problem(row, "role", "unknown_role", "role is \"" + role + "\", which is no OneRoster 1.2 role");
					return;
				}
				if (orgId == null || !knownOrg(orgId)) {
					unknown(row, "orgSourcedId", "orgs.csv", "orgSourcedId " + orgId + " is no org of this package");
					return;
				}
				boolean deleted = deleted(row);
				if (!(TEACHER.contains(role) || ADMINISTRATOR.contains(role) || OTHER_STAFF.contains(role))) {
					// Students' and guardians' roles, as many as there are pupils and families: staged.
					this.staged.role(user, role.equals("student"));
					return;
				}
				if (++this.staffRoles > 2L * ImportingRoster.this.maxStaff) {
					if (this.staffRoles == 2L * ImportingRoster.this.maxStaff + 1) {
						problem(row, "sourcedId", "too_many_staff", "A roster has at most " + ImportingRoster.this.maxStaff
								+ " members of staff; this one has more roles of staff than they could hold, and they are"
								+ " left out from this row on");
					}
					return;
				}
				this.userRoles.computeIfAbsent(user, (k) -> new ArrayList<>(1)).add(new String[] { role, orgId,
						Integer.toString(row.number()), row.get("sourcedId"), Boolean.toString(deleted) });
			});
			this.staged.rolesRead();
		}

		private void users() {
			boolean v11 = this.pkg.version().equals("1.1");
			List<String> required = v11
					? List.of("sourcedId", "enabledUser", "orgSourcedIds", "role", "username", "givenName", "familyName")
					: List.of("sourcedId", "enabledUser", "username", "givenName", "familyName");
			Map<String, Integer> emailRows = new HashMap<>();
			read("users.csv", required, (row) -> {
				String id = row.get("sourcedId");
				if (id == null) {
					problem(row, "sourcedId", "required", "sourcedId is empty");
					return;
				}
				// (A student's sourcedId on an earlier row is found in SQL once all rows are staged.)
				if (this.staff.containsKey(id)) {
					problem(row, "sourcedId", "duplicate_id", "sourcedId " + id + " is on an earlier row too");
					return;
				}
				boolean deleted = deleted(row);
				// The user's roles: 1.1 has one in users.csv; 1.2 lists them in roles.csv.
				List<String[]> roles = new ArrayList<>();
				if (v11 || (!this.pkg.has("roles.csv") && row.get("role") != null)) {
					String role = row.get("role");
					if (role == null || !(TEACHER.contains(role) || ADMINISTRATOR.contains(role) || OTHER_STAFF.contains(role)
							|| NOT_IMPORTED.contains(role) || role.equals("student"))) {
						problem(row, "role", "unknown_role", "role is \"" + role + "\", which is no OneRoster role");
						return;
					}
					List<String> orgIds = row.list("orgSourcedIds");
					for (String orgId : orgIds) {
						if (!knownOrg(orgId)) {
							unknown(row, "orgSourcedIds", "orgs.csv", "orgSourcedIds names " + orgId
									+ ", which is no org of this package");
						}
						roles.add(new String[] { role, orgId, Integer.toString(row.number()), "user:" + id + ":" + orgId, "false" });
					}
					if (orgIds.isEmpty()) {
						roles.add(new String[] { role, null, Integer.toString(row.number()), null, "false" });
					}
				}
				else {
					// roles.csv's staff roles are here; its other rows are staged, so a user with no active staff
					// role is staged too, and SQL decides once everything is read whether they are a student.
					List<String[]> staffRoles = this.userRoles.getOrDefault(id, List.of());
					boolean staffNow = staffRoles.stream().anyMatch((r) -> deleted || !"true".equals(r[4]));
					if (!staffNow && !(deleted && this.memberBySource.containsKey(id))) {
						this.staged.pendingUser(row.number(), id, deleted, row.get("givenName"), row.get("familyName"),
								identifier(row, id), !staffRoles.isEmpty());
						this.studentCount++;
						return;
					}
					roles.addAll(staffRoles);
				}
				// A user leaving may have had their roles ended too: then what they were here decides.
				boolean isStaff = roles.stream().anyMatch((r) -> (deleted || !"true".equals(r[4]))
						&& (TEACHER.contains(r[0]) || ADMINISTRATOR.contains(r[0]) || OTHER_STAFF.contains(r[0])));
				boolean isStudent = !isStaff && roles.stream().anyMatch((r) -> r[0].equals("student"));
				if (deleted && !isStaff && !isStudent) {
					isStaff = this.memberBySource.containsKey(id);
					isStudent = !isStaff;
				}
				if (!isStaff && !isStudent) {
					count("skipped");
					return;
				}
				String first = text(row, "givenName", !deleted);
				String last = text(row, "familyName", !deleted);
				if (isStudent) {
					String external = identifier(row, id);
					boolean invalid = identifierTooLong(row.number(), external) || (!deleted && (first == null || last == null));
					this.staged.user(row.number(), id, true, deleted, invalid, row.get("givenName"), row.get("familyName"),
							external);
					this.studentCount++;
					return;
				}
				if (this.staff.size() >= ImportingRoster.this.maxStaff) {
					if (this.tooManyStaff++ == 0) {
						problem(row, "sourcedId", "too_many_staff", "A roster has at most " + ImportingRoster.this.maxStaff
								+ " members of staff; this one has more, and they are left out from this row on");
					}
					return;
				}
				Person p = new Person(id, row.number());
				p.inFile = true;
				p.deleted = deleted;
				p.firstName = first;
				p.lastName = last;
				p.invalid = !deleted && (first == null || last == null);
				String rawEmail = row.get("email") != null ? row.get("email")
						: (row.get("username") != null && row.get("username").contains("@") ? row.get("username") : null);
				p.email = EmailAddress.parse(rawEmail).orElse(null);
				if (!deleted) {
					if (rawEmail == null) {
						problem(row, "email", "required", "A member of staff needs an email address (email, or a username that is one)");
						p.invalid = true;
					}
					else if (p.email == null) {
						problem(row, "email", "invalid_email", "\"" + rawEmail + "\" is not an email address");
						p.invalid = true;
					}
					else {
						Integer earlier = emailRows.putIfAbsent(p.email.key(), row.number());
						if (earlier != null) {
							problem(row, "email", "duplicate_email", p.email.display() + " is also on row " + earlier
									+ "; one address is one person");
							p.invalid = true;
						}
					}
				}
				for (String[] r : roles) {
					if (ADMINISTRATOR.contains(r[0]) && !"true".equals(r[4])) {
						p.administers.add(new String[] { r[1], v11 ? "users.csv" : "roles.csv", r[2], r[3] });
					}
				}
				this.staff.put(id, p);
				this.staged.user(row.number(), id, false, deleted, false, null, null, null);
			});
			this.userRoles.clear();
			this.staged.usersRead();
			// 1.2: users with no staff role are students if roles.csv says so; the rest are left out.
			this.staged.pendingUsers((notStudent) -> {
				this.studentCount--;
				if (notStudent.anyRole()) {
					count("skipped");
				}
				else {
					this.problems.add(new ImportProblem("users.csv", notStudent.row(), "sourcedId", "unknown_role",
							"No row of roles.csv gives this user a role"));
				}
			}, (pupil) -> {
				text("users.csv", pupil.row(), "givenName", pupil.firstName(), true);
				text("users.csv", pupil.row(), "familyName", pupil.lastName(), true);
				identifierTooLong(pupil.row(), pupil.externalId());
			}, FieldErrors.MAX_NAME, MAX_IDENTIFIER);
			// A sourcedId on an earlier row too: the later row is refused (a member of staff's is forgotten).
			this.staged.laterUsers((later) -> {
				this.problems.add(new ImportProblem("users.csv", later.row(), "sourcedId", "duplicate_id",
						"sourcedId " + later.sourceId() + " is on an earlier row too"));
				if (!later.student() && this.staff.containsKey(later.sourceId())
						&& this.staff.get(later.sourceId()).row == later.row()) {
					this.staff.remove(later.sourceId());
				}
			});
			// A student's identifier on an earlier student's row too (rows refused above aside).
			this.staged.sharedIdentifiers((shared) -> this.problems.add(new ImportProblem("users.csv", shared.row(),
					"identifier", "duplicate_identifier",
					"identifier " + shared.externalId() + " is also on row " + shared.firstRow())));
		}

		private void enrolments() {
			read("enrollments.csv", List.of("sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"),
					(row) -> {
						String id = row.get("sourcedId");
						if (id == null) {
							problem(row, "sourcedId", "required", "sourcedId is empty");
							return;
						}
						String[] student = enrolment(row, id);
						this.staged.enrolment(row.number(), id, student == null ? null : student[0],
								student == null ? null : student[1], student == null ? null : Boolean.valueOf(student[2]));
					});
			this.staged.enrolmentsRead();
			this.staged.laterEnrolments((later) -> this.problems.add(new ImportProblem("enrollments.csv", later.row(),
					"sourcedId", "duplicate_id", "sourcedId " + later.sourceId() + " is also on row " + later.firstRow())));
			// In a delta, a pupil imported before may enrol without their users.csv row.
			List<RosterStaging.Staged.UnknownStudent> chunk = new ArrayList<>();
			this.staged.unknownStudents((unknown) -> {
				chunk.add(unknown);
				if (chunk.size() == CHUNK) {
					unknownStudents(chunk);
					chunk.clear();
				}
			});
			unknownStudents(chunk);
		}

		/**
		 * Checks a row of enrollments.csv; a teacher's becomes a wanted role. Returns what is staged of an
		 * active student enrolment in a known class ({student sourcedId, class sourcedId, homeroom}), else null.
		 */
		private String[] enrolment(OneRosterPackage.Row row, String id) {
			boolean deleted = deleted(row);
			String role = row.get("role");
			String classId = row.get("classSourcedId");
			String userId = row.get("userSourcedId");
			Clazz clazz = this.classes.get(classId);
			if (clazz == null) {
				Unit known = this.unitsBySource.get(classId);
				if (known != null && known.type() == UnitType.CLASS) {
					clazz = new Clazz(known.id(), this.planned.schoolOf(known.id()).orElse(null), false);
				}
			}
			if (clazz == null) {
				if (!deleted) {
					unknown(row, "classSourcedId", "classes.csv", "classSourcedId " + classId
							+ " is no class of this package or of this organisation");
				}
				return null;
			}
			String schoolOrg = row.get("schoolSourcedId");
			if (schoolOrg != null && !knownOrg(schoolOrg)) {
				unknown(row, "schoolSourcedId", "orgs.csv", "schoolSourcedId " + schoolOrg + " is no org of this package");
			}
			if (role == null || !ENROLMENT_ROLES.contains(role)) {
				problem(row, "role", "unknown_role", "role is \"" + role + "\"; an enrolment is of a student, "
						+ "teacher, administrator, proctor or aide");
				return null;
			}
			if (userId == null) {
				problem(row, "userSourcedId", "required", "userSourcedId is empty");
				return null;
			}
			if (role.equals("student")) {
				// Whether they are a student of users.csv, and which of their classes is theirs, is found
				// in SQL once every row is staged.
				return deleted ? null : new String[] { userId, classId, Boolean.toString(clazz.homeroom()) };
			}
			if (!role.equals("teacher")) {
				return null;
			}
			Person p = this.staff.get(userId);
			if (p == null) {
				String account = this.memberBySource.get(userId);
				if (account == null) {
					if (!deleted) {
						unknown(row, "userSourcedId", "users.csv",
								"userSourcedId " + userId + " is no member of staff of this package or of this organisation");
					}
					return null;
				}
				p = new Person(userId, row.number());
				this.staff.put(userId, p);
			}
			if (deleted) {
				this.rolesToRevoke.add(id);
				return null;
			}
			p.roles.add(new WantedRole(new RoleAt("teacher", clazz.unitId()), id, "enrollments.csv", row.number()));
			return null;
		}

		/** Student enrolments of people who are no student of users.csv: pupils imported before move, others are unknown. */
		private void unknownStudents(List<RosterStaging.Staged.UnknownStudent> chunk) {
			if (chunk.isEmpty()) {
				return;
			}
			Map<String, Pupil> found = ImportingRoster.this.pupils.bySourceIds(this.org,
					chunk.stream().map(RosterStaging.Staged.UnknownStudent::studentSource).toList());
			List<String[]> moves = new ArrayList<>();
			for (RosterStaging.Staged.UnknownStudent unknown : chunk) {
				String id = unknown.studentSource();
				if (found.containsKey(id)) {
					moves.add(new String[] { id, unknown.firstClass() });
					continue;
				}
				for (int row : this.unread.contains("users.csv") ? List.<Integer>of() : unknown.rows()) {
					this.problems.add(new ImportProblem("enrollments.csv", row, "userSourcedId", "unknown_reference",
							"userSourcedId " + id + " is no user of this package or of this organisation"));
				}
			}
			this.staged.moves(moves);
			this.moveCount += moves.size();
		}

		/** Decides every member of staff: invite, add or revoke roles, adopt, rename or remove. */
		private void decideStaff() {
			List<String> keys = new ArrayList<>();
			for (Person p : this.staff.values()) {
				if (p.email != null) {
					keys.add(p.email.key());
				}
			}
			Map<String, Account> byEmail = ImportingRoster.this.accounts.findByEmailKeys(keys);
			Map<String, String> assignmentBySource = ImportingRoster.this.assignments.bySourceId(this.org);
			Map<String, Account> sourcedAccounts = new HashMap<>();
			List<String> sourcedIds = new ArrayList<>();
			for (Person p : this.staff.values()) {
				String account = this.memberBySource.get(p.id);
				if (account != null && p.inFile) {
					sourcedIds.add(account);
				}
			}
			for (Account a : ImportingRoster.this.accounts.findAll(sourcedIds)) {
				sourcedAccounts.put(a.id(), a);
			}
			String mapped = "user-admin".equals(this.options.administratorRole()) ? "user-admin" : "headteacher";
			Set<String> wantedSources = new HashSet<>();
			for (Person p : this.staff.values()) {
				this.counts.merge("people", 1, (a, b) -> (Integer) a + (Integer) b);
				String accountId = this.memberBySource.get(p.id);
				if (p.deleted) {
					if (accountId != null && this.snapshot.isMember(accountId)) {
						remove(p, accountId);
					}
					continue;
				}
				// Administrators: the mapped role at their schools; at a district (the organisation) the
				// same powers where they fit: user-admin, or org-overview for headteacher.
				for (String[] adm : p.administers) {
					String unit = (adm[0] == null) ? null : orgUnitOf(adm[0]);
					if (unit == null) {
						continue;
					}
					boolean school = this.planned.unitType(unit).orElse(null) == UnitType.SCHOOL;
					String role = school ? mapped : (mapped.equals("user-admin") ? "user-admin" : "org-overview");
					String source = adm[3] != null ? adm[3] : "user:" + p.id + ":" + adm[0];
					p.roles.add(new WantedRole(new RoleAt(role, unit), source, adm[1], Integer.parseInt(adm[2])));
				}
				p.roles.forEach((r) -> wantedSources.add(r.sourceId()));
				if (p.invalid) {
					continue;
				}
				Account existing = (accountId == null) ? null : sourcedAccounts.get(accountId);
				if (accountId == null && p.email != null) {
					existing = byEmail.get(p.email.key());
					if (existing != null && this.planned.isMember(existing.id())) {
						String otherSource = this.sourceByMember.get(existing.id());
						if (otherSource != null && !otherSource.equals(p.id)) {
							this.problems.add(new ImportProblem("users.csv", p.row, "email", "duplicate_email",
									p.email.display() + " already belongs to roster person " + otherSource + " here"));
							continue;
						}
						accountId = existing.id();
						this.adoptions.put(accountId, p.id);
					}
				}
				if (accountId != null && this.planned.isMember(accountId)) {
					decideMember(p, accountId, existing);
				}
				else {
					decideInvite(p, existing);
				}
			}
			// A delta's tobedeleted enrolments end their teacher roles; a bulk roster ends every role it
			// gave before and no longer gives.
			Set<String> revoke = new HashSet<>();
			for (String source : this.rolesToRevoke) {
				String assignment = assignmentBySource.get(source);
				if (assignment != null) {
					revoke.add(assignment);
				}
			}
			if (!this.pkg.delta("users.csv") && !this.pkg.delta("enrollments.csv") && this.pkg.has("enrollments.csv")) {
				assignmentBySource.forEach((source, assignment) -> {
					if (!wantedSources.contains(source)) {
						revoke.add(assignment);
					}
				});
			}
			this.rolesToRevoke.clear();
			for (String assignmentId : revoke) {
				Assignment a = this.planned.assignment(assignmentId).orElse(null);
				if (a == null || this.removals.contains(a.memberId())) {
					continue;
				}
				Decision d = AccessPolicy.decide(new AccessRequest.Revoke(this.engineActor, assignmentId), this.planned);
				if (d.denied()) {
					this.problems.add(new ImportProblem("enrollments.csv", null, "sourcedId", d.code(),
							"The " + a.roleKey() + " role at " + this.planned.unitName(a.unitId()).orElse("?")
									+ " is no longer in the roster, but you cannot end it: " + d.reason()));
					continue;
				}
				this.rolesToRevoke.add(assignmentId);
				count("rolesRemoved");
			}
			// A bulk users.csv is everyone: roster members missing from it leave.
			if (this.pkg.has("users.csv") && !this.pkg.delta("users.csv")) {
				this.memberBySource.forEach((source, account) -> {
					if (!this.staff.containsKey(source) && this.snapshot.isMember(account) && !this.removals.contains(account)) {
						Person gone = new Person(source, 0);
						remove(gone, account);
					}
				});
			}
		}

		private void remove(Person p, String accountId) {
			if (accountId.equals(this.actor.accountId())) {
				this.problems.add(new ImportProblem("users.csv", p.row == 0 ? null : p.row, "status", "self_grant_denied",
						"You cannot remove yourself, not even by import"));
				return;
			}
			Decision d = AccessPolicy.decide(new AccessRequest.ChangeMember(this.engineActor, accountId,
					AccessRequest.Change.REMOVE), this.snapshot);
			if (d.denied()) {
				this.problems.add(new ImportProblem("users.csv", p.row == 0 ? null : p.row, "status", d.code(),
						"Roster person " + p.id + " is to leave, but you cannot remove them: " + d.reason()));
				return;
			}
			this.removals.add(accountId);
			this.audit.add(new AuditEvent(this.org, this.actor, "member.removed", accountId, p.id, null,
					Map.of("sourcedId", p.id)));
			count("removed");
		}

		private void decideMember(Person p, String accountId, Account account) {
			if (accountId.equals(this.actor.accountId())) {
				boolean adds = p.roles.stream().anyMatch((r) -> !holds(accountId, r.role()));
				if (adds) {
					this.problems.add(new ImportProblem("users.csv", p.row, "sourcedId", "self_grant_denied",
							"You cannot change your own access, not even by import"));
				}
				else {
					count("unchanged");
				}
				return;
			}
			boolean changed = this.adoptions.containsKey(accountId);
			if (changed) {
				// Linking a member made by hand to a roster person changes them: rule 6 applies.
				Decision d = AccessPolicy.decide(new AccessRequest.ChangeMember(this.engineActor, accountId,
						AccessRequest.Change.DETAILS), this.planned);
				if (d.denied()) {
					this.problems.add(new ImportProblem("users.csv", p.row, "email", d.code(), p.email.display()
							+ " is a member here already, and you cannot change them: " + d.reason()));
					this.adoptions.remove(accountId);
					return;
				}
			}
			List<String> added = new ArrayList<>();
			Set<RoleAt> seen = new HashSet<>();
			for (WantedRole r : p.roles) {
				if (!seen.add(r.role()) || holds(accountId, r.role())) {
					continue;
				}
				Decision d = AccessPolicy.decide(new AccessRequest.Assign(this.engineActor, accountId, r.role()),
						this.planned);
				if (d.denied()) {
					refuseRole(r, d);
					continue;
				}
				this.rolesToAdd.add(new RoleAssignments.NewAssignment(SecretTokens.newId(), accountId, r.role().roleKey(),
						r.role().unitId(), r.sourceId()));
				added.add(r.role().roleKey() + "@" + r.role().unitId());
				count("rolesAdded");
			}
			if (account != null && p.inFile && p.firstName != null && p.lastName != null
					&& (!p.firstName.equals(account.firstName()) || !p.lastName.equals(account.lastName()))) {
				Decision d = AccessPolicy.decide(new AccessRequest.ChangeMember(this.engineActor, accountId,
						AccessRequest.Change.DETAILS), this.planned);
				if (d.denied()) {
					this.problems.add(new ImportProblem("users.csv", p.row, "givenName", d.code(),
							"You cannot change " + account.email() + "'s name: " + d.reason()));
				}
				else {
					this.renames.add(new Accounts.NewAccount(accountId, EmailAddress.parse(account.email()).orElseThrow(),
							p.firstName, p.lastName, account.jobTitle()));
					this.audit.add(new AuditEvent(this.org, this.actor, "member.details_changed", accountId, account.email(),
							Map.of("firstName", account.firstName(), "lastName", account.lastName()),
							Map.of("firstName", p.firstName, "lastName", p.lastName)));
					changed = true;
				}
			}
			if (!added.isEmpty()) {
				this.audit.add(new AuditEvent(this.org, this.actor, "member.roles_changed", accountId,
						account == null ? p.id : account.email(), null, Map.of("added", added)));
				changed = true;
			}
			count(changed ? "updated" : "unchanged");
		}

		private void decideInvite(Person p, Account existing) {
			if (existing != null && existing.id().equals(this.actor.accountId())) {
				this.problems.add(new ImportProblem("users.csv", p.row, "email", "self_grant_denied",
						"You cannot invite yourself, not even by import"));
				return;
			}
			if (!p.inFile) {
				return;
			}
			List<RoleAt> roles = new ArrayList<>();
			List<String> sources = new ArrayList<>();
			boolean refused = false;
			for (WantedRole r : p.roles) {
				if (roles.contains(r.role())) {
					continue;
				}
				Decision d = AccessPolicy.decide(new AccessRequest.Invite(this.engineActor, List.of(r.role())), this.planned);
				if (d.denied()) {
					refuseRole(r, d);
					refused = true;
					continue;
				}
				roles.add(r.role());
				sources.add(r.sourceId());
			}
			if (roles.isEmpty()) {
				if (refused) {
					return;
				}
				Decision d = AccessPolicy.decide(new AccessRequest.Invite(this.engineActor, List.of()), this.planned);
				if (d.denied()) {
					this.problems.add(new ImportProblem("users.csv", p.row, "sourcedId", d.code(),
							"Someone with no roles belongs to the whole organisation: " + d.reason()));
					return;
				}
			}
			this.invitees.add(new InvitingStaff.Invitee(p.email, p.firstName, p.lastName, null,
					existing == null ? null : existing.id(), p.id, roles, sources));
			count("invited");
			this.counts.merge("rolesAdded", roles.size(), (a, b) -> (Integer) a + (Integer) b);
		}

		private void refuseRole(WantedRole r, Decision d) {
			this.problems.add(new ImportProblem(r.file(), r.row(), r.file().equals("enrollments.csv") ? "classSourcedId" : "role",
					d.code(), r.role().roleKey() + " at " + this.planned.unitName(r.role().unitId()).orElse("?") + ": "
							+ d.reason()));
		}

		private boolean holds(String accountId, RoleAt role) {
			for (Assignment a : this.planned.assignmentsOf(accountId)) {
				if (a.roleKey().equals(role.roleKey()) && a.unitId().equals(role.unitId())) {
					return true;
				}
			}
			return false;
		}

		/**
		 * Students, in chunks: read back from staging with their chosen class, look up those imported
		 * before, and decide each (create, update, remove, or leave), counting and reporting problems.
		 * With {@code write}, also carries out each chunk's decisions as it goes.
		 */
		private void pupils(boolean write) {
			if (this.studentCount == 0 && this.moveCount == 0) {
				return;
			}
			List<RosterStaging.StagedPupil> chunk = new ArrayList<>(CHUNK);
			this.staged.pupils((pupil) -> {
				tick();
				chunk.add(pupil);
				if (chunk.size() == CHUNK) {
					pupilChunk(chunk, write);
					chunk.clear();
				}
			});
			if (!chunk.isEmpty()) {
				pupilChunk(chunk, write);
			}
			if (this.moveCount > 0) {
				List<String[]> moves = new ArrayList<>(CHUNK);
				this.staged.forEachMove((move) -> {
					moves.add(move);
					if (moves.size() == CHUNK) {
						movePupils(moves, write);
						moves.clear();
					}
				});
				movePupils(moves, write);
			}
			// A bulk users.csv is every pupil: roster pupils missing from it leave. (An organisation
			// that had no pupils before this import has none to leave.)
			if (!this.pkg.delta("users.csv") && this.anyPupils) {
				List<String> gone = new ArrayList<>();
				this.staged.missingPupils(this.org, (p) -> {
					if (!mayManage(p.classId())) {
						this.problems.add(new ImportProblem("users.csv", null, "sourcedId", "out_of_scope",
								"Pupil " + p.sourceId() + " is no longer in the roster, but you cannot remove them"));
						return;
					}
					gone.add(p.id());
					if (gone.size() == CHUNK) {
						removePupils(gone, write);
					}
				});
				removePupils(gone, write);
			}
		}

		/** Pupils imported before who enrol in another class without their users.csv row: {sourcedId, class sourcedId} each. */
		private void movePupils(List<String[]> moves, boolean write) {
			if (moves.isEmpty()) {
				return;
			}
			Map<String, String> classes = new HashMap<>();
			moves.forEach((move) -> classes.put(move[0], move[1]));
			Map<String, Pupil> found = ImportingRoster.this.pupils.bySourceIds(this.org, classes.keySet());
			List<Pupil> moved = new ArrayList<>();
			for (Pupil p : found.values()) {
				String classUnit = classUnit(classes.get(p.sourceId()));
				if (classUnit == null || classUnit.equals(p.classId())) {
					continue;
				}
				if (!mayManage(classUnit) || !mayManage(p.classId())) {
					this.problems.add(new ImportProblem("enrollments.csv", null, "userSourcedId", "out_of_scope",
							"You cannot move pupil " + p.sourceId() + " to that class"));
					continue;
				}
				moved.add(new Pupil(p.id(), p.organisationId(), classUnit, p.externalId(), p.firstName(), p.lastName(),
						p.sourceId(), p.version()));
			}
			this.counts.merge("pupilsUpdated", moved.size(), (a, b) -> (Integer) a + (Integer) b);
			if (write && !moved.isEmpty()) {
				long started = System.nanoTime();
				ImportingRoster.this.pupils.updateAll(this.org, moved, true);
				wrote("writingPupils", started);
			}
		}

		private void removePupils(List<String> gone, boolean write) {
			this.counts.merge("pupilsRemoved", gone.size(), (a, b) -> (Integer) a + (Integer) b);
			if (write && !gone.isEmpty()) {
				long started = System.nanoTime();
				ImportingRoster.this.pupils.removeAll(this.org, gone);
				wrote("writingPupils", started);
			}
			gone.clear();
		}

		/** The class unit a class sourcedId stands for: one of this package, or one imported before. */
		private String classUnit(String classSource) {
			if (classSource == null) {
				return null;
			}
			Clazz c = this.classes.get(classSource);
			if (c != null) {
				return c.unitId();
			}
			Unit known = this.unitsBySource.get(classSource);
			return (known != null && known.type() == UnitType.CLASS) ? known.id() : null;
		}

		private void pupilChunk(List<RosterStaging.StagedPupil> chunk, boolean write) {
			List<String> ids = chunk.stream().map(RosterStaging.StagedPupil::sourceId).toList();
			// An organisation without pupils yet (a first import) has nothing to look up.
			Map<String, Pupil> existing = this.anyPupils ? ImportingRoster.this.pupils.bySourceIds(this.org, ids) : Map.of();
			Map<String, Pupil> byExternal = this.anyPupils ? ImportingRoster.this.pupils.byExternalIds(this.org,
					chunk.stream().map(RosterStaging.StagedPupil::externalId).toList()) : Map.of();
			List<Pupil> creates = new ArrayList<>();
			List<Pupil> updates = new ArrayList<>();
			List<String> removes = new ArrayList<>();
			boolean moved = false;
			Instant now = ImportingRoster.this.clock.instant();
			for (RosterStaging.StagedPupil s : chunk) {
				String id = s.sourceId();
				int row = s.row();
				Pupil current = existing.get(id);
				if (s.deleted()) {
					if (current == null) {
						continue;
					}
					if (!mayManage(current.classId())) {
						this.problems.add(new ImportProblem("users.csv", row, "status", "out_of_scope",
								"You do not manage accounts at " + this.planned.unitName(current.classId()).orElse("?")
										+ ", so you cannot remove this pupil"));
						continue;
					}
					removes.add(current.id());
					continue;
				}
				String classUnit = classUnit(s.classSource());
				if (classUnit == null) {
					if (current != null) {
						// A delta that does not re-enrol a known pupil leaves them in their class.
						classUnit = current.classId();
					}
					else {
						this.problems.add(new ImportProblem("users.csv", row, "sourcedId", "no_class",
								"This student has no class enrolment, and a pupil belongs to one class"));
						continue;
					}
				}
				Pupil taken = byExternal.get(s.externalId());
				if (taken != null && !id.equals(taken.sourceId())) {
					this.problems.add(new ImportProblem("users.csv", row, "identifier", "duplicate_identifier",
							"Another pupil here already has the identifier " + s.externalId()));
					continue;
				}
				if (current == null) {
					if (!mayManage(classUnit)) {
						this.problems.add(new ImportProblem("users.csv", row, "sourcedId", "out_of_scope",
								"You do not manage accounts at " + this.planned.unitName(classUnit).orElse("?")
										+ ", so you cannot add this pupil"));
						continue;
					}
					creates.add(new Pupil(SecretTokens.newId(), this.org, classUnit, s.externalId(), s.firstName(),
							s.lastName(), id, 0));
					continue;
				}
				boolean same = current.classId().equals(classUnit) && current.externalId().equals(s.externalId())
						&& current.firstName().equals(s.firstName()) && current.lastName().equals(s.lastName());
				if (same) {
					count("pupilsUnchanged");
					continue;
				}
				if (!mayManage(current.classId()) || !mayManage(classUnit)) {
					this.problems.add(new ImportProblem("users.csv", row, "sourcedId", "out_of_scope",
							"You do not manage accounts at this pupil's class, so you cannot change them"));
					continue;
				}
				moved |= !current.classId().equals(classUnit);
				updates.add(new Pupil(current.id(), this.org, classUnit, s.externalId(), s.firstName(), s.lastName(), id,
						current.version()));
			}
			this.counts.merge("pupilsCreated", creates.size(), (a, b) -> (Integer) a + (Integer) b);
			this.counts.merge("pupilsUpdated", updates.size(), (a, b) -> (Integer) a + (Integer) b);
			this.counts.merge("pupilsRemoved", removes.size(), (a, b) -> (Integer) a + (Integer) b);
			if (write) {
				long started = System.nanoTime();
				ImportingRoster.this.pupils.createAll(creates, now);
				if (this.pupilChunks++ == 0 && this.studentCount > CHUNK) {
					ImportingRoster.this.statistics.refresh("pupils");
				}
				if (!updates.isEmpty()) {
					ImportingRoster.this.pupils.updateAll(this.org, updates, moved);
				}
				ImportingRoster.this.pupils.removeAll(this.org, removes);
				wrote("writingPupils", started);
			}
		}

		// ---- the writes ----

		/** Pupils, after their check: the same decisions carried out (their counts and problems are the check's). */
		void writePupils() {
			long reported = this.problems.found();
			Map<String, Object> counted = new LinkedHashMap<>(this.counts);
			pupils(true);
			this.problems.forgetAfter(reported);
			this.counts.clear();
			this.counts.putAll(counted);
		}

		void apply() {
			long started = System.nanoTime();
			Instant now = ImportingRoster.this.clock.instant();
			ImportingRoster.this.units.createAll(this.org, this.newUnits, now);
			List<Unit> changed = new ArrayList<>(this.changedUnits.values());
			changed.removeIf((u) -> this.newUnits.stream().anyMatch((n) -> n.id().equals(u.id())));
			ImportingRoster.this.units.updateAll(changed);
			for (Unit u : this.newUnits) {
				this.audit.add(new AuditEvent(this.org, this.actor, "unit.created", u.id(), u.name(), null,
						Map.of("type", u.type().key(), "parentId", u.parentId(), "sourcedId", String.valueOf(u.sourceId()))));
			}
			for (Unit u : changed) {
				this.audit.add(new AuditEvent(this.org, this.actor, u.archived() ? "unit.archived" : "unit.changed", u.id(),
						u.name(), null, Map.of("name", u.name(), "sourcedId", String.valueOf(u.sourceId()))));
			}
			ImportingRoster.this.statistics.refresh("units");
			wrote("writingUnits", started);
			long unitsDone = System.nanoTime();
			// A thousand people a batch, so that their invitation emails are never all in memory at once.
			for (int from = 0; from < this.invitees.size(); from += 1_000) {
				ImportingRoster.this.inviting.inviteAll(this.planned, this.actor,
						this.invitees.subList(from, Math.min(this.invitees.size(), from + 1_000)));
				if (from == 0 && this.invitees.size() > 1_000) {
					ImportingRoster.this.statistics.refresh("accounts", "memberships", "role_assignments", "invitations");
				}
				this.progress.report(Math.min(this.done, this.total), this.total);
			}
			if (!this.adoptions.isEmpty()) {
				ImportingRoster.this.memberships.setSourceIds(this.org, this.adoptions);
			}
			ImportingRoster.this.assignments.addAll(this.org, this.rolesToAdd, this.actor.accountId(), now);
			ImportingRoster.this.assignments.removeAll(this.rolesToRevoke);
			ImportingRoster.this.accounts.renameAll(this.renames);
			ImportingRoster.this.memberships.deleteAll(this.org, this.removals);
			Set<String> touched = new HashSet<>();
			this.rolesToAdd.forEach((a) -> touched.add(a.accountId()));
			this.rolesToRevoke.forEach((id) -> this.planned.assignment(id).ifPresent((a) -> touched.add(a.memberId())));
			touched.removeAll(this.removals);
			ImportingRoster.this.memberships.touchAll(this.org, touched);
			ImportingRoster.this.events.publishEvent(new AuditEvents(this.audit));
			ImportingRoster.this.snapshots.changed(this.org);
			// Written: the staff's decisions need not stay in memory while the pupils are written.
			this.invitees.clear();
			this.rolesToAdd.clear();
			this.renames.clear();
			this.audit.clear();
			wrote("writingStaff", unitsDone);
		}

	}

	/**
	 * A year group's name from a OneRoster grade (CEDS codes): 01 to 13 are "Year 1" to "Year 13",
	 * KG is "Reception", and any other code keeps its own name ("PK", "Other").
	 */
	static String yearName(String grade) {
		if (grade.matches("\\d{1,2}")) {
			return "Year " + Integer.parseInt(grade);
		}
		Map<String, String> names = new TreeMap<>(Map.of("KG", "Reception"));
		return names.getOrDefault(grade, grade);
	}

}
