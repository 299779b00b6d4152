package org.staffroom.imports;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.accounts.Account;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.Memberships;
import org.staffroom.grants.RoleAssignments;
import org.staffroom.organisations.Units;
import org.staffroom.results.Pupils;
import org.staffroom.system.security.Acting;

/**
 * Importing a OneRoster 1.1 or 1.2 CSV package: orgs become schools, classes (with a year
 * from their grade) become classes, staff are invited with mapped roles, students become
 * pupils. The mapping is in docs/imports.md ("OneRoster packages").
 *
 * <p>
 * {@link #run} first checks the whole package, as if the importing person entered every
 * row by hand (the engine decides each role, each unit and each pupil), and gathers every
 * problem; then, for a real run without problems (or with partial=true), applies it in
 * the caller's transaction: each table's new rows in bulk ({@code system.BulkInsert}:
 * COPY on PostgreSQL, batched INSERTs on H2). An organisation without pupils yet has its
 * pupils checked and written in one pass, inside a savepoint that a pupil's problem rolls
 * back; one with pupils has them checked first and written after, since its writes change
 * what the check reads.
 *
 * <p>
 * The organisation's lock is taken ({@link Lock}) only after everything is checked and
 * the new units and the pupils are written, none of which a change by hand can wait on:
 * under it go the writes that change what access decisions read (units changed, the
 * staff's invitations, roles, adoptions and removals). The lock checks that the
 * organisation is still at the version the plan was made on, so nothing decided on an
 * older one is applied (docs/imports.md, "The organisation's lock").
 *
 * <p>
 * The steps, each a class of its own: {@link RosterUnitsReader} reads orgs, sessions,
 * courses and classes into the {@link UnitPlan} ({@link PlannedUnits});
 * {@link RosterPeopleReader} and {@link RosterEnrolmentsReader} read users, roles and
 * enrolments (members of staff in memory, at most
 * {@code staffroom.imports.max-roster-staff}; students and enrolments staged in the
 * database, {@link RosterStaging}); {@link RosterStaffDecisions} decides the staff
 * ({@link PersonRoles}, shared with the staff CSV); {@link RosterWrites} writes units and
 * staff, and {@link RosterPupils} decides and writes pupils a chunk at a time. Nothing
 * per pupil is kept in memory; the first 100,000 problems are ({@link ImportProblems}).
 */
@Component
class ImportingRoster {

	/**
	 * The longest sourcedId kept (OneRoster's are usually GUIDs, 36 characters): a role
	 * an administrator holds at an org is remembered as "user:{user}:{org}", within the
	 * 255 characters it is stored in.
	 */
	static final int MAX_SOURCED_ID = 120;

	/** The longest pupil identifier (a pupil's external id). */
	static final int MAX_IDENTIFIER = 255;

	/** Above this many pupils, their check and their writes go in chunks. */
	static final int CHUNK = 2_000;

	private final Units units;

	private final Accounts accounts;

	private final Memberships memberships;

	private final RoleAssignments assignments;

	private final Pupils pupils;

	private final Clock clock;

	private final PlannerStatistics statistics;

	private final RosterStaging staging;

	private final RosterWrites writes;

	// Members of staff are decided together, in memory (about 0.8 KB each), unlike
	// students and enrolments: this bounds what a package can ask of the heap. A quarter
	// of a million is more than any trust or district employs.
	private final int maxStaff;

	// A nested transaction (a savepoint in the caller's): a real run's writes can be
	// undone alone.
	private final TransactionTemplate savepoint;

