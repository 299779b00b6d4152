package org.staffroom.accounts;

import java.util.List;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Accounts as Spring Security sees them, for signing in to the pages. Emails are usernames. */
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
		return User.withUsername(account.emailKey()).password(hash).authorities(authorities).build();
	}

}
