package org.staffroom.grants;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code snapshots} in the readiness group: OUT_OF_SERVICE until the first round of
 * {@link SnapshotPreload} has finished, UP after, so that a load balancer sends requests
 * only once the largest organisations' snapshots are warm. Liveness does not include it.
 */
@Component
class SnapshotsHealthIndicator implements HealthIndicator {

	private final SnapshotPreload preload;

	SnapshotsHealthIndicator(SnapshotPreload preload) {
		this.preload = preload;
	}

	@Override
	public Health health() {
		return this.preload.firstRoundDone() ? Health.up().build() : Health.outOfService().build();
	}

}
