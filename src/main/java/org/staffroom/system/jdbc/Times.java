package org.staffroom.system.jdbc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Instants as the database stores them: UTC, to the microsecond (PostgreSQL's precision).
 */
public final class Times {

	private Times() {
	}

	public static OffsetDateTime sql(Instant instant) {
		return (instant == null) ? null
				: OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
	}

	public static Instant instant(OffsetDateTime time) {
		return (time == null) ? null : time.toInstant();
	}

}
