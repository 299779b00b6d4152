package org.staffroom.factors;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.system.jdbc.Times;

/**
 * Ten recovery codes per account, shown once, each usable once; only a hash is kept. A
 * code is ten characters from an alphabet without look-alikes (50 bits), shown as two
 * groups of five; case, spaces and hyphens are ignored when one is typed.
 */
@Repository
class RecoveryCodes {

	static final int HOW_MANY = 10;

	private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

	private static final SecureRandom random = new SecureRandom();

	private final JdbcClient jdbc;

	RecoveryCodes(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A fresh set, replacing any earlier one; the codes are returned once. */
	List<String> issue(String accountId) {
		this.jdbc.sql("DELETE FROM recovery_codes WHERE account_id = ?").param(accountId).update();
		List<String> codes = new ArrayList<>();
		while (codes.size() < HOW_MANY) {
			StringBuilder code = new StringBuilder();
			for (int i = 0; i < 10; i++) {
				code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
			}
			String shown = code.substring(0, 5) + "-" + code.substring(5);
			if (!codes.contains(shown)) {
				codes.add(shown);
			}
		}
		for (String code : codes) {
			this.jdbc.sql("INSERT INTO recovery_codes (account_id, code_hash, used_at) VALUES (?, ?, NULL)")
				.params(accountId, hash(accountId, code))
				.update();
		}
		return codes;
	}

	/** Uses the code if it is one of the account's unused ones; false otherwise. */
	boolean use(String accountId, String code, Instant now) {
		String normal = normal(code);
		if (normal.length() != 10) {
			return false;
		}
		return this.jdbc
			.sql("UPDATE recovery_codes SET used_at = ? WHERE account_id = ? AND code_hash = ? AND used_at IS NULL")
			.params(Times.sql(now), accountId, hash(accountId, normal))
			.update() == 1;
	}

	int left(String accountId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM recovery_codes WHERE account_id = ? AND used_at IS NULL")
			.param(accountId)
			.query(Long.class)
			.single()
			.intValue();
	}

	void removeAll(String accountId) {
		this.jdbc.sql("DELETE FROM recovery_codes WHERE account_id = ?").param(accountId).update();
	}

	private static String normal(String code) {
		return code.replace("-", "").replace(" ", "").strip().toLowerCase(Locale.ROOT);
	}

	// Salted with the account, so equal codes of two accounts hash apart.
	private static String hash(String accountId, String code) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest((accountId + ":" + normal(code)).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
