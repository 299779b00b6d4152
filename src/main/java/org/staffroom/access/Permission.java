package org.staffroom.access;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One right, as listed in access-model.md section 3. Each has a bit so that sets are
 * masks.
 */
public enum Permission {

	ACCOUNTS_VIEW("accounts.view"), ACCOUNTS_MANAGE("accounts.manage"), ROLES_MANAGE("roles.manage"),
	AUDIT_VIEW("audit.view"), ENTRIES_VIEW("entries.view"), ENTRIES_MANAGE("entries.manage"),
	TRAINING_BOOK("training.book"), ASSESSMENTS_CONDUCT("assessments.conduct"), RESULTS_PUPILS("results.pupils"),
	RESULTS_SUMMARY("results.summary"), RESULTS_COMPARE("results.compare");

	private static final Map<String, Permission> BY_KEY = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(Permission::key, Function.identity()));

	private final String key;

	Permission(String key) {
		this.key = key;
	}

	public String key() {
		return this.key;
	}

	public int bit() {
		return 1 << ordinal();
	}

	public static Optional<Permission> fromKey(String key) {
		return Optional.ofNullable(key == null ? null : BY_KEY.get(key));
	}

}
