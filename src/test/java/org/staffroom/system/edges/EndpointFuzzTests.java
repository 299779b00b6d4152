package org.staffroom.system.edges;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.ApiTestCase;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every API endpoint, found from the handler mappings, is sent what a careless or hostile
 * client sends: invalid percent-encodings in the path and the query, Accept headers it
 * cannot meet, malformed JSON, an empty body, odd content types, and every body field
 * with a value of every wrong JSON type. None of it may answer 500, and every error must
 * be problem+json with a code. Path variables are real ids of a seeded organisation, so
 * that the requests reach the code.
 */
class EndpointFuzzTests extends ApiTestCase {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");

	/** A value of each JSON type, for a field of any type: most are wrong for it. */
	private static final List<Object> WRONG_VALUES = List.of(123, -1, 1.5, true, "text", "", List.of(), List.of(1),
			Map.of(), Map.of("a", 1), new java.math.BigInteger("99999999999999999999999"));

	private static final List<String> BAD_SEGMENTS = List.of("%ff%fe", "%zz", "%", "%2F", "%00", "a%2Fb", "%2e%2e",
			"a;b", "%5C", "%C0%AF", "a%20b", "x".repeat(3000));

	private static final List<String> BAD_ACCEPTS = List.of("text/csv", "application/xml", "image/png",
			"not a media type", "application/json;q=oops", "text/html", "*/*;q=0");

	private static final List<String> BAD_BODIES = List.of("{\"a\": ", "", "null", "[]", "42", "\"text\"", "{}", "[{}]",
			"{\"a\": 1, \"a\": 2}", "\u0000", "{\"x\": \"\\ud800\"}", "[".repeat(5000));

	private static final List<String> BAD_CONTENT_TYPES = List.of("text/plain", "application/json;charset=bogus",
			"multipart/form-data", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
			"application/octet-stream", "not/a type");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void answersEveryMalformedRequestToEveryEndpointWithAProblemAndNeverA500() {
		Trust trust = aTrust();
		String school = trust.school("Oak");
		Member member = trust.member("org-overview", null);
		String invitee = email("pending");
		trust.invite(trust.admin, invitee, "org-overview", null);
		String invitationToken = latestLink(invitee, "invitations");
		String invitationId = trust.admin.get(trust.path("/invitations"))
			.json()
			.path("items")
			.get(0)
			.path("id")
			.asString();
		String operatorToken = operator().token();
		Map<String, String> ids = new LinkedHashMap<>();
		ids.put("org", trust.id);
		ids.put("members", member.id());
		ids.put("accounts", member.id());
		ids.put("units", school);
		ids.put("invitations", invitationId);
		RawHttp raw = new RawHttp(this.port);
		List<Endpoint> endpoints = endpoints();
		assertThat(endpoints).as("the API's endpoints").hasSizeGreaterThan(20);
		Set<String> faults = new TreeSet<>();
		int sent = 0;

		for (Endpoint endpoint : endpoints) {
			String path = fill(endpoint.pattern(), ids, invitationToken);
			boolean operatorOnly = path.startsWith("/api/v1/operator") || path.equals("/api/v1/organisations")
					|| path.startsWith("/api/v1/webhooks");
			String token = endpoint.method().equals("DELETE") ? signIn(trust.adminEmail)
					: (operatorOnly ? operatorToken : trust.admin.token());
			Sender send = new Sender(raw, endpoint, token, faults);
			boolean body = endpoint.takesBody();
			String valid = body ? "{}" : null;

			send.request("query", path + "?unitId=%ff%fe&q=%ff&page=%zz&size=%&org=%00", Map.of(), valid);
			for (String segment : BAD_SEGMENTS) {
				send.request("path " + segment, fillWith(endpoint.pattern(), segment), Map.of(), valid);
			}
			for (String accept : BAD_ACCEPTS) {
				send.request("Accept " + accept, path, Map.of("Accept", accept), valid);
			}
			if (!endpoint.method().equals("PUT")) {
				send.request("method PUT", path, Map.of(), "{}", "PUT");
			}
			if (body) {
				for (String sample : BAD_BODIES) {
					send.request("body " + RawHttp.abbreviate(sample), path, Map.of(), sample);
				}
				for (String type : BAD_CONTENT_TYPES) {
					send.request("Content-Type " + type, path, Map.of("Content-Type", type), "%zz=%ff&a=b");
				}
				for (Map<String, Object> wrong : wrongTypes(endpoint.bodyType(), 2)) {
					send.request("field " + JSON.writeValueAsString(wrong), path, Map.of(),
							JSON.writeValueAsString(wrong));
				}
			}
			sent += send.count;
		}

		assertThat(sent).as("requests sent").isGreaterThan(500);
		assertThat(faults).as("%d requests; answers that are a 500 or an error without problem+json and a code", sent)
			.isEmpty();
	}

	private String signIn(String email) {
		return signIn(email, PASSWORD).token();
	}

