package org.staffroom.factors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.accounts.ApiTokens;
import org.staffroom.accounts.SignInThrottle;
import org.staffroom.system.jdbc.ChangeSignals;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.security.Acting;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.StepUp;
import org.staffroom.system.security.Via;

/**
 * A person's own second factors: enrolling and removing TOTP, recovery codes, removing
 * passkeys, and proving a factor (at sign-in, or for step-up). Wrong codes count against
 * the same throttle as wrong passwords and are audited.
 */
@Service
public class SecondFactors implements StepUp {

	/** How long a second factor counts as recent for step-up. */
	public static final Duration STEP_UP_WINDOW = Duration.ofMinutes(15);

	private final TotpFactors totp;

	private final RecoveryCodes recoveryCodes;

	private final Passkeys passkeys;

	private final FactorPolicy policy;

	private final SignInThrottle throttle;

	private final ApiTokens tokens;

	private final ChangeSignals signals;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final String issuer;

	SecondFactors(TotpFactors totp, RecoveryCodes recoveryCodes, Passkeys passkeys, FactorPolicy policy,
			SignInThrottle throttle, ApiTokens tokens, ChangeSignals signals, ApplicationEventPublisher events,
			Clock clock, @Value("${staffroom.mfa.issuer:Staffroom}") String issuer) {
		this.totp = totp;
		this.recoveryCodes = recoveryCodes;
		this.passkeys = passkeys;
		this.policy = policy;
		this.throttle = throttle;
		this.tokens = tokens;
		this.signals = signals;
		this.events = events;
		this.clock = clock;
		this.issuer = issuer;
	}

	/** What {@code GET /api/v1/me/mfa} shows. */
	public record Status(boolean totp, boolean totpPending, List<Passkeys.Passkey> passkeys, int recoveryCodesLeft,
			boolean covered) {

		public boolean any() {
			return this.totp || !this.passkeys.isEmpty();
		}

	}

	public Status status(SignedIn me) {
		var factor = this.totp.find(me.accountId());
		return new Status(factor.map(TotpFactors.Factor::confirmed).orElse(false),
				factor.map((f) -> !f.confirmed()).orElse(false), this.passkeys.of(me.accountId()),
				this.recoveryCodes.left(me.accountId()), this.policy.covered(me.accountId(), me.operator()));
	}

	public boolean hasFactor(String accountId) {
		return this.policy.hasFactor(accountId);
	}

	public boolean hasPasskey(String accountId) {
		return this.passkeys.any(accountId);
	}

	/** A new TOTP secret, pending until {@link #confirmTotp} gets a first code. */
	public record PendingTotp(String secret, String otpauthUri) {
	}

	/** The TOTP enrolment waiting for its first code, if there is one. */
	public java.util.Optional<PendingTotp> pendingTotp(SignedIn me) {
		return this.totp.find(me.accountId())
			.filter((f) -> !f.confirmed())
			.map((f) -> new PendingTotp(f.secret(), Totp.otpauthUri(this.issuer, me.email(), f.secret())));
	}

	/**
	 * Starts enrolling TOTP (again, if one is pending: the new secret replaces it).
	 * @throws Failure {@code already_enrolled} (409) when TOTP is already confirmed
	 */
	@Transactional
	public PendingTotp startTotp(SignedIn me) {
		if (this.totp.confirmed(me.accountId())) {
			throw Failure.conflict("already_enrolled",
					"An authenticator app is already set up; remove it first to set up another");
		}
		String secret = Totp.newSecret();
		this.totp.startPending(me.accountId(), secret, this.clock.instant());
		return new PendingTotp(secret, Totp.otpauthUri(this.issuer, me.email(), secret));
	}

	/**
	 * Confirms the pending TOTP with a first code and issues ten recovery codes, shown
	 * this once.
	 * @throws Failure {@code no_enrolment_pending} (409), {@code mfa_invalid} (401) for a
	 * wrong code, {@code rate_limited} while locked
	 */
	@Transactional
	public List<String> confirmTotp(SignedIn me, @Nullable String code, Acting by) {
		String key = ownKey(me.accountId());
		this.throttle.throwIfLocked(key);
		var pending = this.totp.findForUpdate(me.accountId()).filter((f) -> !f.confirmed());
		if (pending.isEmpty()) {
			throw Failure.conflict("no_enrolment_pending",
					this.totp.confirmed(me.accountId()) ? "The authenticator app is already set up"
							: "There is no authenticator app waiting to be confirmed: start setting one up first");
		}
		String given = required(code, "code");
		OptionalLong step = Totp.matchingStep(pending.get().secret(), given, nowStep(), 0);
		if (step.isEmpty()) {
			refused(me, key, "totp_confirm", by.via());
		}
		this.throttle.succeeded(key);
		this.totp.confirm(me.accountId(), step.getAsLong(), this.clock.instant());
		List<String> codes = this.recoveryCodes.issue(me.accountId());
		factorsChanged(me.accountId());
		this.events.publishEvent(
				new SecondFactorChanged(me.accountId(), me.email(), SecondFactorChanged.What.TOTP_ENROLLED, null, by));
		return codes;
	}

