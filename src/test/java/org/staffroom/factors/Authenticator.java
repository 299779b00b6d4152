package org.staffroom.factors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.staffroom.testing.Api;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A phone's authenticator app, for tests: it reads the secret that enrolment shows and
 * makes codes as the app would. Codes are made for a step relative to now, away from a
 * step's edge so that the server sees the same step.
 */
final class Authenticator {

	final String secret;

	final List<String> recoveryCodes;

	private Authenticator(String secret, List<String> recoveryCodes) {
		this.secret = secret;
		this.recoveryCodes = recoveryCodes;
	}

	/**
	 * Enrols TOTP for the API client's account and confirms it with the code of the step
	 * before now, leaving now and the next step for the test.
	 */
	static Authenticator enrol(Api api) {
		var started = api.post("/api/v1/me/mfa/totp", Map.of());
		assertThat(started.status()).as(started.toString()).isEqualTo(201);
		String secret = started.json().get("secret").asString();
		Authenticator app = new Authenticator(secret, List.of());
		var confirmed = api.post("/api/v1/me/mfa/totp/confirm", Map.of("code", app.code(-1)));
		assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
		List<String> codes = new ArrayList<>();
		confirmed.json().get("recoveryCodes").forEach((c) -> codes.add(c.asString()));
		return new Authenticator(secret, codes);
	}

	/** The code of the step {@code offset} steps from now (-1, 0 or +1 are accepted). */
	String code(int offset) {
		long millis = Instant.now().toEpochMilli() % 30_000;
		if (millis > 28_500) {
			// Too near the step's end: wait for the next step to start.
			sleep(30_000 - millis + 100);
		}
		return Totp.code(this.secret, Totp.stepAt(Instant.now().getEpochSecond()) + offset);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