	/**
	 * Every method and path under /api/, with what its body binds to; destructive ones
	 * last.
	 */
	private List<Endpoint> endpoints() {
		Set<Endpoint> all = new LinkedHashSet<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : this.mappings.getHandlerMethods().entrySet()) {
			RequestMappingInfo info = entry.getKey();
			Type body = null;
			for (MethodParameter parameter : entry.getValue().getMethodParameters()) {
				if (parameter.hasParameterAnnotation(RequestBody.class)) {
					body = parameter.getGenericParameterType();
				}
			}
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			for (String pattern : info.getPatternValues()) {
				if (!pattern.startsWith("/api/")) {
					continue;
				}
				for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
					all.add(new Endpoint(method.name(), pattern, body));
				}
			}
		}
		List<Endpoint> sorted = new ArrayList<>(all);
		sorted.sort(Comparator.comparing(Endpoint::destructive)
			.thenComparing(Endpoint::pattern)
			.thenComparing(Endpoint::method));
		return sorted;
	}

	private static String fill(String pattern, Map<String, String> ids, String invitationToken) {
		Matcher m = VARIABLE.matcher(pattern);
		StringBuilder out = new StringBuilder();
		while (m.find()) {
			String name = m.group(1);
			String before = pattern.substring(0, m.start());
			String segment = before.replaceAll("/$", "");
			segment = segment.substring(segment.lastIndexOf('/') + 1);
			String value;
			if (name.equals("org") || name.equals("organisationId")) {
				value = ids.get("org");
			}
			else if (name.equals("token")) {
				value = segment.equals("invitations") ? invitationToken : "A".repeat(43);
			}
			else {
				value = ids.getOrDefault(segment, "00000000-0000-0000-0000-000000000000");
			}
			m.appendReplacement(out, Matcher.quoteReplacement(value));
		}
		m.appendTail(out);
		return out.toString();
	}

	private static String fillWith(String pattern, String value) {
		return VARIABLE.matcher(pattern).replaceAll(Matcher.quoteReplacement(value));
	}

	/**
	 * Bodies with one field of a wrong type each, for every field of the record the body
	 * binds to, and (to the given depth) for the fields of records nested in it, alone
	 * and inside a list.
	 */
	private static List<Map<String, Object>> wrongTypes(Type type, int depth) {
		List<Map<String, Object>> bodies = new ArrayList<>();
		Class<?> raw = rawClass(type);
		if (raw == null || !raw.isRecord() || depth == 0) {
			return bodies;
		}
		for (RecordComponent component : raw.getRecordComponents()) {
			for (Object wrong : WRONG_VALUES) {
				bodies.add(Map.of(component.getName(), wrong));
			}
			Type inner = component.getGenericType();
			Class<?> innerRaw = rawClass(inner);
			if (innerRaw != null && List.class.isAssignableFrom(innerRaw) && inner instanceof ParameterizedType list) {
				for (Map<String, Object> element : wrongTypes(list.getActualTypeArguments()[0], depth - 1)) {
					bodies.add(Map.of(component.getName(), List.of(element)));
				}
			}
			for (Map<String, Object> nested : wrongTypes(inner, depth - 1)) {
				bodies.add(Map.of(component.getName(), nested));
			}
		}
		return bodies;
	}

	private static Class<?> rawClass(Type type) {
		if (type instanceof Class<?> c) {
			return c;
		}
		if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
			return c;
		}
		return null;
	}

	record Endpoint(String method, String pattern, Type bodyType) {

		boolean takesBody() {
			return this.bodyType != null || this.method.equals("POST") || this.method.equals("PATCH")
					|| this.method.equals("PUT");
		}

		boolean destructive() {
			return this.method.equals("DELETE") || this.pattern.matches(".*/(close|erase|revoke|remove|decline)$")
					|| this.pattern.contains("/operator/");
		}

	}

	/** Sends one endpoint its requests and notes every answer that breaks the rule. */
	private static final class Sender {

		private final RawHttp raw;

		private final Endpoint endpoint;

		private final String token;

		private final Set<String> faults;

		int count;

		Sender(RawHttp raw, Endpoint endpoint, String token, Set<String> faults) {
			this.raw = raw;
			this.endpoint = endpoint;
			this.token = token;
			this.faults = faults;
		}

		void request(String what, String target, Map<String, String> headers, String body) {
			request(what, target, headers, body, this.endpoint.method());
		}

		void request(String what, String target, Map<String, String> headers, String body, String method) {
			Map<String, String> all = new LinkedHashMap<>();
			all.put("Authorization", "Bearer " + this.token);
			all.put("If-Match", "\"0\"");
			if (body != null) {
				all.put("Content-Type", "application/json");
			}
			all.putAll(headers);
			this.count++;
			RawHttp.Answer answer = this.raw.send(method, target, all, body);
			String fault = null;
			if (answer.status() < 100 || answer.status() >= 500) {
				fault = "status " + answer.status();
			}
			else if (answer.status() >= 400) {
				fault = answer.problemFault();
			}
			if (fault != null) {
				this.faults.add(method + " " + this.endpoint.pattern() + " [" + what + "]: " + fault + ": "
						+ RawHttp.abbreviate(answer.toString()));
			}
		}

	}

}
