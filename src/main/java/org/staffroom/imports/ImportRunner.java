package org.staffroom.imports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.MemberStatus;
import org.staffroom.accounts.Account;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.Notification;
import org.staffroom.grants.Snapshots;
import org.staffroom.mail.Email;
import org.staffroom.mail.Outbox;
import org.staffroom.system.security.Acting;
import org.staffroom.system.security.Via;

/**
 * Runs import jobs on whichever node claims them first. A claim is renewed as the job
 * progresses; if its node dies, the claim lapses and another node runs the job again from
 * the start. A real run applies in one transaction, so a job that died applied nothing,
 * and its rerun is clean.
 *
 * <p>
 * A real roster run is planned without the organisation's lock, which it takes only for
 * the writes that need it ({@link ImportingRoster.Lock}); if the organisation changed
 * meanwhile ({@link StalePlan}), the run is rolled back and planned again, up to
 * {@code staffroom.imports.unlocked-plans} times (3 by default), and then once more under
 * the lock from the start, so that an organisation changed all the time still gets its
 * import.
 *
 * <p>
 * A job never loops: whatever its run throws (an {@link OutOfMemoryError} or any other
 * {@link Throwable} included), it ends {@code failed} with the reason at once; and a job
 * claimed more than {@code staffroom.imports.max-attempts} times (3 by default: its node
 * died each time, or could not even record the failure) fails for good when it is next
 * claimed, before it is run again.
 */