	/**
	 * Removes TOTP, with a current code (or a recovery code).
	 * @throws Failure {@code not_enrolled} (404), {@code last_factor_required} (409)
	 * while a policy covers the person and it is their only factor, {@code mfa_invalid}
	 */
	@Transactional
	public void removeTotp(SignedIn me, @Nullable String code, Acting by) {
		String key = ownKey(me.accountId());
		this.throttle.throwIfLocked(key);
		if (!this.totp.confirmed(me.accountId())) {
			throw new Failure(Failure.Kind.NOT_FOUND, "not_enrolled", "No authenticator app is set up");
		}
		String given = required(code, "code");
		refuseLastFactor(me, !this.passkeys.any(me.accountId()));
		if (!proveWith(me.accountId(), given)) {
			refused(me, key, "totp_remove", by.via());
		}
		this.throttle.succeeded(key);
		this.totp.remove(me.accountId());
		if (!this.passkeys.any(me.accountId())) {
			this.recoveryCodes.removeAll(me.accountId());
		}
		factorsChanged(me.accountId());
		this.events.publishEvent(
				new SecondFactorChanged(me.accountId(), me.email(), SecondFactorChanged.What.TOTP_REMOVED, null, by));
	}

	/**
	 * A fresh set of recovery codes, with a current TOTP code; the old set stops working.
	 * @throws Failure {@code not_enrolled} (409) without TOTP, {@code mfa_invalid}
	 */
	@Transactional
	public List<String> renewRecoveryCodes(SignedIn me, @Nullable String code, Acting by) {
		String key = ownKey(me.accountId());
		this.throttle.throwIfLocked(key);
		if (!this.totp.confirmed(me.accountId())) {
			throw Failure.conflict("not_enrolled", "Recovery codes come with an authenticator app: set one up first");
		}
		String given = required(code, "code");
		if (!proveWithTotp(me.accountId(), given)) {
			refused(me, key, "recovery_codes", by.via());
		}
		this.throttle.succeeded(key);
		List<String> codes = this.recoveryCodes.issue(me.accountId());
		this.events.publishEvent(new SecondFactorChanged(me.accountId(), me.email(),
				SecondFactorChanged.What.RECOVERY_CODES_RENEWED, null, by));
		return codes;
	}

	/**
	 * Removes one of the person's passkeys.
	 * @throws Failure {@code not_found} for a passkey that is not theirs,
	 * {@code last_factor_required} while a policy covers them and it is their only factor
	 */
	@Transactional
	public void removePasskey(SignedIn me, String passkeyId, Acting by) {
		var passkey = this.passkeys.of(me.accountId()).stream().filter((p) -> p.id().equals(passkeyId)).findFirst();
		if (passkey.isEmpty()) {
			throw Failure.notFound("That passkey");
		}
		boolean onlyFactor = !this.totp.confirmed(me.accountId()) && this.passkeys.of(me.accountId()).size() == 1;
		refuseLastFactor(me, onlyFactor);
		this.passkeys.remove(me.accountId(), passkeyId);
		if (!this.policy.hasFactor(me.accountId())) {
			this.recoveryCodes.removeAll(me.accountId());
		}
		factorsChanged(me.accountId());
		this.events.publishEvent(new SecondFactorChanged(me.accountId(), me.email(),
				SecondFactorChanged.What.PASSKEY_REMOVED, passkey.get().name(), by));
	}

	/** The longest name a passkey may have. */
	public static final int PASSKEY_NAME_MAX = 100;

	/**
	 * The name a person gives a new passkey, stripped.
	 * @throws Failure {@code required} or {@code too_long} on the field {@code name}
	 */
	public static String passkeyName(@Nullable String name) {
		String given = (name == null) ? "" : name.strip();
		if (given.isEmpty()) {
			throw Failure.invalid("name", "required",
					"Enter a name for the passkey, such as the device it is on (\"Work laptop\")");
		}
		if (given.length() > PASSKEY_NAME_MAX) {
			throw Failure.invalid("name", "too_long",
					"The passkey's name must be " + PASSKEY_NAME_MAX + " characters or fewer");
		}
		return given;
	}

	/**
	 * A passkey was registered (by Spring Security's WebAuthn support, which stored it):
	 * audited, and every node forgets what it knew of the account's factors.
	 */
	public void passkeyRegistered(SignedIn me, String name, Acting by) {
		factorsChanged(me.accountId());
		this.events.publishEvent(new SecondFactorChanged(me.accountId(), me.email(),
				SecondFactorChanged.What.PASSKEY_REGISTERED, name, by));
	}

