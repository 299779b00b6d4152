package org.staffroom.accounts;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates the platform operator at start-up from STAFFROOM_OPERATOR_EMAIL and
 * STAFFROOM_OPERATOR_PASSWORD when no account has that email yet, then says in the log
 * where Staffroom is and how to sign in.
 */
@Component
class OperatorAccount implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(OperatorAccount.class);

	private final Accounts accounts;

	private final PasswordEncoder passwords;

	private final Clock clock;

	private final Environment environment;

	private final String email;

	private final String password;

	OperatorAccount(Accounts accounts, PasswordEncoder passwords, Clock clock, Environment environment,
			@Value("${staffroom.operator.email:}") String email,
			@Value("${staffroom.operator.password:}") String password) {
		this.accounts = accounts;
		this.passwords = passwords;
		this.clock = clock;
		this.environment = environment;
		this.email = email;
		this.password = password;
	}

	@Override
	@Transactional
	public void run(ApplicationArguments args) {
		String base = this.environment.getProperty("staffroom.public-base-url", "http://localhost:8080");
		String signInAs = this.email;
		if (this.email.isBlank() || this.password.isBlank()) {
			signInAs = firstRunOperator();
		}
		else {
			var address = EmailAddress.parse(this.email)
				.orElseThrow(() -> new IllegalStateException("STAFFROOM_OPERATOR_EMAIL is not an email address"));
			if (this.accounts.findByEmail(address.key()).isEmpty()) {
				this.accounts.createOperator(address, this.passwords.encode(this.password), this.clock.instant());
				log.info("Created the operator account {}", address.display());
			}
		}
		log.info(
				"Staffroom is running at {} . Sign in as the operator {} ({}); the API is described at "
						+ "{}/swagger-ui.html",
				base, signInAs, this.email.isBlank() ? "password printed above when it was created"
						: "password: STAFFROOM_OPERATOR_PASSWORD",
				base);
	}

	/**
	 * With no operator configured, a trial still needs someone to sign in: the first
	 * start creates operator@staffroom.local with a random password, printed once to the
	 * log.
	 */
	private String firstRunOperator() {
		EmailAddress address = EmailAddress.parse("operator@staffroom.local").orElseThrow();
		if (this.accounts.findByEmail(address.key()).isEmpty() && !this.accounts.anyOperator()) {
			String generated = org.staffroom.system.security.SecretTokens.newToken().substring(0, 20);
			this.accounts.createOperator(address, this.passwords.encode(generated), this.clock.instant());
			log.warn("No operator configured (STAFFROOM_OPERATOR_EMAIL, STAFFROOM_OPERATOR_PASSWORD): created {} "
					+ "with the password {} . It is shown only this once.", address.display(), generated);
		}
		return address.display();
	}

}