	ImportingRoster(Units units, Accounts accounts, Memberships memberships, RoleAssignments assignments, Pupils pupils,
			Clock clock, PlannerStatistics statistics, RosterStaging staging, RosterWrites writes,
			PlatformTransactionManager transactions,
			@Value("${staffroom.imports.max-roster-staff:250000}") int maxStaff) {
		this.units = units;
		this.accounts = accounts;
		this.memberships = memberships;
		this.assignments = assignments;
		this.pupils = pupils;
		this.clock = clock;
		this.statistics = statistics;
		this.staging = staging;
		this.writes = writes;
		this.maxStaff = maxStaff;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	/**
	 * How the import is to run. {@code administratorRole} is headteacher or user-admin.
	 */
	public record Options(boolean dryRun, boolean partial, String administratorRole) {
	}

	/**
	 * Progress as rows checked (and, in a real run, rows applied) of an estimated total.
	 */
	public interface Progress {

		void report(int done, int total);

	}

	/**
	 * Locks the organisation for the writes that need it, and makes sure it is still at
	 * the version the import was planned on: throws {@link StalePlan} otherwise.
	 */
	interface Lock {

		/**
		 * Dry runs write nothing, and an import planned under the lock has it already.
		 */
		Lock HELD = () -> {
		};

		void take();

	}

	/**
	 * What the package did (or would do), every problem found, and the notices (what the
	 * report tells without it being a problem: a pupil placed at their school for want of
	 * a class).
	 */
	record Outcome(List<ImportProblem> problems, List<ImportProblem> notices, ImportCounts counts, boolean applied,
			Map<String, Long> millis) {
	}

	/**
	 * What the check decided, to be written; the staff's changes are forgotten once
	 * written.
	 */
	private static final class Checked {

		PlannedUnits units;

		AccessSnapshot planned;

		RosterStaffChanges staff = RosterStaffChanges.NONE;

		RosterPupils pupils;

		ImportCounts counts = ImportCounts.NONE;

		ImportCounts.Pupils pupilCounts = ImportCounts.Pupils.NONE;

	}

	/**
	 * Checks the package and, unless it is a dry run or has problems (without
	 * partial=true), applies it inside the caller's transaction; {@code snapshot} is the
	 * one the import is planned on, and {@code lock} locks the organisation (at that
	 * snapshot's version) for the writes that need it.
	 */
	Outcome run(OneRosterPackage pkg, AccessSnapshot snapshot, Acting actor, Options options, Progress progress,
			Lock lock) {
		RosterRun run = new RosterRun(pkg, snapshot, actor, options, progress);
		try (StagedRoster staged = this.staging.open()) {
			return run(run, staged, lock);
		}
	}

	private Outcome run(RosterRun run, StagedRoster staged, Lock organisation) {
		long start = System.nanoTime();
		// When the lock was taken (a run planned under it has held it from the start):
		// the
		// report says how long the import held it.
		long[] lockedAt = { 0 };
		Lock lock = () -> {
			organisation.take();
			lockedAt[0] = (organisation == Lock.HELD) ? start : System.nanoTime();
		};
		boolean anyPupils = this.pupils.anyIn(run.org);
		Checked checked = check(run, staged, anyPupils);
		boolean partial = run.options.partial();
		boolean apply = !run.options.dryRun() && run.pkg.version() != null && (run.problems.isEmpty() || partial);
		if (apply && !anyPupils) {
			// The organisation has no pupils yet, so no pupil's decision depends on what
			// is written: units and staff are written, then pupils are checked and
			// written in one pass over the staged students (rather than one pass to check
			// them and another to write them). A pupil with a problem, in a run that is
			// not partial, means nothing is applied: everything goes back to a savepoint
			// taken before the first write.
			apply = Boolean.TRUE.equals(this.savepoint.execute((status) -> {
				this.writes.writeNewUnits(run, checked.units);
				long before = run.problems.found();
				checked.pupilCounts = checked.pupils.pass(true);
				if (!partial && run.problems.found() > before) {
					status.setRollbackOnly();
					return false;
				}
				lock.take();
				write(run, checked);
				return true;
			}));
		}
		else {
			// Pupils here already: each is checked against them first, since writing
			// changes them (an identifier freed by one pupil could be taken by another),
			// and only then written.
			if (checked.pupils != null) {
				checked.pupilCounts = checked.pupils.pass(false);
			}
			apply = apply && (run.problems.isEmpty() || partial);
			if (apply) {
				this.writes.writeNewUnits(run, checked.units);
				// The same decisions carried out: their counts and problems are the
				// check's.
				long reported = run.problems.found();
				long told = run.notices.found();
				checked.pupils.pass(true);
				run.problems.forgetAfter(reported);
				run.notices.forgetAfter(told);
				lock.take();
				write(run, checked);
			}
		}
		if (run.pkg.version() != null) {
			run.reportProgress();
		}
		long end = System.nanoTime();
		ImportCounts counts = checked.counts.plus(ImportCounts.of(checked.pupilCounts))
			.withErrors(run.problems.count());
		run.problems.sortForReport(Comparator.comparing((ImportProblem p) -> OneRosterPackage.FILES.indexOf(p.file()))
			.thenComparing((p) -> p.row() == null ? 0 : p.row()));
		run.notices.sort(Comparator.comparing((ImportProblem p) -> p.row() == null ? 0 : p.row()));
		// Where the time went: unzipping and parsing CSV; writing (the COPYs or batched
		// statements, with what builds their rows); and checking, the rest (references,
		// the engine, look-ups).
		long parsing = run.pkg.parsingNanos();
		long writing = run.writeNanos().values().stream().mapToLong(Long::longValue).sum();
		Map<String, Long> millis = new LinkedHashMap<>();
		millis.put("parsing", parsing / 1_000_000);
		millis.put("checking", (end - start - parsing - writing) / 1_000_000);
		millis.put("writing", writing / 1_000_000);
		run.writeNanos().forEach((kind, nanos) -> millis.put(kind, nanos / 1_000_000));
		if (lockedAt[0] != 0) {
			millis.put("underLock", (end - lockedAt[0]) / 1_000_000);
		}
		return new Outcome(run.problems, run.notices, counts, apply, millis);
	}

	/**
	 * Reads and checks every file, plans the units and decides the staff (pupils are
	 * decided after).
	 */
	private Checked check(RosterRun run, StagedRoster staged, boolean anyPupils) {
		Checked checked = new Checked();
		UnitPlan plan = new UnitPlan(this.units.ofOrganisation(run.org), run.snapshot, run.actor, run.problems,
				run.unread);
		PlannedUnits units = plan.units();
		Map<String, String> memberBySource = this.memberships.bySourceId(run.org);
		checked.units = units;
		checked.planned = run.snapshot;
		if (run.pkg.version() == null) {
			return checked;
		}
		run.startProgress();
		new RosterUnitsReader(run, plan).read();
		RosterPeopleReader people = new RosterPeopleReader(run, units, staged, this.maxStaff, memberBySource);
		if (run.pkg.version().equals("1.2")) {
			people.roles();
		}
		people.users();
		RosterEnrolmentsReader enrolments = new RosterEnrolmentsReader(run, units, staged, this.pupils, people.staff(),
				memberBySource);
		enrolments.read();
		checked.planned = units.plannedSnapshot();
		checked.staff = decideStaff(run, units, checked.planned, people.staff(), memberBySource,
				enrolments.endedEnrolments());
		checked.counts = ImportCounts.ofRows(run.rows(), people.skipped())
			.plus(ImportCounts.of(plan.counts()))
			.plus(ImportCounts.of(checked.staff.counts()));
		int students = people.studentCount();
		run.addToTotal(students * ((run.options.dryRun() || !anyPupils) ? 1 : 2));
		checked.pupils = new RosterPupils(run, units, checked.planned, staged.checks(), this.pupils, this.statistics,
				this.clock, students, enrolments.moveCount(), anyPupils);
		return checked;
	}

	private RosterStaffChanges decideStaff(RosterRun run, PlannedUnits units, AccessSnapshot planned,
			Map<String, RosterPerson> staff, Map<String, String> memberBySource, java.util.Set<String> ended) {
		List<String> keys = new ArrayList<>();
		for (RosterPerson p : staff.values()) {
			if (p.email != null) {
				keys.add(p.email.key());
			}
		}
		Map<String, Account> byEmail = this.accounts.findByEmailKeys(keys);
		Map<String, String> assignmentBySource = this.assignments.bySourceId(run.org);
		List<String> sourcedIds = new ArrayList<>();
		for (RosterPerson p : staff.values()) {
			String account = memberBySource.get(p.id);
			if (account != null && p.inFile) {
				sourcedIds.add(account);
			}
		}
		Map<String, Account> sourcedAccounts = new java.util.HashMap<>();
		for (Account a : this.accounts.findAll(sourcedIds)) {
			sourcedAccounts.put(a.id(), a);
		}
		return new RosterStaffDecisions(run, units, planned, staff, memberBySource).decide(byEmail, sourcedAccounts,
				assignmentBySource, ended);
	}

	private void write(RosterRun run, Checked checked) {
		this.writes.write(run, checked.units, checked.planned, checked.staff);
		// Written: the staff's decisions need not stay in memory while the pupils are
		// written.
		checked.staff = RosterStaffChanges.NONE;
	}

	/**
	 * A year group's name from a OneRoster grade (CEDS codes): 01 to 13 are "Year 1" to
	 * "Year 13", KG is "Reception", and any other code keeps its own name ("PK",
	 * "Other").
	 */
	static String yearName(String grade) {
		if (grade.matches("\\d{1,2}")) {
			return "Year " + Integer.parseInt(grade);
		}
		Map<String, String> names = new TreeMap<>(Map.of("KG", "Reception"));
		return names.getOrDefault(grade, grade);
	}

}
