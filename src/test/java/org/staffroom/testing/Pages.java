package org.staffroom.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser without JavaScript, for page tests: keeps cookies, follows redirects, and
 * sends each form with the CSRF token of the page it last read, as a real form post
 * would.
 */
public final class Pages {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final String base;

	private final HttpClient client;

	private final CookieManager cookies = new CookieManager();

	private String csrf;

	public Pages(String base) {
		this.base = base;
		this.client = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NORMAL)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	/** A page as it arrived. */
	public record Page(int status, String path, String body) {

		public boolean shows(String text) {
			return this.body.contains(text);
		}

		@Override
		public String toString() {
			return this.status + " " + this.path + "\n" + this.body;
		}

	}

	public Page get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET());
	}

	/** Posts a form; each value is a String or a List of Strings (a repeated field). */
	public Page post(String path, Map<String, ?> form) {
		return post(path, form, true);
	}

	/**
	 * Posts a form as another site would make this browser post it: without the page's
	 * CSRF token, which another site cannot read, and without the session cookie, which
	 * SameSite=Lax keeps off a cross-site POST; a cookie the answer sets is kept, as a
	 * browser keeps it.
	 */
	public Page postFromAnotherSite(String path, Map<String, ?> form) {
		StringBuilder body = new StringBuilder();
		form.forEach((name, value) -> append(body, name, String.valueOf(value)));
		URI uri = URI.create(this.base + path);
		HttpClient cookieless = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		try {
			HttpResponse<String> response = cookieless.send(HttpRequest.newBuilder(uri)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Origin", "https://elsewhere.example")
				.timeout(Duration.ofSeconds(30))
				.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
				.build(), HttpResponse.BodyHandlers.ofString());
			this.cookies.put(uri, response.headers().map());
			return new Page(response.statusCode(), uri.getPath(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Posts a form without the page's CSRF token, but with the session cookie (a lax
	 * browser's post).
	 */
	public Page postWithoutCsrf(String path, Map<String, ?> form) {
		return post(path, form, false);
	}

	/** The value of the session cookie this browser holds, or null when it holds none. */
	public String sessionCookie() {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((c) -> c.getName().equals("SESSION") || c.getName().equals("JSESSIONID"))
			.map(java.net.HttpCookie::getValue)
			.findFirst()
			.orElse(null);
	}

	private Page post(String path, Map<String, ?> form, boolean withCsrf) {
		StringBuilder body = new StringBuilder();
		if (withCsrf && this.csrf != null) {
			append(body, "_csrf", this.csrf);
		}
		form.forEach((name, value) -> {
			if (value instanceof List<?> values) {
				values.forEach((v) -> append(body, name, String.valueOf(v)));
			}
			else if (value != null) {
				append(body, name, String.valueOf(value));
			}
		});
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body.toString())));
	}

	/**
	 * Posts a multipart form with one file, as a browser sends a file upload; the CSRF
	 * token travels as a field of the form, as the page puts it there.
	 */
	public Page postFile(String path, Map<String, ?> fields, String fileField, String fileName, byte[] content) {
		String boundary = "----staffroom" + System.nanoTime();
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		java.util.function.Consumer<String> write = (s) -> body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
		Map<String, Object> all = new java.util.LinkedHashMap<>();
		if (this.csrf != null) {
			all.put("_csrf", this.csrf);
		}
		all.putAll(fields);
		all.forEach((name, value) -> {
			if (value != null) {
				write.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n"
						+ value + "\r\n");
			}
		});
		write.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
				+ fileName + "\"\r\nContent-Type: text/csv\r\n\r\n");
		body.writeBytes(content);
		write.accept("\r\n--" + boundary + "--\r\n");
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
	}

	/** A download as it arrived: status, headers and the bytes as UTF-8 text. */
	public record Download(int status, String contentType, String disposition, String text) {
	}

	public Download download(String path) {
		try {
			HttpResponse<byte[]> response = this.client.send(
					HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(30)).GET().build(),
					HttpResponse.BodyHandlers.ofByteArray());
			return new Download(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
					response.headers().firstValue("Content-Disposition").orElse(null),
					new String(response.body(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A form's fields from name, value pairs, in order; a value may be a List for a
	 * repeated field.
	 */
	public static Map<String, Object> form(Object... pairs) {
		Map<String, Object> form = new java.util.LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			form.put((String) pairs[i], pairs[i + 1]);
		}
		return form;
	}

	/** Signs in through the sign-in page. */
	public Page signIn(String email, String password) {
		get("/sign-in");
		return post("/sign-in", Map.of("email", email, "password", password));
	}

	/**
	 * The value of the first input with this name, as a browser would send it (entities
	 * decoded).
	 */
	public static String value(Page page, String name) {
		Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\"[^>]*value=\"([^\"]*)\"").matcher(page.body());
		if (!m.find()) {
			throw new AssertionError("No field " + name + " in " + page);
		}
		return m.group(1)
			.replace("&quot;", "\"")
			.replace("&#39;", "'")
			.replace("&lt;", "<")
			.replace("&gt;", ">")
			.replace("&amp;", "&");
	}

	/** Every match of the pattern's first group in the page. */
	public static List<String> all(Page page, String regex) {
		List<String> found = new ArrayList<>();
		Matcher m = Pattern.compile(regex).matcher(page.body());
		while (m.find()) {
			found.add(m.group(1));
		}
		return found;
	}

	private Page send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			Matcher m = CSRF.matcher(response.body());
			if (m.find()) {
				this.csrf = m.group(1);
			}
			return new Page(response.statusCode(),
					response.uri().getPath()
							+ (response.uri().getQuery() == null ? "" : "?" + response.uri().getQuery()),
					response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void append(StringBuilder body, String name, String value) {
		if (!body.isEmpty()) {
			body.append('&');
		}
		body.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
			.append('=')
			.append(URLEncoder.encode(value, StandardCharsets.UTF_8));
	}

}
