package org.staffroom.grants;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Assignment;
import org.staffroom.access.RoleCatalogue;
import org.staffroom.access.RoleDefinition;
import org.staffroom.accounts.EmailChanged;
import org.staffroom.accounts.MembershipChange;
import org.staffroom.accounts.Memberships;
import org.staffroom.organisations.Organisation;
import org.staffroom.organisations.Organisations;
import org.staffroom.organisations.Unit;
import org.staffroom.organisations.Units;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.jdbc.ChangeSignals;
import org.staffroom.system.jdbc.Times;

/**
 * Each node's cache of {@link AccessSnapshot}s, one per organisation. Decisions read the
 * cache only; nothing on their path touches the database. A change to an organisation
 * locks its row, works on a snapshot of the locked version, then moves the version on:
 * every node drops its copy when the commit's signal arrives (PostgreSQL NOTIFY), and a
 * poll every few seconds catches any signal lost while a listener reconnected.
 *
 * <p>
 * A stale snapshot is rebuilt in the background: read-only decisions ({@link #current})
 * go on with the previous snapshot until the next one is ready, and never with one older
 * than that. A change ({@link #forChange}) always decides on exactly the version it
 * locked. The node that made a change waits (a bounded time) after its commit for its own
 * snapshot to catch up, so that its next request sees its own change.
 */
