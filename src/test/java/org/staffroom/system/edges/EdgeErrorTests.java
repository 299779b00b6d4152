package org.staffroom.system.edges;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.ProblemAssert.assertThatProblem;

/**
 * Ordinary mistakes at the edge (issue 12, item 4) answer problem+json with a
 * {@code code}, never a 500 or Tomcat's own page: an Accept header that cannot be met,
 * invalid percent-encodings, an encoded slash or {@code %00} in the path, a huge header,
 * and {@code GET /error} itself.
 */
class EdgeErrorTests extends ApiTestCase {

	private RawHttp raw;

	private String token;

	@BeforeEach
	void rawClient() {
		this.raw = new RawHttp(this.port);
		this.token = operator().token();
	}

	@Test
	void answersNotAcceptableWhenNoRepresentationMatchesTheAcceptHeader() {
		assertThatProblem(operator().header("Accept", "text/csv").get("/api/v1/me")).is(406, "not_acceptable");
		assertThatProblem(
				operator().header("Accept", "application/json").get("/api/v1/organisations/x/imports/y/errors.csv"))
			.is(406, "not_acceptable");
		assertThatProblem(operator().header("Accept", "image/png").get("/api/v1/imports/staff-template.csv")).is(406,
				"not_acceptable");
	}

	@Test
	void stillServesTheCsvWhenCsvIsAcceptable() {
		var csv = operator().header("Accept", "text/csv, application/json;q=0.5")
			.get("/api/v1/imports/staff-template.csv");

		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.contentType()).startsWith("text/csv");
	}

	@Test
	void answersAMalformedAcceptHeaderWithAProblem() {
		assertProblem(get("/api/v1/me", Map.of("Accept", "this is not a media type")), 406);
	}

	@Test
	void refusesInvalidPercentEncodingInAQueryParameter() {
		var answer = get("/api/v1/organisations/" + "x" + "/members?unitId=%ff%fe", Map.of());

		assertProblem(answer, 400);
		assertThat(answer.code()).isIn("validation_failed", "bad_request");
		assertProblem(get("/api/v1/organisations/x/members?q=%zz", Map.of()), 400);
		assertProblem(get("/api/v1/organisations/x/members?q=%", Map.of()), 400);
	}

	@Test
	void refusesAnEncodedSlashOrNulInThePathWithAProblem() {
		assertProblem(get("/api/v1/organisations/a%2Fb/members", Map.of()), 400);
		assertProblem(get("/api/v1/organisations/a%00b/members", Map.of()), 400);
		assertProblem(get("/api/v1/organisations/a%5Cb/members", Map.of()), 400);
		assertProblem(get("/api/v1/organisations/%2e%2e/members", Map.of()), 400);
		assertProblem(get("/api/v1/organisations/a;b=c/members", Map.of()), 400);
	}

	@Test
	void answersAHugeBearerTokenWithAProblem() {
		var answer = this.raw.send("GET", "/api/v1/me", Map.of("Authorization", "Bearer " + "A".repeat(100_000)), null);

		assertThat(answer.status()).as(answer.toString()).isIn(400, 401, 431);
		assertThat(answer.problemFault()).as(answer.toString()).isNull();
	}

	@Test
	void answersAnEnormousHeaderWithAProblem() {
		var answer = this.raw.send("GET", "/api/v1/me", Map.of("X-Padding", "A".repeat(1_000_000)), null);

		assertThat(answer.status()).as(answer.toString()).isIn(400, 431);
		assertThat(answer.problemFault()).as(answer.toString()).isNull();
	}

	@Test
	void answersGetErrorWithAProblem() {
		var answer = this.raw.send("GET", "/error", Map.of(), null);

		assertThat(answer.status()).as(answer.toString()).isGreaterThanOrEqualTo(400).isLessThan(500);
		assertThat(answer.problemFault()).as(answer.toString()).isNull();
		var posted = this.raw.send("POST", "/error", Map.of("Content-Type", "application/json"), "{}");
		assertThat(posted.status()).as(posted.toString()).isGreaterThanOrEqualTo(400).isLessThan(500);
	}

	@Test
	void answersGetErrorFromABrowserWithAPage() {
		var answer = this.raw.send("GET", "/error", Map.of("Accept", "text/html"), null);

		assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
		assertThat(answer.header("Content-Type")).startsWith("text/html");
	}

	@Test
	void answersARequestLineTomcatCannotParseWithAProblem() {
		assertProblem(get("/api/v1/me?q=a b", Map.of()), 400);
		assertProblem(get("/api/v1/me?q={}", Map.of()), 400);
	}

	private RawHttp.Answer get(String target, Map<String, String> headers) {
		Map<String, String> all = new java.util.LinkedHashMap<>(headers);
		all.put("Authorization", "Bearer " + this.token);
		return this.raw.send("GET", target, all, null);
	}

	private static void assertProblem(RawHttp.Answer answer, int status) {
		assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
		assertThat(answer.problemFault()).as(answer.toString()).isNull();
	}

}
