package org.staffroom.signin.web;

import java.net.URI;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialRequestOptionsRequest;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;
import org.staffroom.factors.SecondFactors;
import org.staffroom.system.security.Acting;
import org.staffroom.system.security.SignedInPrincipal;
import org.staffroom.system.security.Via;

/**
 * Staffroom as a WebAuthn relying party: Spring Security's own ceremonies (webauthn4j
 * checks them) over the passkeys kept in the database. The relying party id is the host
 * of {@code staffroom.public-base-url} unless {@code staffroom.webauthn.rp-id} says
 * otherwise; a passkey only ever works for the id it was registered under, so it must not
 * change once people have passkeys. The allowed origins are the public base URL's unless
 * {@code staffroom.webauthn.allowed-origins} lists others (comma-separated; read at each
 * ceremony, so that tests can name the random port).
 */
@Configuration(proxyBeanMethods = false)
class RelyingParty {

	static final String ORIGINS = "staffroom.webauthn.allowed-origins";

	@Bean
	WebAuthnRelyingPartyOperations passkeyCeremonies(PublicKeyCredentialUserEntityRepository userEntities,
			UserCredentialRepository credentials, SecondFactors factors, Environment environment,
			@Value("${staffroom.public-base-url}") String baseUrl,
			@Value("${staffroom.webauthn.rp-id:}") String configuredRpId) {
		URI base = URI.create(baseUrl);
		String rpId = configuredRpId.isBlank() ? base.getHost() : configuredRpId;
		PublicKeyCredentialRpEntity rp = PublicKeyCredentialRpEntity.builder().id(rpId).name("Staffroom").build();
		return new AnnouncingRegistrations(new Webauthn4JRelyingPartyOperations(userEntities, credentials, rp,
				new AllowedOrigins(environment, originOf(base))), factors);
	}

	static String originOf(URI url) {
		return url.getScheme() + "://" + url.getHost() + ((url.getPort() == -1) ? "" : ":" + url.getPort());
	}

	/**
	 * The origins a ceremony may come from, read from the environment each time it is
	 * asked (a test's port is known only once the server has started).
	 */
	static final class AllowedOrigins extends AbstractSet<String> {

		private final Environment environment;

		private final String fallback;

		AllowedOrigins(Environment environment, String fallback) {
			this.environment = environment;
			this.fallback = fallback;
		}

		private Set<String> current() {
			String listed = this.environment.getProperty(ORIGINS, "");
			if (listed.isBlank()) {
				return Set.of(this.fallback);
			}
			Set<String> origins = new LinkedHashSet<>();
			Arrays.stream(listed.split(",")).map(String::strip).filter((o) -> !o.isEmpty()).forEach(origins::add);
			return origins;
		}

		@Override
		public Iterator<String> iterator() {
			return current().iterator();
		}

		@Override
		public int size() {
			return current().size();
		}

	}

	/**
	 * Spring Security's ceremonies, checking the name a person gives a new passkey first,
	 * and announcing a registered one (audited; every node's view of the account's
	 * factors is refreshed).
	 */
	static final class AnnouncingRegistrations implements WebAuthnRelyingPartyOperations {

		private final WebAuthnRelyingPartyOperations ceremonies;

		private final SecondFactors factors;

		AnnouncingRegistrations(WebAuthnRelyingPartyOperations ceremonies, SecondFactors factors) {
			this.ceremonies = ceremonies;
			this.factors = factors;
		}

		@Override
		public PublicKeyCredentialCreationOptions createPublicKeyCredentialCreationOptions(
				PublicKeyCredentialCreationOptionsRequest request) {
			return this.ceremonies.createPublicKeyCredentialCreationOptions(request);
		}

		@Override
		public CredentialRecord registerCredential(RelyingPartyRegistrationRequest request) {
			String name = SecondFactors.passkeyName(request.getPublicKey().getLabel());
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			if (authentication == null || !(authentication.getPrincipal() instanceof SignedInPrincipal principal)) {
				throw new IllegalStateException("Only a signed-in person registers a passkey");
			}
			CredentialRecord registered = this.ceremonies.registerCredential(request);
			var me = principal.signedIn();
			this.factors.passkeyRegistered(me, name, Acting.of(me, Via.PAGE));
			return registered;
		}

		@Override
		public PublicKeyCredentialRequestOptions createCredentialRequestOptions(
				PublicKeyCredentialRequestOptionsRequest request) {
			return this.ceremonies.createCredentialRequestOptions(request);
		}

		@Override
		public PublicKeyCredentialUserEntity authenticate(RelyingPartyAuthenticationRequest request) {
			return this.ceremonies.authenticate(request);
		}

	}

}
