package org.staffroom.factors;

import org.jspecify.annotations.Nullable;

import org.staffroom.system.security.Acting;

/**
 * A person's second factors changed. Audited as {@code mfa.<what>}:
 * {@code totp_enrolled}, {@code totp_removed}, {@code recovery_codes_renewed},
 * {@code passkey_registered}, {@code passkey_removed}; {@code detail} names the passkey
 * where there is one.
 */
public record SecondFactorChanged(String accountId, String email, What what, @Nullable String detail, Acting by) {

	/** What changed. */
	public enum What {

		TOTP_ENROLLED("mfa.totp_enrolled"), TOTP_REMOVED("mfa.totp_removed"),
		RECOVERY_CODES_RENEWED("mfa.recovery_codes_renewed"), PASSKEY_REGISTERED("mfa.passkey_registered"),
		PASSKEY_REMOVED("mfa.passkey_removed");

		private final String action;

		What(String action) {
			this.action = action;
		}

		/** The audit log's action. */
		public String action() {
			return this.action;
		}

	}

}