@Component
class ImportRunner implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

	private static final Duration CLAIM = Duration.ofMinutes(2);

	private final ImportJobs jobs;

	private final ImportingStaff staff;

	private final ImportingRoster roster;

	private final long maxUnpackedBytes;

	private final long maxLineChars;

	private final int maxAttempts;

	// How many times a roster is planned without the lock before it is planned under it.
	private final int unlockedPlans;

	private final Snapshots snapshots;

	private final Accounts accounts;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final String baseUrl;

	private final org.staffroom.organisations.Organisations organisations;

	private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);

	private final TaskExecutor executor;

	// Imports run on a thread of their own, at the lowest priority: on a machine short of
	// cores, requests (an access check, a change by hand) are served before an import's
	// next row. The JVM gives Java's priorities to Linux only when started with
	// -XX:ThreadPriorityPolicy=1 (docs/operations.md); without it this changes nothing.
	private final ExecutorService importThread = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "staffroom-import");
		thread.setDaemon(true);
		thread.setPriority(Thread.MIN_PRIORITY);
		return thread;
	});

	// One poll at a time on this node (the scheduled one, or one woken by a new job): one
	// import at a time.
	private final AtomicBoolean polling = new AtomicBoolean();

	ImportRunner(org.staffroom.organisations.Organisations organisations, ImportJobs jobs, ImportingStaff staff,
			ImportingRoster roster, Snapshots snapshots, Accounts accounts, Outbox outbox,
			TransactionTemplate transactions, Clock clock, @Value("${staffroom.public-base-url}") String baseUrl,
			@Value("${staffroom.imports.max-unpacked-bytes:1073741824}") long maxUnpackedBytes,
			@Value("${staffroom.imports.max-line-chars:1048576}") long maxLineChars,
			@Value("${staffroom.imports.max-attempts:3}") int maxAttempts,
			@Value("${staffroom.imports.unlocked-plans:3}") int unlockedPlans,
			@Qualifier("applicationTaskExecutor") TaskExecutor executor) {
		this.unlockedPlans = unlockedPlans;
		this.executor = executor;
		this.organisations = organisations;
		this.jobs = jobs;
		this.staff = staff;
		this.roster = roster;
		this.maxUnpackedBytes = maxUnpackedBytes;
		this.maxLineChars = maxLineChars;
		this.maxAttempts = maxAttempts;
		this.snapshots = snapshots;
		this.accounts = accounts;
		this.outbox = outbox;
		this.transactions = transactions;
		this.clock = clock;
		this.baseUrl = baseUrl;
	}

	@Scheduled(fixedDelayString = "${staffroom.imports.poll:PT1S}")
	void poll() {
		if (!this.polling.compareAndSet(false, true)) {
			return;
		}
		try {
			for (String id : this.jobs.runnable(this.clock.instant())) {
				Instant now = this.clock.instant();
				if (this.jobs.claim(id, this.node, now, now.plus(CLAIM))) {
					runOnImportThread(id);
				}
			}
		}
		finally {
			this.polling.set(false);
		}
	}

	/**
	 * A job was queued on this node: polls now, on another thread, instead of at the next
	 * scheduled poll (up to a second later). Does nothing while this node is already
	 * running an import; the next poll after it finds the job.
	 */
	void wake() {
		this.executor.execute(this::poll);
	}

	private void runOnImportThread(String id) {
		try {
			this.importThread.submit(() -> run(id)).get();
		}
		catch (ExecutionException ex) {
			log.error("Import {} failed", id, ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void destroy() {
		this.importThread.shutdownNow();
	}

	void run(String id) {
		ImportJob job = null;
		Account starter = null;
		try {
			job = this.jobs.find(id).orElseThrow();
			int attempts = this.jobs.attempts(id);
			if (attempts > this.maxAttempts) {
				fail(job, "The import stopped " + (attempts - 1)
						+ " times without finishing (its server stopped or ran out of memory); it was given up");
				return;
			}
			starter = this.accounts.find(job.startedBy()).orElse(null);
			if (starter == null) {
				fail(job, "The person who started the import no longer has an account");
				return;
			}
			Acting actor = new Acting(starter.id(), starter.email(), starter.operator(), Via.IMPORT);
			ImportJob running = job;
			for (int plans = 1;; plans++) {
				boolean locked = plans > this.unlockedPlans;
				try {
					this.transactions.executeWithoutResult((tx) -> execute(running, actor, locked));
					break;
				}
				catch (StalePlan ex) {
					log.info("Import {}: {}; planning it again{}", id, ex.getMessage(),
							(plans == this.unlockedPlans) ? " under the lock" : "");
				}
			}
		}
		catch (Throwable ex) {
			// Any of them, errors included: a job whose run died must end, not stay
			// running to be claimed again when its claim lapses (a package that exhausts
			// memory would do it again).
			log.error("Import {} failed", id, ex);
			failAfter(id, job, ex);
		}
		finally {
			try {
				notifyStarter(id, starter);
			}
			catch (RuntimeException ex) {
				log.warn("Could not tell the starter of import {} that it ended", id, ex);
			}
		}
	}

	/**
	 * Ends the job as failed with the reason; if even that fails, its claim lapses and
	 * the attempts bound it.
	 */
	private void failAfter(String id, ImportJob job, Throwable ex) {
		try {
			fail((job != null) ? job : this.jobs.find(id).orElseThrow(), reason(ex));
		}
		catch (Throwable again) {
			log.error("Import {} could not be marked failed; it is given up after {} attempts", id, this.maxAttempts,
					again);
		}
	}

	/** Why a run failed, for the job's report: what was thrown, said plainly. */
	static String reason(Throwable ex) {
		if (ex instanceof OutOfMemoryError) {
			return "The import ran out of memory and changed nothing";
		}
		String message = ex.getMessage();
		String what = (ex instanceof Error)
				? ex.getClass().getSimpleName() + ((message == null || message.isBlank()) ? "" : ": " + message)
				: message;
		return "The import failed and changed nothing: "
				+ ((what == null || what.isBlank()) ? ex.getClass().getSimpleName() : what);
	}

	/**
	 * Runs the job in the caller's transaction. A real roster run not {@code locked} is
	 * planned on a snapshot taken without the lock, and locks the organisation only to
	 * write, checking that it has not changed since; a staff CSV, and a roster planned
	 * again too often, lock it first.
	 */
	private void execute(ImportJob job, Acting actor, boolean locked) {
		String org = job.organisationId();
		boolean roster = job.kind().equals("oneroster");
		AccessSnapshot snapshot;
		ImportingRoster.Lock lock = ImportingRoster.Lock.HELD;
		if (job.dryRun()) {
			snapshot = this.snapshots.current(org).orElseThrow();
		}
		else if (roster && !locked) {
			AccessSnapshot planned = this.snapshots.forPlanning(org);
			snapshot = planned;
			lock = () -> {
				long now = this.snapshots.forChange(org).version();
				if (now != planned.version()) {
					throw new StalePlan(planned.version(), now);
				}
			};
		}
		else {
			snapshot = this.snapshots.forChange(org);
		}
		if (!actor.operator() && snapshot.memberStatus(actor.accountId()).orElse(null) != MemberStatus.ACTIVE) {
			throw new IllegalStateException("the person who started it is no longer an active member");
		}
		if (roster) {
			executeRoster(job, actor, snapshot, lock);
			return;
		}
		StaffCsv.Contents contents = this.jobs.withFile(job.id(),
				(in) -> StaffCsv.read(in, StaffCsv.MAX_ROWS, this.maxLineChars));
		int total = contents.rows().size();
		this.jobs.progress(job.id(), this.node, 0, total, this.clock.instant().plus(CLAIM));
		ImportingStaff.Plan plan = this.staff.plan(snapshot, actor, contents);
		ImportCounts counted = plan.counts();
		List<ImportProblem> problems = plan.problems();
		int errors = counted.errors();
		String status;
		String message;
		if (job.dryRun()) {
			status = "succeeded";
			message = problems.isEmpty() ? "Dry run: nothing was changed, and the file has no problems"
					: "Dry run: nothing was changed; the file has " + problems(errors);
		}
		else if (!problems.isEmpty() && !job.partial()) {
			status = "failed";
			message = "Nothing was applied: the file has " + errors
					+ " problems. Correct them, or import with partial=true to apply the valid rows only";
			counted = counted.staffCsvNotApplied();
		}
		else {
			int people = plan.people().size();
			this.staff.apply(snapshot, actor, plan,
					(done) -> this.jobs.progress(job.id(), this.node,
							Math.min(total, done * Math.max(1, total) / Math.max(1, people)), total,
							this.clock.instant().plus(CLAIM)));
			status = "succeeded";
			message = problems.isEmpty() ? "Imported" : "Imported the valid rows; " + rowsHad(errors);
		}
		this.jobs.finish(job.id(), status, total, total, counted.staffCsv(), message, problems, this.clock.instant());
	}

	private void executeRoster(ImportJob job, Acting actor, AccessSnapshot snapshot, ImportingRoster.Lock lock) {
		Path file = null;
		try {
			// The zip is copied out of the database once, so that its files can be read
			// in any order and more than once, each as a stream.
			Path copy = Files.createTempFile("staffroom-roster-", ".zip");
			file = copy;
			this.jobs.withFile(job.id(), (in) -> {
				try {
					return Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			int[] last = { 0, 0 };
			try (OneRosterPackage pkg = OneRosterPackage.open(copy, this.maxUnpackedBytes, this.maxLineChars)) {
				ImportingRoster.Outcome outcome = this.roster.run(pkg, snapshot, actor,
						new ImportingRoster.Options(job.dryRun(), job.partial(),
								job.options().getOrDefault("administratorRole", "headteacher")),
						(done, total) -> {
							last[0] = done;
							last[1] = total;
							this.jobs.progress(job.id(), this.node, done, total, this.clock.instant().plus(CLAIM));
						}, lock);
				ImportCounts counted = outcome.counts();
				List<ImportProblem> problems = outcome.problems();
				int errors = counted.errors();
				String status;
				String message;
				if (job.dryRun()) {
					status = "succeeded";
					message = problems.isEmpty() ? "Dry run: nothing was changed, and the package has no problems"
							: "Dry run: nothing was changed; the package has " + problems(errors);
				}
				else if (!outcome.applied()) {
					status = "failed";
					message = "Nothing was applied: the package has " + errors
							+ " problems. Correct them, or import with partial=true to apply the valid rows only";
					counted = counted.rosterNotApplied();
				}
				else {
					status = "succeeded";
					message = problems.isEmpty() ? "Imported" : "Imported the valid rows; " + rowsHad(errors);
				}
				Map<String, Object> counts = counted.roster();
				counts.put("timingsMs", outcome.millis());
				log.info("Roster import {}: {} in {}", job.id(), status, outcome.millis());
				int total = Math.max(last[1], last[0]);
				this.jobs.finish(job.id(), status, total, total, counts, message, problems, outcome.notices(),
						this.clock.instant());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			if (file != null) {
				try {
					Files.deleteIfExists(file);
				}
				catch (IOException ex) {
					log.warn("Could not delete {}", file);
				}
			}
		}
	}

	private void fail(ImportJob job, String message) {
		this.transactions
			.executeWithoutResult((tx) -> this.jobs.finish(job.id(), "failed", 0, job.total(), job.counts(), message,
					new ArrayList<>(List.of(new ImportProblem(null, null, null, "import_failed", message))),
					this.clock.instant()));
	}

	private void notifyStarter(String id, Account starter) {
		if (starter == null || !starter.notifications().contains(Notification.IMPORT_FINISHED)) {
			return;
		}
		ImportJob done = this.jobs.find(id).orElseThrow();
		String orgName = this.organisations.find(done.organisationId())
			.map((o) -> o.name())
			.orElse("your organisation");
		if (!done.status().equals("succeeded") && !done.status().equals("failed")) {
			return;
		}
		this.transactions
			.executeWithoutResult((tx) -> this.outbox.enqueue(new Email(done.organisationId(), starter.email(),
					"Your Staffroom import into " + orgName + " has "
							+ (done.status().equals("succeeded") ? "finished" : "failed"),
					"Hello " + starter.firstName() + ",\n\nYour " + (done.dryRun() ? "dry run of an " : "") + "import ("
							+ done.kind() + ") into " + orgName + " has " + done.status() + ". "
							+ (done.message() == null ? "" : done.message()) + "\n\nCounts: " + done.counts()
							+ "\n\nThe full report: " + this.baseUrl + "/organisations/" + done.organisationId()
							+ "/imports/" + done.id() + "\n",
					null)));
	}

	private static String problems(int n) {
		return n + ((n == 1) ? " problem" : " problems");
	}

	private static String rowsHad(int n) {
		return (n == 1) ? "1 row had a problem" : n + " rows had problems";
	}

}
