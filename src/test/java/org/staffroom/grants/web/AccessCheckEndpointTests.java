package org.staffroom.grants.web;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.staffroom.grants.web.AccessQuestions.Answer;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.TokenResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The short path answers only a valid question from a live token, and hands everything
 * else to the ordinary path with the body as it came (the API tests check that the
 * answers are the same).
 */
class AccessCheckEndpointTests {

	private static final SignedIn ME = new SignedIn("me", "me@school.test", false, "hash");

	private static final String QUESTION = "{\"organisationId\":\"o\",\"userId\":\"u\",\"permission\":\"audit.view\"}";

	private final AccessQuestions questions = mock(AccessQuestions.class);

	private final TokenResolver tokens = (token) -> token.equals("live") ? Optional.of(ME) : Optional.empty();

	// Nobody here must enrol a second factor first.
	private final AccessCheckEndpoint endpoint = new AccessCheckEndpoint(this.tokens, this.questions,
			JsonMapper.builder().build(), (who) -> false);

	@Test
	void answersAValidQuestionFromALiveTokenItself() throws Exception {
		when(this.questions.answer(any(), eq(ME), any(FieldErrors.class), eq("")))
			.thenReturn(new Answer(true, "teacher at 7A", null, "a1"));
		MockHttpServletResponse response = new MockHttpServletResponse();

		Handed handed = send(request("live", QUESTION), response);

		assertThat(handed.request.get()).as("not handed on").isNull();
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).isEqualTo("application/json");
		assertThat(response.getContentAsString())
			.isEqualTo("{\"allowed\":true,\"reason\":\"teacher at 7A\",\"grantedBy\":\"a1\"}");
		assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
		assertThat(response.getHeader("Cache-Control")).isEqualTo("no-cache, no-store, max-age=0, must-revalidate");
		assertThat(response.getHeader("Strict-Transport-Security")).as("only over TLS").isNull();
	}

	@Test
	void handsOnWhatItDoesNotAnswerWithTheBodyAsItCame() throws Exception {
		when(this.questions.answer(any(), eq(ME), any(FieldErrors.class), anyString())).thenAnswer((call) -> {
			call.getArgument(2, FieldErrors.class).add("unitId", "unknown_unit", "No such unit");
			return null;
		});
		assertHandedOn(request("live", QUESTION), QUESTION);
		assertHandedOn(request("forged", QUESTION), null);
		assertHandedOn(request(null, QUESTION), null);
		assertHandedOn(request("live", "{\"organisationId\": "), "{\"organisationId\": ");
		assertHandedOn(request("live", "{\"organisationId\": [1]}"), "{\"organisationId\": [1]}");
		assertHandedOn(request("live", "null"), "null");
		MockHttpServletRequest text = request("live", QUESTION);
		text.setContentType("text/plain");
		assertHandedOn(text, null);
		MockHttpServletRequest xml = request("live", QUESTION);
		xml.addHeader("Accept", "application/xml");
		assertHandedOn(xml, null);
		MockHttpServletRequest get = request("live", QUESTION);
		get.setMethod("GET");
		assertHandedOn(get, null);
		MockHttpServletRequest batch = request("live", QUESTION);
		batch.setRequestURI("/api/v1/access/check-batch");
		assertHandedOn(batch, null);
	}

	@Test
	void handsOnAQuestionWhoseAnswerIsAnError() throws Exception {
		when(this.questions.answer(any(), eq(ME), any(FieldErrors.class), anyString()))
			.thenThrow(Failure.forbidden("forbidden", "No"))
			.thenThrow(new Failure(Failure.Kind.NOT_FOUND, "not_found", "No"))
			.thenThrow(new IllegalStateException("a bug"));
		for (int i = 0; i < 3; i++) {
			assertHandedOn(request("live", QUESTION), QUESTION);
		}
	}

	private void assertHandedOn(MockHttpServletRequest request, String bodyRead) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		Handed handed = send(request, response);
		assertThat(handed.request.get()).as("handed on").isNotNull();
		assertThat(response.getContentAsString()).as("nothing written").isEmpty();
		if (bodyRead != null) {
			assertThat(handed.body.get()).isEqualTo(bodyRead);
		}
	}

	private Handed send(MockHttpServletRequest request, MockHttpServletResponse response) throws Exception {
		Handed handed = new Handed();
		FilterChain chain = (req, res) -> {
			handed.request.set((HttpServletRequest) req);
			handed.body.set(new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
		};
		this.endpoint.doFilter(request, response, chain);
		return handed;
	}

	private static MockHttpServletRequest request(String token, String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/access/check");
		if (token != null) {
			request.addHeader("Authorization", "Bearer " + token);
		}
		request.setContentType("application/json");
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		return request;
	}

	private static final class Handed {

		final AtomicReference<HttpServletRequest> request = new AtomicReference<>();

		final AtomicReference<String> body = new AtomicReference<>();

	}

}
