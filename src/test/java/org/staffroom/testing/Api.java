package org.staffroom.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for API tests: real requests to the running service on a random
 * port.
 */
public final class Api {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final String base;

	private final String token;

	private final Map<String, String> headers;

	public Api(String base, String token) {
		this(base, token, Map.of());
	}

	private Api(String base, String token, Map<String, String> headers) {
		this.base = base;
		this.token = token;
		this.headers = headers;
	}

	public Api as(String token) {
		return new Api(this.base, token, this.headers);
	}

	public Api anonymous() {
		return new Api(this.base, null, this.headers);
	}

	public Api header(String name, String value) {
		Map<String, String> h = new LinkedHashMap<>(this.headers);
		h.put(name, value);
		return new Api(this.base, this.token, h);
	}

	public String token() {
		return this.token;
	}

	public Response get(String path) {
		return send("GET", path, null, null);
	}

	public Response post(String path, Object body) {
		return send("POST", path, body, "application/json");
	}

	public Response postRaw(String path, String body, String contentType) {
		return send("POST", path, body, contentType);
	}

	public Response postBytes(String path, byte[] body, String contentType) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30));
		if (this.token != null) {
			request.header("Authorization", "Bearer " + this.token);
		}
		request.header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
		try {
			HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().map(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public Response patch(String path, Object body) {
		return send("PATCH", path, body, "application/json");
	}

	public Response delete(String path) {
		return send("DELETE", path, null, null);
	}

	/**
	 * Any method with the body sent exactly as given (for malformed JSON and odd content
	 * types).
	 */
	public Response raw(String method, String path, String body, String contentType) {
		return send(method, path, body, contentType);
	}

	public static String json(Object body) {
		return (body instanceof String s) ? s : JSON.writeValueAsString(body);
	}

	private Response send(String method, String path, Object body, String contentType) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30));
		if (this.token != null) {
			request.header("Authorization", "Bearer " + this.token);
		}
		this.headers.forEach(request::header);
		if (body != null) {
			request.header("Content-Type", contentType);
			request.method(method, HttpRequest.BodyPublishers.ofString(json(body)));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		try {
			HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().map(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A response: status, headers and the body, parsed as JSON when it is JSON. */
	public record Response(int status, Map<String, java.util.List<String>> headers, String text) {

		public JsonNode json() {
			return (this.text == null || this.text.isBlank()) ? JSON.nullNode() : JSON.readTree(this.text);
		}

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((e) -> e.getKey().equalsIgnoreCase(name))
				.map((e) -> e.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		public String code() {
			return json().path("code").asString(null);
		}

		public String contentType() {
			return header("Content-Type");
		}

		@Override
		public String toString() {
			return this.status + " " + this.text;
		}

	}

}
