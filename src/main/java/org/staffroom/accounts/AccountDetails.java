package org.staffroom.accounts;

import java.util.List;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.SignedInPrincipal;

/**
 * Accounts as Spring Security sees them, for signing in to the pages. Emails are
 * usernames.
 */
@Component
class AccountDetails implements UserDetailsService {

	private final Accounts accounts;

	AccountDetails(Accounts accounts) {
		this.accounts = accounts;
	}

	@Override
	public UserDetails loadUserByUsername(String email) {
		Account account = this.accounts.findByEmail(email == null ? "" : email)
			.orElseThrow(() -> new UsernameNotFoundException("No such account"));
		String hash = this.accounts.passwordHash(account.id())
			.orElseThrow(() -> new UsernameNotFoundException("The account has no password yet"));
		var authorities = account.operator()
				? List.of(new SimpleGrantedAuthority("ROLE_OPERATOR"), new SimpleGrantedAuthority("ROLE_USER"))
				: List.of(new SimpleGrantedAuthority("ROLE_USER"));
		return new PageUser(account.emailKey(), hash, authorities,
				new SignedIn(account.id(), account.email(), account.operator(), null));
	}

	/** A page session's user: Spring Security's user plus the account it stands for. */
	static final class PageUser extends User implements SignedInPrincipal {

		private final SignedIn signedIn;

		PageUser(String username, String password, List<SimpleGrantedAuthority> authorities, SignedIn signedIn) {
			super(username, password, authorities);
			this.signedIn = signedIn;
		}

		@Override
		public SignedIn signedIn() {
			return this.signedIn;
		}

		@Override
		public boolean equals(Object other) {
			return super.equals(other);
		}

		@Override
		public int hashCode() {
			return super.hashCode();
		}

	}

}
