package org.staffroom.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.awaitility.Awaitility;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.staffroom.testing.Api;
import org.staffroom.testing.ApiTestCase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each action is recorded in the one shape that docs/audit.md documents for it: the keys
 * of {@code before} and {@code after}, in order, or null.
 */
class AuditShapesTests extends ApiTestCase {

	private static final List<String> NONE = null;

	@Autowired
	ObjectMapper json;

	static Stream<Arguments> changes() {
		return Stream.of(shape("organisation.created", NONE, keys("name", "templates")),
				shape("organisation.settings_changed", keys("name", "invitationDays", "smallGroupK", "mfaRequired"),
						keys("name", "invitationDays", "smallGroupK", "mfaRequired")),
				shape("unit.created", NONE, keys("name", "type", "parentId")),
				shape("unit.created by a roster", NONE, keys("name", "type", "parentId")),
				shape("unit.changed", keys("name", "parentId", "archived", "sourcedId"),
						keys("name", "parentId", "archived", "sourcedId")),
				shape("unit.renamed", keys("name"), keys("name")),
				shape("unit.moved", keys("parentId", "parent"), keys("parentId", "parent")),
				shape("unit.archived", keys("archived"), keys("archived")),
				shape("unit.archived by a roster", keys("archived"), keys("archived")),
				shape("unit.restored", keys("archived"), keys("archived")),
				shape("role.defined", NONE, keys("key", "permissions", "mayAssign")),
				shape("member.roles_changed", keys("roles"), keys("roles")),
				shape("member.roles_changed by approval", keys("roles"), keys("roles")),
				shape("member.roles_changed by a staff CSV", keys("roles"), keys("roles")),
				shape("member.roles_changed by a roster", keys("roles"), keys("roles")),
				shape("member.details_changed", keys("firstName", "lastName", "jobTitle", "phone", "notifications"),
						keys("firstName", "lastName", "jobTitle", "phone", "notifications")),
				shape("member.details_changed in my account",
						keys("firstName", "lastName", "jobTitle", "phone", "notifications"),
						keys("firstName", "lastName", "jobTitle", "phone", "notifications")),
				shape("member.details_changed by a roster",
						keys("firstName", "lastName", "jobTitle", "phone", "notifications"),
						keys("firstName", "lastName", "jobTitle", "phone", "notifications")),
				shape("member.status_changed", keys("status"), keys("status")),
				shape("member.removed", keys("status", "roles"), NONE),
				shape("member.removed by a roster", keys("status", "roles"), NONE),
				shape("access_request.created", NONE, keys("role", "unitId")),
				shape("access_request.declined", NONE, keys("role", "unitId")),
				shape("invitation.created", NONE, keys("email", "roles", "invitationId")),
				shape("invitation.resent", keys("expiresAt"), keys("expiresAt")),
				shape("invitation.revoked", keys("status"), keys("status")),
				shape("invitation.accepted", keys("status"), keys("status")),
				shape("account.email_change_requested", keys("email"), keys("pendingEmail")),
				shape("account.email_changed", keys("email"), keys("email")),
				shape("account.password_reset", NONE, NONE), shape("assessment.created", NONE, keys("date", "bands")),
				shape("results.recorded", NONE, keys("results", "refused")), shape("pupil.added", NONE, keys("class")),
				shape("pupil.changed", keys("class"), keys("class")), shape("pupil.removed", NONE, NONE),
				shape("import.started", NONE, keys("kind", "dryRun", "partial", "bytes")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("changes")
	void recordsEachChangeInItsDocumentedShape(String change, List<String> before, List<String> after) {
		Trust trust = aTrust();

		JsonNode[] entry = make(change, trust);

		assertThat(keysOf(entry[0])).as("before of " + change).isEqualTo(before);
		assertThat(keysOf(entry[1])).as("after of " + change).isEqualTo(after);
	}

	@Test
	void documentsEveryActionThatIsRecorded() throws IOException {
		String documented = Files.readString(Path.of("docs/audit.md"), StandardCharsets.UTF_8);

		assertThat(changes().map((a) -> ((String) a.get()[0]).split(" ")[0]).distinct())
			.allSatisfy((action) -> assertThat(documented).contains("| `" + action + "` |"));
	}

	@Test
	void recordsAChangeOfRolesTheSameWayWhetherAmendedOrApproved() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		Member amended = trust.member("org-overview", oak);
		Member approved = trust.member("org-overview", oak);

		trust.amend(trust.admin, amended.id(), Map.of("roles",
				List.of(Map.of("role", "org-overview", "unitId", oak), Map.of("role", "headteacher", "unitId", oak))));
		approve(trust, approved, oak);

		for (Member member : List.of(amended, approved)) {
			JsonNode entry = latest(trust, "member.roles_changed", member.id());
			assertThat(entry.get("before").toString()).isEqualTo("{\"roles\":[\"org-overview@" + oak + "\"]}");
			assertThat(entry.get("after").toString())
				.isEqualTo("{\"roles\":[\"org-overview@" + oak + "\",\"headteacher@" + oak + "\"]}");
		}
	}

	@Test
	void recordsAnImportsChangeOfRolesAsAnAmendmentIsRecorded() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		Member colleague = trust.member("org-overview", null);

		staffCsv(trust, colleague.email() + ",Colleague,Member,,headteacher,Oak,\r\n");

		JsonNode entry = latest(trust, "member.roles_changed", colleague.id());
		assertThat(entry.get("before").toString()).isEqualTo("{\"roles\":[\"org-overview@" + trust.root + "\"]}");
		assertThat(entry.get("after").toString())
			.isEqualTo("{\"roles\":[\"org-overview@" + trust.root + "\",\"headteacher@" + oak + "\"]}");
		assertThat(entry.get("via").asString()).isEqualTo("import");

		Map<String, String> files = roster(trust);
		String ada = memberNamed(trust, "lovelace");
		files.put("enrollments.csv", files.get("enrollments.csv") + "e-20,,,cls-7reg,sch-oak,t-ada,teacher,true,,\r\n");
		rosterImport(trust, files);

		JsonNode added = latest(trust, "member.roles_changed", ada);
		List<String> before = strings(added.get("before").get("roles"));
		List<String> after = strings(added.get("after").get("roles"));
		assertThat(before).hasSize(2).allMatch((r) -> r.startsWith("teacher@"));
		assertThat(after).hasSize(3).containsSubsequence(before);
	}

	/** Makes the change and returns its newest entry's before and after. */
	private JsonNode[] make(String change, Trust trust) {
		switch (change) {
			case "organisation.created":
				return entry(trust, change, trust.id);
			case "organisation.settings_changed":
				ok(trust.admin.patch(trust.path(""), Map.of("invitationDays", 9)));
				return entry(trust, change, trust.id);
			case "unit.created":
				return entry(trust, change, trust.school("Oak"));
			case "unit.renamed": {
				String oak = trust.school("Oak");
				ok(trust.admin.patch(trust.path("/units/" + oak), Map.of("name", "Oak Primary")));
				return entry(trust, change, oak);
			}
			case "unit.moved": {
				String year = trust.year(trust.school("Oak"), "Year 7");
				ok(trust.admin.patch(trust.path("/units/" + year), Map.of("parentId", trust.school("Elm"))));
				return entry(trust, change, year);
			}
			case "unit.archived":
			case "unit.restored": {
				String c = trust.classIn(trust.year(trust.school("Oak"), "Year 7"), "7A");
				ok(trust.admin.patch(trust.path("/units/" + c), Map.of("archived", true)));
				if (change.equals("unit.restored")) {
					ok(trust.admin.patch(trust.path("/units/" + c), Map.of("archived", false)));
				}
				return entry(trust, change, c);
			}
			case "role.defined":
				ok(trust.admin.post(trust.path("/roles"),
						Map.of("key", "helper", "name", "Helper", "unitTypes", List.of("school"), "permissions",
								List.of(Map.of("permission", "accounts.view", "anchor", "assigned")), "mayAssign",
								List.of())));
				return entry(trust, change, "helper");
			case "member.roles_changed": {
				Member member = trust.member("org-overview", null);
				ok(trust.amend(trust.admin, member.id(),
						Map.of("roles", List.of(Map.of("role", "headteacher", "unitId", trust.school("Oak"))))));
				return entry(trust, change, member.id());
			}
			case "member.roles_changed by approval": {
				String oak = trust.school("Oak");
				Member member = trust.member("org-overview", oak);
				approve(trust, member, oak);
				return entry(trust, "member.roles_changed", member.id());
			}
			case "member.roles_changed by a staff CSV": {
				Member member = trust.member("org-overview", null);
				trust.school("Oak");
				staffCsv(trust, member.email() + ",Colleague,Member,,headteacher,Oak,\r\n");
				return entry(trust, "member.roles_changed", member.id());
			}
			case "member.roles_changed by a roster": {
				Map<String, String> files = roster(trust);
				files.put("enrollments.csv",
						files.get("enrollments.csv").replace("e-2,,,cls-10s,sch-mary,t-ada,teacher,true,,\r\n", ""));
				rosterImport(trust, files);
				return entry(trust, "member.roles_changed", memberNamed(trust, "lovelace"));
			}
			case "member.details_changed by a roster": {
				Map<String, String> files = roster(trust);
				files.put("users.csv", files.get("users.csv").replace(",Ada,Lovelace,", ",Ada,Byron,"));
				rosterImport(trust, files);
				return entry(trust, "member.details_changed", memberNamed(trust, "byron"));
			}
			case "member.removed by a roster": {
				Map<String, String> files = roster(trust);
				String ada = memberNamed(trust, "lovelace");
				files.put("users.csv",
						files.get("users.csv")
							.lines()
							.filter((l) -> !l.startsWith("t-ada,"))
							.map((l) -> l + "\r\n")
							.reduce("", String::concat));
				files.put("enrollments.csv",
						files.get("enrollments.csv")
							.lines()
							.filter((l) -> !l.contains(",t-ada,"))
							.map((l) -> l + "\r\n")
							.reduce("", String::concat));
				rosterImport(trust, files);
				return entry(trust, "member.removed", ada);
			}
			case "unit.created by a roster":
				roster(trust);
				return entry(trust, "unit.created", unitNamed(trust, "Oak Academy"));
			case "unit.changed":
				roster(trust);
				return entry(trust, change, trust.root);
			case "unit.archived by a roster": {
				Map<String, String> files = roster(trust);
				String oak = unitNamed(trust, "Oak Academy");
				files.put("orgs.csv",
						files.get("orgs.csv").replace("sch-oak,,,", "sch-oak,tobedeleted,2026-11-01T00:00:00Z,"));
				files.put("manifest.csv",
						files.get("manifest.csv")
							.replace("file.orgs,bulk", "file.orgs,delta")
							.replace("file.users,bulk", "file.users,delta")
							.replace("file.enrollments,bulk", "file.enrollments,absent")
							.replace("file.classes,bulk", "file.classes,absent")
							.replace("file.courses,bulk", "file.courses,absent")
							.replace("file.academicSessions,bulk", "file.academicSessions,absent"));
				String users = files.get("users.csv");
				files.put("users.csv", users.substring(0, users.indexOf("\r\n") + 2));
				files.keySet().retainAll(List.of("manifest.csv", "orgs.csv", "users.csv"));
				rosterImport(trust, files);
				return entry(trust, "unit.archived", oak);
			}
			case "import.started":
				return entry(trust, change, staffCsv(trust, email("started") + ",New,Colleague,,,,\r\n"));
			case "member.details_changed": {
				Member member = trust.member("org-overview", null);
				ok(trust.amend(trust.admin, member.id(), Map.of("jobTitle", "Bursar")));
				return entry(trust, change, member.id());
			}
			case "member.details_changed in my account": {
				Member member = trust.member("org-overview", null);
				ok(member.api().patch("/api/v1/me", Map.of("jobTitle", "Bursar")));
				return entry(trust, "member.details_changed", member.id());
			}
			case "member.status_changed": {
				Member member = trust.member("org-overview", null);
				ok(trust.amend(trust.admin, member.id(), Map.of("status", "disabled")));
				return entry(trust, change, member.id());
			}
			case "member.removed": {
				Member member = trust.member("org-overview", null);
				ok(trust.admin.delete(trust.path("/members/" + member.id())));
				return entry(trust, change, member.id());
			}
			case "access_request.created":
			case "access_request.declined": {
				String oak = trust.school("Oak");
				Member member = trust.member("org-overview", oak);
				String id = ask(trust, member, oak);
				if (change.equals("access_request.declined")) {
					ok(trust.admin.post(trust.path("/access-requests/" + id + "/decline"), Map.of()));
				}
				return entry(trust, change, member.id());
			}
			case "invitation.created":
			case "invitation.resent":
			case "invitation.revoked": {
				var invited = trust.invite(trust.admin, email("invited"), "org-overview", null);
				ok(invited);
				String id = invited.json().get("id").asString();
				if (change.equals("invitation.resent")) {
					ok(trust.admin.post(trust.path("/invitations/" + id + "/resend"), Map.of()));
				}
				if (change.equals("invitation.revoked")) {
					ok(trust.admin.delete(trust.path("/invitations/" + id)));
				}
				return entry(trust, change, invited.json().get("memberId").asString());
			}
			case "invitation.accepted":
				return entry(trust, change, trust.member("org-overview", null).id());
			case "account.email_change_requested":
			case "account.email_changed": {
				Member member = trust.member("org-overview", null);
				String renamed = email("renamed");
				ok(trust.amend(trust.admin, member.id(), Map.of("email", renamed)));
				if (change.equals("account.email_change_requested")) {
					return entry(trust, change, member.id());
				}
				ok(this.api.anonymous()
					.post("/api/v1/email-changes/" + latestLink(renamed, "email-changes"), Map.of()));
				return stored(change, member.id());
			}
			case "account.password_reset": {
				Member member = trust.member("org-overview", null);
				assertThat(this.api.anonymous()
					.post("/api/v1/auth/password-resets", Map.of("email", member.email()))
					.status()).isEqualTo(202);
				ok(this.api.anonymous()
					.post("/api/v1/auth/password-resets/" + latestLink(member.email(), "password-resets"),
							Map.of("password", "another-long-passphrase")));
				return stored(change, member.id());
			}
			case "assessment.created":
				return entry(trust, change, assessment(trust, trust.member("examiner", trust.root).api()));
			case "results.recorded": {
				String c = trust.classIn(trust.year(trust.school("Oak"), "Year 7"), "7A");
				pupil(trust, c, "P1");
				Api examiner = trust.member("examiner", trust.root).api();
				String assessment = assessment(trust, examiner);
				var recorded = examiner.postBytes(trust.path("/assessments/" + assessment + "/results"),
						"pupil,score,band\nP1,50,mid\n".getBytes(StandardCharsets.UTF_8), "text/csv");
				assertThat(recorded.status()).as(recorded.toString()).isLessThan(300);
				return entry(trust, change, assessment);
			}
			case "pupil.added":
			case "pupil.changed":
			case "pupil.removed": {
				String year = trust.year(trust.school("Oak"), "Year 7");
				String pupil = pupil(trust, trust.classIn(year, "7A"), "P1");
				if (change.equals("pupil.changed")) {
					ok(trust.admin.patch(trust.path("/pupils/" + pupil), Map.of("classId", trust.classIn(year, "7B"))));
				}
				if (change.equals("pupil.removed")) {
					ok(trust.admin.delete(trust.path("/pupils/" + pupil)));
				}
				return entry(trust, change, pupil);
			}
			default:
				throw new IllegalArgumentException(change);
		}
	}

	private static final List<String> ROSTER_FILES = List.of("manifest.csv", "orgs.csv", "academicSessions.csv",
			"courses.csv", "classes.csv", "users.csv", "enrollments.csv");

	/** Imports a staff CSV of these rows and returns the import's id. */
	private static String staffCsv(Trust trust, String rows) {
		return imported(trust, "staff-csv", "text/csv",
				("email,first name,last name,job title,role,school,year or class\r\n" + rows)
					.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Imports the test roster (OneRoster 1.1) into the trust and returns its files, to
	 * change and import again.
	 */
	private static Map<String, String> roster(Trust trust) {
		String domain = "shapes" + System.nanoTime() + ".test";
		Map<String, String> files = new LinkedHashMap<>();
		for (String name : ROSTER_FILES) {
			try (InputStream in = AuditShapesTests.class.getResourceAsStream("/oneroster/v1p1/" + name)) {
				files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{domain}", domain));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		rosterImport(trust, files);
		return files;
	}

	private static void rosterImport(Trust trust, Map<String, String> files) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (var file : files.entrySet()) {
				zip.putNextEntry(new ZipEntry(file.getKey()));
				zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		imported(trust, "oneroster", "application/zip", bytes.toByteArray());
	}

	/**
	 * Runs an import to its end, which must be a success with no problem, and returns its
	 * id.
	 */
	private static String imported(Trust trust, String kind, String contentType, byte[] body) {
		var started = trust.admin.postBytes(trust.path("/imports?kind=" + kind + "&dryRun=false"), body, contentType);
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		String id = started.json().get("id").asString();
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
			String status = trust.admin.get(trust.path("/imports/" + id)).json().get("status").asString();
			return status.equals("succeeded") || status.equals("failed");
		});
		JsonNode report = trust.admin.get(trust.path("/imports/" + id)).json();
		assertThat(report.get("status").asString()).as(report.toString()).isEqualTo("succeeded");
		assertThat(report.get("errors")).as(report.toString()).isEmpty();
		return id;
	}

	private static String memberNamed(Trust trust, String q) {
		JsonNode items = trust.admin.get(trust.path("/members?q=" + q)).json().get("items");
		assertThat(items).as("members called " + q).hasSize(1);
		return items.get(0).get("id").asString();
	}

	private static String unitNamed(Trust trust, String name) {
		for (JsonNode unit : trust.admin.get(trust.path("/units")).json()) {
			if (unit.get("name").asString().equals(name)) {
				return unit.get("id").asString();
			}
		}
		throw new AssertionError("no unit called " + name);
	}

	private static List<String> strings(JsonNode array) {
		List<String> strings = new ArrayList<>();
		array.forEach((n) -> strings.add(n.asString()));
		return strings;
	}

	private String ask(Trust trust, Member member, String school) {
		var asked = member.api().post(trust.path("/access-requests"), Map.of("role", "headteacher", "unitId", school));
		ok(asked);
		return asked.json().get("id").asString();
	}

	private void approve(Trust trust, Member member, String school) {
		ok(trust.admin.post(trust.path("/access-requests/" + ask(trust, member, school) + "/approve"), Map.of()));
	}

	private String assessment(Trust trust, Api examiner) {
		var created = examiner.post(trust.path("/assessments"),
				Map.of("name", "Autumn", "date", "2026-11-20", "bands", List.of("low", "mid", "high")));
		ok(created);
		return created.json().get("id").asString();
	}

	private String pupil(Trust trust, String classId, String externalId) {
		var added = trust.admin.post(trust.path("/pupils"),
				Map.of("firstName", "Pupil", "lastName", externalId, "externalId", externalId, "classId", classId));
		ok(added);
		return added.json().get("id").asString();
	}

	private static JsonNode latest(Trust trust, String action, String target) {
		var found = trust.admin.get(trust.path("/audit?action=" + action + "&targetId=" + target));
		ok(found);
		JsonNode items = found.json().get("items");
		assertThat(items).as(action + " about " + target).isNotEmpty();
		return items.get(0);
	}

	private static JsonNode[] entry(Trust trust, String action, String target) {
		JsonNode entry = latest(trust, action, target);
		return new JsonNode[] { entry.get("before"), entry.get("after") };
	}

	/** An entry that belongs to no organisation, read where it is stored. */
	private JsonNode[] stored(String action, String target) {
		List<String[]> rows = this.jdbc.sql(
				"SELECT before_state, after_state FROM audit_entries WHERE action = ? AND target_id = ? ORDER BY id DESC")
			.params(action, target)
			.query((rs, i) -> new String[] { rs.getString(1), rs.getString(2) })
			.list();
		assertThat(rows).as(action + " about " + target).isNotEmpty();
		return new JsonNode[] { read(rows.get(0)[0]), read(rows.get(0)[1]) };
	}

	private JsonNode read(String stored) {
		return (stored == null) ? null : this.json.readTree(stored);
	}

	private static List<String> keysOf(JsonNode state) {
		if (state == null || state.isNull()) {
			return null;
		}
		List<String> keys = new ArrayList<>();
		state.properties().forEach((p) -> keys.add(p.getKey()));
		return keys;
	}

	private static void ok(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isBetween(200, 299);
	}

	private static Arguments shape(String change, List<String> before, List<String> after) {
		return Arguments.of(change, before, after);
	}

	private static List<String> keys(String... keys) {
		return List.of(keys);
	}

}
