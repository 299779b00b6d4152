package org.staffroom.grants;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Loads the snapshots of the largest organisations (by members, up to
 * {@code staffroom.snapshots.preload} of them) in the background once the application is
 * ready, so that their first requests after a start find them warm. Readiness
 * ({@link SnapshotsHealthIndicator}) waits for this first round.
 */
@Component
class SnapshotPreload {

	private static final Logger log = LoggerFactory.getLogger(SnapshotPreload.class);

	private static final Duration RETRY = Duration.ofSeconds(5);

	private final Snapshots snapshots;

	private final JdbcClient jdbc;

	private final int budget;

	private final AtomicBoolean started = new AtomicBoolean();

	private volatile boolean done;

	SnapshotPreload(Snapshots snapshots, JdbcClient jdbc, @Value("${staffroom.snapshots.preload:100}") int budget) {
		this.snapshots = snapshots;
		this.jdbc = jdbc;
		this.budget = budget;
	}

	/**
	 * Whether the first round has finished (every organisation in it loaded or failed).
	 */
	boolean firstRoundDone() {
		return this.done;
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		if (!this.started.compareAndSet(false, true)) {
			return;
		}
		Thread thread = new Thread(this::run, "staffroom-snapshot-preload");
		thread.setDaemon(true);
		thread.start();
	}

	private void run() {
		long began = System.nanoTime();
		List<String> ids = null;
		while (ids == null) {
			try {
				ids = largest(this.budget);
			}
			catch (RuntimeException ex) {
				// The database is not there yet: readiness says so too (its db check).
				log.warn("Could not list organisations to preload; trying again in {}", RETRY, ex);
				try {
					Thread.sleep(RETRY.toMillis());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
		int loaded = this.snapshots.preload(ids);
		this.done = true;
		log.info("Preloaded {} of {} organisation snapshots in {} ms", loaded, ids.size(),
				(System.nanoTime() - began) / 1_000_000);
	}

	/** The organisations with the most members, largest first. */
	List<String> largest(int limit) {
		if (limit <= 0) {
			return List.of();
		}
		return this.jdbc.sql("""
				SELECT o.id FROM organisations o
				LEFT JOIN (SELECT organisation_id, COUNT(*) AS members FROM memberships GROUP BY organisation_id) m
				ON m.organisation_id = o.id
				ORDER BY COALESCE(m.members, 0) DESC, o.id
				LIMIT ?""").param(limit).query(String.class).list();
	}

}
