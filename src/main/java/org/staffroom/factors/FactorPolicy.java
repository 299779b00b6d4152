package org.staffroom.factors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.Permission;
import org.staffroom.grants.Snapshots;
import org.staffroom.system.jdbc.ChangeSignals;
import org.staffroom.system.security.SignedIn;

/**
 * Who must have a second factor (identity.md section 1): a member of an organisation
 * whose policy is {@code everyone}, a member holding accounts.manage or roles.manage
 * anywhere in an organisation whose policy is {@code administrators}, and operators when
 * {@code staffroom.operators.mfa-required} is set. Only active memberships count.
 *
 * <p>
 * Asked on every request, so the answer is kept per account until anything it depends on
 * changes: any organisation's version (policies and roles move it on every node), or the
 * account's own factors (a signal from whichever node changed them).
 */
@Component
public class FactorPolicy implements org.staffroom.system.security.EnrolmentRequired {

	// A notification lost while a listener reconnects is covered by this bound.
	private static final Duration KEEP_FOR = Duration.ofSeconds(30);

	private static final int KEEP_AT_MOST = 200_000;

	private final JdbcClient jdbc;

	private final Snapshots snapshots;

	private final Clock clock;

	private final boolean operatorsRequired;

	private final AtomicLong epoch = new AtomicLong();

	private final Map<String, Kept> kept = new ConcurrentHashMap<>();

	private record Kept(boolean needsEnrolment, long epoch, Instant until) {
	}

	FactorPolicy(JdbcClient jdbc, Snapshots snapshots, Clock clock, ChangeSignals signals,
			@Value("${staffroom.operators.mfa-required:false}") boolean operatorsRequired) {
		this.jdbc = jdbc;
		this.snapshots = snapshots;
		this.clock = clock;
		this.operatorsRequired = operatorsRequired;
		signals.subscribe(this::onSignal);
	}

	private void onSignal(String signal) {
		if (signal.startsWith("org:") || signal.equals("*")) {
			this.epoch.incrementAndGet();
		}
		else if (signal.startsWith("factors:")) {
			this.kept.remove(signal.substring("factors:".length()));
		}
	}

	/** Whether the account has a second factor: TOTP (confirmed) or a passkey. */
	public boolean hasFactor(String accountId) {
		// One statement: every API sign-in and step-up asks it.
		return this.jdbc.sql("""
				SELECT (SELECT COUNT(*) FROM totp_factors WHERE account_id = :id AND confirmed_at IS NOT NULL)
				     + (SELECT COUNT(*) FROM user_credentials c
				        JOIN user_entities u ON u.id = c.user_entity_user_id
				        JOIN accounts a ON a.email_key = u.name WHERE a.id = :id)""")
			.param("id", accountId)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * Whether the person is covered by a policy and has no factor, so may only enrol,
	 * read /me and sign out.
	 */
	@Override
	public boolean needsEnrolment(SignedIn who) {
		Instant now = this.clock.instant();
		long epochNow = this.epoch.get();
		Kept known = this.kept.get(who.accountId());
		if (known != null && known.epoch() == epochNow && now.isBefore(known.until())) {
			return known.needsEnrolment();
		}
		Coverage coverage = coverage(who.accountId(), who.operator());
		boolean needs = coverage.covered() && !hasFactor(who.accountId());
		if (coverage.fresh()) {
			if (this.kept.size() >= KEEP_AT_MOST) {
				this.kept.clear();
			}
			this.kept.put(who.accountId(), new Kept(needs, epochNow, now.plus(KEEP_FOR)));
		}
		return needs;
	}

	/** Whether a policy covers the account, whether or not it has a factor. */
	public boolean covered(String accountId, boolean operator) {
		return coverage(accountId, operator).covered();
	}

	private record Coverage(boolean covered, boolean fresh) {
	}

	private Coverage coverage(String accountId, boolean operator) {
		if (operator && this.operatorsRequired) {
			return new Coverage(true, true);
		}
		List<String[]> policies = this.jdbc.sql("""
				SELECT o.id, o.mfa_required FROM memberships m JOIN organisations o ON o.id = m.organisation_id
				WHERE m.account_id = ? AND m.status = 'active' AND o.mfa_required <> 'none'""")
			.param(accountId)
			.query((rs, i) -> new String[] { rs.getString(1), rs.getString(2) })
			.list();
		boolean fresh = true;
		for (String[] policy : policies) {
			if (policy[1].equals("everyone")) {
				return new Coverage(true, true);
			}
			AccessSnapshot snapshot = this.snapshots.current(policy[0]).orElse(null);
			if (snapshot == null) {
				continue;
			}
			// A snapshot still being rebuilt may not show a role just given: decide with
			// it, but do not keep the answer.
			fresh &= this.snapshots.upToDate(policy[0]);
			if (!snapshot.scopesOf(accountId, Permission.ACCOUNTS_MANAGE).isEmpty()
					|| !snapshot.scopesOf(accountId, Permission.ROLES_MANAGE).isEmpty()) {
				return new Coverage(true, fresh);
			}
		}
		return new Coverage(false, fresh);
	}

}
