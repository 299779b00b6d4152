package org.staffroom.signin.web;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;

import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsRepository;

/**
 * Keeps a registration's options in the session between its two requests, as Spring
 * Security does, but in a form the database-backed session can serialize (Spring
 * Security's options are not {@link Serializable}): what checking the answer needs.
 */
final class CreationOptionsInSession implements PublicKeyCredentialCreationOptionsRepository {

	private static final String ATTRIBUTE = "staffroom.passkeyRegistration";

	private static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(PublicKeyCredentialParameters.EdDSA,
			PublicKeyCredentialParameters.ES256, PublicKeyCredentialParameters.ES384,
			PublicKeyCredentialParameters.ES512, PublicKeyCredentialParameters.RS256,
			PublicKeyCredentialParameters.RS384, PublicKeyCredentialParameters.RS512,
			PublicKeyCredentialParameters.RS1);

	/** The parts of the options that the answer is checked against. */
	record Ceremony(String rpId, String rpName, PublicKeyCredentialUserEntity user, Bytes challenge,
			@Nullable UserVerificationRequirement userVerification, List<Long> algorithms,
			@Nullable Duration timeout) implements Serializable {

		static Ceremony of(PublicKeyCredentialCreationOptions options) {
			AuthenticatorSelectionCriteria selection = options.getAuthenticatorSelection();
			return new Ceremony(options.getRp().getId(), options.getRp().getName(), options.getUser(),
					options.getChallenge(), (selection != null) ? selection.getUserVerification() : null,
					options.getPubKeyCredParams().stream().map((p) -> p.getAlg().getValue()).toList(),
					options.getTimeout());
		}

		PublicKeyCredentialCreationOptions options() {
			var selection = AuthenticatorSelectionCriteria.builder();
			if (this.userVerification != null) {
				selection.userVerification(this.userVerification);
			}
			var builder = PublicKeyCredentialCreationOptions.builder()
				.rp(PublicKeyCredentialRpEntity.builder().id(this.rpId).name(this.rpName).build())
				.user(this.user)
				.challenge(this.challenge)
				.pubKeyCredParams(ALGORITHMS.stream()
					.filter((p) -> this.algorithms.contains(p.getAlg().getValue()))
					.toArray(PublicKeyCredentialParameters[]::new))
				.authenticatorSelection(selection.build());
			if (this.timeout != null) {
				builder.timeout(this.timeout);
			}
			return builder.build();
		}

	}

	@Override
	public void save(HttpServletRequest request, HttpServletResponse response,
			@Nullable PublicKeyCredentialCreationOptions options) {
		if (options == null) {
			HttpSession session = request.getSession(false);
			if (session != null) {
				session.removeAttribute(ATTRIBUTE);
			}
			return;
		}
		request.getSession().setAttribute(ATTRIBUTE, Ceremony.of(options));
	}

	@Override
	public @Nullable PublicKeyCredentialCreationOptions load(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof Ceremony ceremony)) {
			return null;
		}
		return ceremony.options();
	}

}
