package org.staffroom.grants;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.staffroom.access.AccessSnapshot;

/**
 * The loads of one node's snapshots, one at a time per organisation: a caller arriving
 * while an organisation loads waits for that load (or, in the background, joins it)
 * instead of reading the whole organisation again, a stampede after a start or a change
 * on a busy organisation. An entry lives only while its load runs, so unknown ids grow
 * nothing. Background loads run on a few daemon threads of their own.
 */
final class SnapshotLoads {

	private static final Logger log = LoggerFactory.getLogger(SnapshotLoads.class);

	private final Map<String, CompletableFuture<Optional<AccessSnapshot>>> running = new ConcurrentHashMap<>();

	private final Function<String, Optional<AccessSnapshot>> load;

	private final ExecutorService threads;

	SnapshotLoads(Function<String, Optional<AccessSnapshot>> load, int threads) {
		this.load = load;
		AtomicInteger count = new AtomicInteger();
		this.threads = Executors.newFixedThreadPool(Math.max(1, threads), (task) -> {
			Thread thread = new Thread(task, "staffroom-snapshots-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Loads in the caller's thread, or waits for the load already running. */
	Optional<AccessSnapshot> now(String organisationId) {
		CompletableFuture<Optional<AccessSnapshot>> mine = new CompletableFuture<>();
		CompletableFuture<Optional<AccessSnapshot>> other = this.running.putIfAbsent(organisationId, mine);
		if (other == null) {
			return run(organisationId, mine);
		}
		try {
			return other.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/**
	 * Starts a load on a background thread, unless one runs already; returns the load
	 * (null if none could start). {@code then} follows a load that this call started.
	 */
	@Nullable CompletableFuture<Optional<AccessSnapshot>> inBackground(String organisationId,
			Consumer<Optional<AccessSnapshot>> then) {
		CompletableFuture<Optional<AccessSnapshot>> mine = new CompletableFuture<>();
		CompletableFuture<Optional<AccessSnapshot>> other = this.running.putIfAbsent(organisationId, mine);
		if (other != null) {
			return other;
		}
		try {
			this.threads.execute(() -> {
				try {
					then.accept(run(organisationId, mine));
				}
				catch (RuntimeException ex) {
					log.warn("Could not load the snapshot of organisation {}", organisationId, ex);
				}
			});
			return mine;
		}
		catch (RejectedExecutionException ex) {
			this.running.remove(organisationId, mine);
			mine.complete(Optional.empty());
			return null;
		}
	}

	private Optional<AccessSnapshot> run(String organisationId, CompletableFuture<Optional<AccessSnapshot>> future) {
		Optional<AccessSnapshot> result;
		try {
			result = this.load.apply(organisationId);
		}
		catch (RuntimeException ex) {
			this.running.remove(organisationId, future);
			future.completeExceptionally(ex);
			throw ex;
		}
		// Out of the map before anyone waiting is woken, so that they can start the next.
		this.running.remove(organisationId, future);
		future.complete(result);
		return result;
	}

	void shutdown() {
		this.threads.shutdownNow();
	}

}
