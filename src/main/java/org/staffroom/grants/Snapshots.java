package org.staffroom.grants;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.RoleCatalogue;
import org.staffroom.access.RoleDefinition;
import org.staffroom.accounts.Memberships;
import org.staffroom.organisations.Organisation;
import org.staffroom.organisations.Organisations;
import org.staffroom.organisations.Unit;
import org.staffroom.organisations.Units;
import org.staffroom.system.ApiProblem;
import org.staffroom.system.ChangeSignals;

/**
 * Each node's cache of {@link AccessSnapshot}s, one per organisation. Decisions read the cache
 * only; nothing on their path touches the database. A change to an organisation locks its row,
 * works on a snapshot of the locked version, then moves the version on: every node drops its copy
 * when the commit's signal arrives (PostgreSQL NOTIFY), and a poll every few seconds catches any
 * signal lost while a listener reconnected.
 */
@Component
public class Snapshots {

	private static final Logger log = LoggerFactory.getLogger(Snapshots.class);

	private final Map<String, AccessSnapshot> cache = new ConcurrentHashMap<>();

	// The newest version each organisation is known to have reached; an older load is not cached.
	private final Map<String, Long> newestSeen = new ConcurrentHashMap<>();

	// One load of an organisation at a time: requests arriving while its snapshot loads wait for that
	// load instead of each reading the whole organisation again (a stampede after every change on a
	// busy organisation). Striped, so that unknown ids cannot grow a map of locks.
	private final Object[] loadLocks = new Object[64];

	private final Organisations organisations;

	private final Units units;

	private final Memberships memberships;

	private final RoleAssignments assignments;

	private final CustomRoles customRoles;

	private final ChangeSignals signals;

	Snapshots(Organisations organisations, Units units, Memberships memberships, RoleAssignments assignments,
			CustomRoles customRoles, ChangeSignals signals) {
		this.organisations = organisations;
		this.units = units;
		this.memberships = memberships;
		this.assignments = assignments;
		this.customRoles = customRoles;
		this.signals = signals;
		for (int i = 0; i < this.loadLocks.length; i++) {
			this.loadLocks[i] = new Object();
		}
		signals.subscribe(this::onSignal);
	}

	/** The current snapshot of the organisation, from the cache when it has one. */
	public Optional<AccessSnapshot> current(String organisationId) {
		if (organisationId == null) {
			return Optional.empty();
		}
		AccessSnapshot cached = this.cache.get(organisationId);
		if (cached != null) {
			return Optional.of(cached);
		}
		synchronized (this.loadLocks[Math.floorMod(organisationId.hashCode(), this.loadLocks.length)]) {
			cached = this.cache.get(organisationId);
			if (cached != null) {
				return Optional.of(cached);
			}
			return load(organisationId).map(this::remember);
		}
	}

	/**
	 * For a change: locks the organisation (inside the caller's transaction) and returns a snapshot
	 * of exactly the locked version. Throws not_found for an unknown organisation.
	 */
	public AccessSnapshot forChange(String organisationId) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("forChange needs a transaction");
		}
		long version = this.organisations.lockForChange(organisationId)
			.orElseThrow(() -> ApiProblem.notFound("That organisation"));
		AccessSnapshot cached = this.cache.get(organisationId);
		if (cached != null && cached.version() == version) {
			return cached;
		}
		return load(organisationId).map(this::remember).orElseThrow();
	}

	/**
	 * Records that the organisation changed: moves its version on inside the caller's transaction
	 * and tells every node when the transaction commits.
	 */
	public void changed(String organisationId) {
		long version = this.organisations.bumpVersion(organisationId);
		this.signals.publish("org:" + organisationId + ":" + version);
	}

	private AccessSnapshot remember(AccessSnapshot snapshot) {
		long newest = this.newestSeen.getOrDefault(snapshot.organisationId(), -1L);
		if (snapshot.version() >= newest) {
			this.cache.merge(snapshot.organisationId(), snapshot,
					(old, fresh) -> (fresh.version() >= old.version()) ? fresh : old);
		}
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
			long version = Long.parseLong(parts[2]);
			this.newestSeen.merge(parts[1], version, Math::max);
			this.cache.computeIfPresent(parts[1], (id, cached) -> cached.version() < version ? null : cached);
		}
		else if (parts.length == 2 && parts[0].equals("account")) {
			// An account's email changed: every organisation it belongs to answers by email differently.
			this.cache.values().removeIf((snapshot) -> snapshot.isMember(parts[1]));
		}
	}

	/** Catches any signal lost while a listener reconnected: one query for all cached organisations. */
	@Scheduled(fixedDelayString = "${staffroom.snapshots.poll:PT5S}")
	void pollVersions() {
		if (this.cache.isEmpty()) {
			return;
		}
		try {
			Map<String, Long> versions = this.organisations.versions(this.cache.keySet());
			this.cache.entrySet().removeIf((entry) -> !versions.containsKey(entry.getKey())
					|| versions.get(entry.getKey()) != entry.getValue().version());
		}
		catch (RuntimeException ex) {
			log.warn("Could not check snapshot versions", ex);
		}
	}

}