	/**
	 * Checks a second factor at sign-in: a TOTP code or a recovery code, each usable
	 * once. A wrong one is counted under {@code throttleKey} (the email's, as for a wrong
	 * password) and audited.
	 * @return true when it proves the factor
	 */
	@Transactional
	public boolean proveAtSignIn(String accountId, String email, @Nullable String otp, @Nullable String recoveryCode,
			String throttleKey, Via via) {
		boolean proved = (otp != null && !otp.isBlank() && proveWithTotp(accountId, otp.strip()))
				|| (recoveryCode != null && !recoveryCode.isBlank()
						&& this.recoveryCodes.use(accountId, recoveryCode, this.clock.instant()));
		if (!proved) {
			this.throttle.failed(throttleKey);
			this.events.publishEvent(new SecondFactorRefused(accountId, email, "sign_in", via, null));
		}
		return proved;
	}

	// ---- step-up ----

	@Override
	public void require(Acting acting) {
		if (acting.via() != Via.PAGE && acting.via() != Via.API) {
			return;
		}
		if (acting.accountId() == null) {
			return;
		}
		Instant at = acting.secondFactorAt();
		if (at != null && !at.plus(STEP_UP_WINDOW).isBefore(this.clock.instant())) {
			return;
		}
		if (this.policy.hasFactor(acting.accountId()) || this.policy.covered(acting.accountId(), acting.operator())) {
			throw Failure.forbidden("step_up_required",
					"This change needs your second factor: send \"otp\" (the code from your authenticator app) "
							+ "with the request, or sign in with it again");
		}
	}

	@Override
	@Transactional
	public SignedIn withCode(SignedIn who, @Nullable String code) {
		if (code == null || code.isBlank()) {
			return who;
		}
		String key = ownKey(who.accountId());
		this.throttle.throwIfLocked(key);
		if (!proveWith(who.accountId(), code.strip())) {
			refused(who, key, "step_up", who.tokenHash() != null ? Via.API : Via.PAGE);
		}
		this.throttle.succeeded(key);
		Instant now = this.clock.instant();
		if (who.tokenHash() != null) {
			this.tokens.provedSecondFactor(who.tokenHash(), now);
		}
		return who.withSecondFactorAt(now);
	}

	// ---- reset by an administrator ----

	/** Removes every factor of the account, with no code: the caller has decided. */
	@Transactional
	public void removeAll(String accountId) {
		this.totp.remove(accountId);
		this.recoveryCodes.removeAll(accountId);
		this.passkeys.removeAll(accountId);
		factorsChanged(accountId);
	}

	// ---- helpers ----

	private boolean proveWith(String accountId, String code) {
		return proveWithTotp(accountId, code) || this.recoveryCodes.use(accountId, code, this.clock.instant());
	}

	private boolean proveWithTotp(String accountId, String code) {
		if (!Totp.wellFormed(code)) {
			return false;
		}
		// No row lock: the guarded update of the last step used accepts each code once
		// even when two requests bring it at the same time.
		var factor = this.totp.find(accountId).filter(TotpFactors.Factor::confirmed);
		if (factor.isEmpty()) {
			return false;
		}
		OptionalLong step = Totp.matchingStep(factor.get().secret(), code, nowStep(), factor.get().lastUsedStep());
		return step.isPresent() && this.totp.used(accountId, step.getAsLong());
	}

	private void refuseLastFactor(SignedIn me, boolean onlyFactor) {
		if (onlyFactor && this.policy.covered(me.accountId(), me.operator())) {
			throw Failure.conflict("last_factor_required",
					"Your organisation requires a second factor, and this is your only one: "
							+ "add another (an authenticator app or a passkey) before removing it");
		}
	}

	private void refused(SignedIn me, String key, String where, Via via) {
		this.throttle.failed(key);
		this.events.publishEvent(new SecondFactorRefused(me.accountId(), me.email(), where, via, null));
		throw new Failure(Failure.Kind.UNAUTHENTICATED, "mfa_invalid",
				"The code is wrong, has expired or was used already: codes are 6 digits from your authenticator "
						+ "app, or one of your recovery codes");
	}

	private static String required(@Nullable String code, String field) {
		if (code == null || code.isBlank()) {
			throw Failure.invalid(field, "required", "Enter the code from your authenticator app");
		}
		return code.strip();
	}

	private long nowStep() {
		return Totp.stepAt(this.clock.instant().getEpochSecond());
	}

	private void factorsChanged(String accountId) {
		this.signals.publish("factors:" + accountId);
	}

	private static String ownKey(String accountId) {
		return "factor:" + accountId;
	}

}
