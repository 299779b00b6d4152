package org.staffroom.system.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.staffroom.system.problems.ProblemWriter;
import org.staffroom.system.problems.Failure;

/**
 * Authenticates API calls by {@code Authorization: Bearer <token>}; a bad token is a 401
 * at once.
 */
class BearerTokenFilter extends OncePerRequestFilter {

	private final TokenResolver tokens;

	private final ProblemWriter problems;

	BearerTokenFilter(TokenResolver tokens, ProblemWriter problems) {
		this.tokens = tokens;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || header.isBlank()) {
			chain.doFilter(request, response);
			return;
		}
		if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			this.problems.write(response, Failure.unauthenticated("Send Authorization: Bearer <token>"));
			return;
		}
		var signedIn = this.tokens.resolve(header.substring(7).strip());
		if (signedIn.isEmpty()) {
			this.problems.write(response, Failure.unauthenticated("The token is unknown, expired or revoked"));
			return;
		}
		var authorities = signedIn.get().operator()
				? List.of(new SimpleGrantedAuthority("ROLE_OPERATOR"), new SimpleGrantedAuthority("ROLE_USER"))
				: List.of(new SimpleGrantedAuthority("ROLE_USER"));
		var authentication = UsernamePasswordAuthenticationToken.authenticated(signedIn.get(), null, authorities);
		var context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		SecurityContextHolder.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

}
