package org.staffroom.system.security;

/**
 * Who makes a change and through which path; carried into decisions and the audit log.
 */
public record Acting(String accountId, String label, boolean operator, Via via) {

	public static Acting of(SignedIn signedIn, Via via) {
		return new Acting(signedIn.accountId(), signedIn.email(), signedIn.operator(), via);
	}

	public static Acting system() {
		return new Acting(null, "Staffroom", true, Via.SYSTEM);
	}

}