@Component
public class Snapshots implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(Snapshots.class);

	private final Map<String, AccessSnapshot> cache = new ConcurrentHashMap<>();

	// The newest version each organisation is known to have reached; an older load is not
	// cached.
	private final Map<String, Long> newestSeen = new ConcurrentHashMap<>();

	private final SnapshotLoads loads;

	private final Duration ownChangeWait;

	private final Organisations organisations;

	private final Units units;

	private final Memberships memberships;

	private final RoleAssignments assignments;

	private final CustomRoles customRoles;

	private final ChangeSignals signals;

	private final JdbcClient jdbc;

	private final Clock clock;

	private static final int MAX_DELTA_VERSIONS = 2_000;

	private static final int MAX_DELTA_MEMBERS = 5_000;

	// Members named one by one in a change (a row each); more, and the organisation
	// reloads.
	private static final int MAX_MEMBERS_NAMED = 100;

	Snapshots(Organisations organisations, Units units, Memberships memberships, RoleAssignments assignments,
			CustomRoles customRoles, ChangeSignals signals, JdbcClient jdbc, Clock clock) {
		this(organisations, units, memberships, assignments, customRoles, signals, jdbc, clock, 2,
				Duration.ofSeconds(30));
	}

	@Autowired
	Snapshots(Organisations organisations, Units units, Memberships memberships, RoleAssignments assignments,
			CustomRoles customRoles, ChangeSignals signals, JdbcClient jdbc, Clock clock,
			@Value("${staffroom.snapshots.rebuild-threads:2}") int rebuildThreads,
			@Value("${staffroom.snapshots.own-change-wait:PT3S}") Duration ownChangeWait) {
		this.ownChangeWait = ownChangeWait;
		this.loads = new SnapshotLoads((id) -> refresh(id, this.cache.get(id)).map(this::remember), rebuildThreads);
		this.jdbc = jdbc;
		this.clock = clock;
		this.organisations = organisations;
		this.units = units;
		this.memberships = memberships;
		this.assignments = assignments;
		this.customRoles = customRoles;
		this.signals = signals;
		signals.subscribe(this::onSignal);
	}

	/**
	 * The snapshot for read-only decisions: the cached one, even while a newer version is
	 * being built in the background (a signal said one exists); the next is served once
	 * it is ready. Only an organisation with no snapshot yet is loaded while the caller
	 * waits. Never use it to decide a change: that is {@link #forChange}.
	 */
	public Optional<AccessSnapshot> current(String organisationId) {
		if (organisationId == null) {
			return Optional.empty();
		}
		AccessSnapshot cached = this.cache.get(organisationId);
		if (cached != null) {
			if (cached.version() < this.newestSeen.getOrDefault(organisationId, -1L)) {
				rebuildInBackground(organisationId);
			}
			return Optional.of(cached);
		}
		return this.loads.now(organisationId);
	}

	/**
	 * Whether this node's snapshot of the organisation is the newest it has heard of (a
	 * cache built from it may be kept).
	 */
	public boolean upToDate(String organisationId) {
		AccessSnapshot cached = this.cache.get(organisationId);
		return cached != null && cached.version() >= this.newestSeen.getOrDefault(organisationId, -1L);
	}

	/**
	 * Loads the organisations' snapshots in the background, in this order, and waits for
	 * them all. Returns how many were loaded; one that fails is logged and skipped.
	 */
	int preload(List<String> organisationIds) {
		List<CompletableFuture<Optional<AccessSnapshot>>> loads = new java.util.ArrayList<>();
		for (String id : organisationIds) {
			CompletableFuture<Optional<AccessSnapshot>> load = rebuildInBackground(id);
			if (load != null) {
				loads.add(load);
			}
		}
		int loaded = 0;
		for (var load : loads) {
			try {
				loaded += load.get().isPresent() ? 1 : 0;
			}
			catch (ExecutionException ex) {
				// Logged by the load; the organisation loads on its first request.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return loaded;
			}
		}
		return loaded;
	}

	/** The version of the organisation's cached snapshot, if it has one. */
	Optional<Long> cachedVersion(String organisationId) {
		return Optional.ofNullable(this.cache.get(organisationId)).map(AccessSnapshot::version);
	}

	/**
	 * Starts bringing the organisation's snapshot up to date on a background thread,
	 * unless a load of it already runs; returns that load (null if none could start).
	 */
	private @Nullable CompletableFuture<Optional<AccessSnapshot>> rebuildInBackground(String organisationId) {
		AccessSnapshot before = this.cache.get(organisationId);
		return this.loads.inBackground(organisationId, (built) -> {
			// Changed again while it was built: go on, as long as each round gains.
			if (built.isPresent() && (before == null || built.get().version() > before.version())
					&& built.get().version() < this.newestSeen.getOrDefault(organisationId, -1L)) {
				rebuildInBackground(organisationId);
			}
		});
	}

	/**
	 * Waits, at most the given time, until this node's snapshot of the organisation (if
	 * it has one) is at the version or newer. A node waits so after its own changes.
	 */
	void awaitVersion(String organisationId, long version, Duration wait) {
		long deadline = System.nanoTime() + wait.toNanos();
		AccessSnapshot before = this.cache.get(organisationId);
		if (before == null || before.version() >= version) {
			return;
		}
		// A version moved on inside a savepoint that was rolled back (an import that
		// applies
		// nothing) was never committed: there is nothing to wait for. Asked only when the
		// cache is behind, so a change that is patched in at once costs no statement.
		Long committed = this.organisations.versions(List.of(organisationId)).get(organisationId);
		if (committed == null || committed < version) {
			return;
		}
		this.newestSeen.merge(organisationId, version, Math::max);
		while (true) {
			AccessSnapshot cached = this.cache.get(organisationId);
			long left = deadline - System.nanoTime();
			if (cached == null || cached.version() >= version || left <= 0) {
				return;
			}
			CompletableFuture<Optional<AccessSnapshot>> load = rebuildInBackground(organisationId);
			if (load == null) {
				return;
			}
			try {
				load.get(left, TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException | ExecutionException ex) {
				return;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void afterOwnCommit(String organisationId, long version) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			awaitVersion(organisationId, version, this.ownChangeWait);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				awaitVersion(organisationId, version, Snapshots.this.ownChangeWait);
			}
		});
	}

	@Override
	public void destroy() {
		this.loads.shutdown();
	}

	/**
	 * For a change: locks the organisation (inside the caller's transaction) and returns
	 * a snapshot of exactly the locked version. Throws not_found for an unknown
	 * organisation.
	 */
	public AccessSnapshot forChange(String organisationId) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("forChange needs a transaction");
		}
		long version = this.organisations.lockForChange(organisationId)
			.orElseThrow(() -> Failure.notFound("That organisation"));
		AccessSnapshot cached = this.cache.get(organisationId);
		if (cached != null && cached.version() == version) {
			return cached;
		}
		return refresh(organisationId, cached).map(this::remember).orElseThrow();
	}

	/**
	 * For planning a long change outside the lock (a roster import): a snapshot of the
	 * newest committed version, without locking anything. Whatever is decided on it may
	 * be applied only if {@link #forChange}, taken before the first write, locks that
	 * same version. Throws not_found for an unknown organisation.
	 */
	public AccessSnapshot forPlanning(String organisationId) {
		return refresh(organisationId, this.cache.get(organisationId)).map(this::remember)
			.orElseThrow(() -> Failure.notFound("That organisation"));
	}

	/**
	 * Records that the organisation changed: moves its version on inside the caller's
	 * transaction and tells every node when the transaction commits.
	 */
	public void changed(String organisationId) {
		long version = this.organisations.bumpVersion(organisationId);
		this.signals.publish("org:" + organisationId + ":" + version);
		afterOwnCommit(organisationId, version);
	}

	/**
	 * Records that only these members changed (their status, roles or email): nodes then
	 * reload just them. Anything else (units, roles, settings) must use {@link #changed}.
	 * Only {@code grants} calls this: roles change through {@link AssigningRoles}, and
	 * memberships announce their changes as {@link MembershipChange}s. More members than
	 * a node would patch in at once move the version on as {@link #changed} does (every
	 * node reloads the organisation, as it would anyway), rather than writing a row for
	 * each of them.
	 */
	void membersChanged(String organisationId, Collection<String> memberIds) {
		java.util.Set<String> members = new java.util.LinkedHashSet<>(memberIds);
		if (members.size() > MAX_MEMBERS_NAMED) {
			changed(organisationId);
			return;
		}
		long version = this.organisations.bumpVersion(organisationId);
		var now = Times.sql(this.clock.instant());
		for (String id : members) {
			this.jdbc.sql(
					"INSERT INTO snapshot_changes (organisation_id, version, subject_id, recorded_at) VALUES (?, ?, ?, ?)")
				.params(organisationId, version, id, now)
				.update();
		}
		this.signals.publish("org:" + organisationId + ":" + version);
		afterOwnCommit(organisationId, version);
	}

	/**
	 * A membership began, ended or changed its status: its organisation reloads that
	 * member.
	 */
	@EventListener
	void onMembershipChange(MembershipChange change) {
		membersChanged(change.organisationId(), List.of(change.memberId()));
	}

	/**
	 * An account's email changed: its organisations must answer "by email" questions
	 * anew.
	 */
	@EventListener
	void onEmailChanged(EmailChanged changed) {
		for (String organisationId : this.memberships.organisationsOf(changed.accountId())) {
			membersChanged(organisationId, List.of(changed.accountId()));
		}
	}

	/**
	 * Brings a cached snapshot up to date: when every version since it only changed
	 * members, those members are reloaded and patched in; otherwise (units, catalogue,
	 * too much) the whole organisation is loaded again.
	 */
	private Optional<AccessSnapshot> refresh(String organisationId, AccessSnapshot cached) {
		if (cached == null) {
			return load(organisationId);
		}
		Optional<Long> current = this.organisations.versions(List.of(organisationId)).values().stream().findFirst();
		if (current.isEmpty()) {
			return Optional.empty();
		}
		long version = current.get();
		if (version == cached.version()) {
			return Optional.of(cached);
		}
		long gap = version - cached.version();
		if (gap < 0 || gap > MAX_DELTA_VERSIONS) {
			return load(organisationId);
		}
		java.util.Set<Long> versions = new java.util.HashSet<>();
		java.util.Set<String> members = new java.util.LinkedHashSet<>();
		this.jdbc.sql("""
				SELECT version, subject_id FROM snapshot_changes
				WHERE organisation_id = ? AND version > ? AND version <= ?""")
			.params(organisationId, cached.version(), version)
			.query((rs) -> {
				versions.add(rs.getLong(1));
				members.add(rs.getString(2));
			});
		if (versions.size() != gap || members.size() > MAX_DELTA_MEMBERS) {
			return load(organisationId);
		}
		try {
			Map<String, List<Assignment>> assignments = this.assignments.ofMembers(organisationId, members);
			List<AccessSnapshot.MemberUpdate> updates = new java.util.ArrayList<>();
			java.util.Set<String> removed = new java.util.HashSet<>(members);
			for (var m : this.memberships.forSnapshot(organisationId, members)) {
				removed.remove(m.accountId());
				updates.add(new AccessSnapshot.MemberUpdate(m.accountId(), m.status(), m.mainAccountHolder(),
						m.emailKey(), assignments.getOrDefault(m.accountId(), List.of())));
			}
			return Optional.of(cached.withMembers(version, updates, removed));
		}
		catch (IllegalArgumentException ex) {
			// A member refers to a unit or role newer than the cached tree: load it all.
			return load(organisationId);
		}
	}

	// Kept when newer than the cached one, even if a newer version is known already: the
	// cache never goes back, and a snapshot behind the newest is rebuilt from this one.
	private AccessSnapshot remember(AccessSnapshot snapshot) {
		this.cache.merge(snapshot.organisationId(), snapshot,
				(old, fresh) -> (fresh.version() >= old.version()) ? fresh : old);
		return snapshot;
	}

	private Optional<AccessSnapshot> load(String organisationId) {
		Optional<Organisation> found = this.organisations.find(organisationId);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		Organisation organisation = found.get();
		AccessSnapshot.Builder builder = AccessSnapshot.builder(organisationId, organisation.version(),
				catalogue(organisation));
		for (Unit unit : this.units.ofOrganisation(organisationId)) {
			builder.unit(unit.id(), unit.parentId(), unit.type(), unit.name());
		}
		for (var member : this.memberships.forSnapshot(organisationId)) {
			builder.member(member.accountId(), member.status(), member.mainAccountHolder(), member.emailKey());
		}
		for (var assignment : this.assignments.ofOrganisation(organisationId)) {
			builder.assignment(assignment.id(), assignment.memberId(), assignment.roleKey(), assignment.unitId());
		}
		return Optional.of(builder.build());
	}

	/** The organisation's catalogue: its templates' roles plus its custom roles. */
	public RoleCatalogue catalogue(Organisation organisation) {
		RoleCatalogue catalogue = RoleCatalogue.builtIn(organisation.templates());
		for (RoleDefinition custom : this.customRoles.ofOrganisation(organisation.id())) {
			catalogue = catalogue.with(custom);
		}
		return catalogue;
	}

	private void onSignal(String signal) {
		if ("*".equals(signal)) {
			pollVersions();
			return;
		}
		String[] parts = signal.split(":");
		if (parts.length == 3 && parts[0].equals("org")) {
			// The cached copy answers reads while the next is built in the background.
			long version = Long.parseLong(parts[2]);
			this.newestSeen.merge(parts[1], version, Math::max);
			AccessSnapshot cached = this.cache.get(parts[1]);
			if (cached != null && cached.version() < version) {
				rebuildInBackground(parts[1]);
			}
		}
	}

	/**
	 * Catches any signal lost while a listener reconnected: one query for all cached
	 * organisations.
	 */
	@Scheduled(fixedDelayString = "${staffroom.snapshots.poll:PT5S}")
	void pollVersions() {
		if (this.cache.isEmpty()) {
			return;
		}
		try {
			// A copy: the live key set may change while the statement is being built.
			Map<String, Long> versions = this.organisations.versions(List.copyOf(this.cache.keySet()));
			this.cache.keySet().removeIf((id) -> !versions.containsKey(id));
			versions.forEach((id, version) -> {
				this.newestSeen.merge(id, version, Math::max);
				AccessSnapshot cached = this.cache.get(id);
				if (cached != null && cached.version() < version) {
					rebuildInBackground(id);
				}
			});
			this.jdbc.sql("DELETE FROM snapshot_changes WHERE recorded_at < ?")
				.param(Times.sql(this.clock.instant().minus(java.time.Duration.ofDays(1))))
				.update();
		}
		catch (RuntimeException ex) {
			log.warn("Could not check snapshot versions", ex);
		}
	}

}
