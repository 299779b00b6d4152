package org.staffroom.factors;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.staffroom.system.secrets.SealedSecrets;

/**
 * After {@code STAFFROOM_SECRET_KEY} is rotated (the old key moved to
 * {@code STAFFROOM_PREVIOUS_SECRET_KEYS}), seals every TOTP secret again with the new key
 * at start-up, so that the old key can then be dropped. Each row is updated only if it
 * still holds what was read, so two nodes starting at once do no harm.
 */
@Component
class ResealingSecrets {

	private static final Logger log = LoggerFactory.getLogger(ResealingSecrets.class);

	private final JdbcClient jdbc;

	private final SealedSecrets sealed;

	ResealingSecrets(JdbcClient jdbc, SealedSecrets sealed) {
		this.jdbc = jdbc;
		this.sealed = sealed;
	}

	@EventListener(ApplicationReadyEvent.class)
	void resealTotpSecrets() {
		List<String[]> rows = this.jdbc.sql("SELECT account_id, secret_sealed FROM totp_factors")
			.query((rs, i) -> new String[] { rs.getString(1), rs.getString(2) })
			.list();
		int resealed = 0;
		for (String[] row : rows) {
			if (!this.sealed.sealedWithOldKey(row[1])) {
				continue;
			}
			try {
				String secret = this.sealed.open(row[1]);
				resealed += this.jdbc
					.sql("UPDATE totp_factors SET secret_sealed = ? WHERE account_id = ? AND secret_sealed = ?")
					.params(this.sealed.seal(secret), row[0], row[1])
					.update();
			}
			catch (IllegalStateException ex) {
				log.error("The TOTP secret of account {} cannot be opened with any key given: {}", row[0],
						ex.getMessage());
			}
		}
		if (resealed > 0) {
			log.info("Sealed {} TOTP secrets again with the current STAFFROOM_SECRET_KEY", resealed);
		}
	}

}
