package org.staffroom.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.staffroom.testing.Api;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Importing OneRoster 1.1 and 1.2 CSV packages (src/test/resources/oneroster, written
 * from the 1EdTech CSV binding): a trust of three schools, non-ASCII names, quoted
 * commas, a teacher at two schools. Each test gives the emails a domain of its own, since
 * the tests share one database.
 */
class OneRosterImportTests extends ApiTestCase {

	private static final List<String> FILES = List.of("manifest.csv", "orgs.csv", "academicSessions.csv", "courses.csv",
			"classes.csv", "roles.csv", "users.csv", "enrollments.csv");

	private static int domains;

	static synchronized String domain() {
		return "roster" + (++domains) + "-" + System.nanoTime() % 100000 + ".test";
	}

	/** The package's files as text, with {domain} filled in. */
	static Map<String, String> files(String version, String domain) {
		Map<String, String> files = new LinkedHashMap<>();
		for (String name : FILES) {
			try (InputStream in = OneRosterImportTests.class
				.getResourceAsStream("/oneroster/" + version + "/" + name)) {
				if (in != null) {
					files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{domain}", domain));
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return files;
	}

	static byte[] zip(Map<String, ?> files) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (var file : files.entrySet()) {
				zip.putNextEntry(new ZipEntry(file.getKey()));
				zip.write(file.getValue() instanceof byte[] b ? b
						: ((String) file.getValue()).getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static JsonNode run(Trust trust, Api as, byte[] body, String query) {
		var started = as.postBytes(trust.path("/imports?kind=oneroster&" + query), body, "application/zip");
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		String id = started.json().get("id").asString();
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
			String status = as.get(trust.path("/imports/" + id)).json().get("status").asString();
			return status.equals("succeeded") || status.equals("failed");
		});
		return as.get(trust.path("/imports/" + id)).json();
	}

	private static List<String> codes(JsonNode report) {
		return report.get("errors").findValuesAsString("code");
	}

	/** The one problem of a dry run, as "file row column code". */
	private JsonNode onlyProblem(Trust trust, Map<String, ?> files) {
		JsonNode report = run(trust, trust.admin, zip(files), "dryRun=true");
		assertThat(report.get("errors")).as(report.toString()).hasSize(1);
		return report.get("errors").get(0);
	}

	static String where(JsonNode problem) {
		return problem.get("file").asString() + " " + problem.path("row").asString("-") + " "
				+ problem.path("column").asString("-") + " " + problem.get("code").asString();
	}

	private int count(JsonNode report, String key) {
		return report.get("counts").get(key).asInt();
	}

	private long pupils(Trust trust) {
		return this.jdbc.sql("SELECT COUNT(*) FROM pupils WHERE organisation_id = ?")
			.param(trust.id)
			.query(Long.class)
			.single();
	}

	private long units(Trust trust) {
		return this.jdbc.sql("SELECT COUNT(*) FROM units WHERE organisation_id = ?")
			.param(trust.id)
			.query(Long.class)
			.single();
	}

	private long members(Trust trust) {
		return trust.admin.get(trust.path("/members?size=200")).json().get("total").asLong();
	}

	private String unitNamed(Trust trust, String name) {
		for (JsonNode unit : trust.admin.get(trust.path("/units")).json()) {
			if (unit.get("name").asString().equals(name)) {
				return unit.get("id").asString();
			}
		}
		throw new AssertionError("No unit called " + name);
	}

	private List<String> rolesOf(Trust trust, String q) {
		JsonNode items = trust.admin.get(trust.path("/members?q=" + q)).json().get("items");
		assertThat(items).as(q).hasSize(1);
		return items.get(0)
			.get("roles")
			.valueStream()
			.map((r) -> r.get("role").asString() + "@" + r.path("unitId").asString(trust.root))
			.sorted()
			.toList();
	}

	@Test
	void aOneRoster11PackageIsImportedEndToEndAndASecondImportChangesNothing() {
		Trust trust = aTrust();
		String domain = domain();
		byte[] pkg = zip(files("v1p1", domain));
		long members = members(trust);
		long units = units(trust);

		JsonNode dry = run(trust, trust.admin, pkg, "dryRun=true");
		assertThat(dry.get("errors")).as(dry.toString()).isEmpty();
		assertThat(count(dry, "invited")).isEqualTo(6);
		assertThat(count(dry, "pupilsCreated")).isEqualTo(5);
		assertThat(members(trust)).isEqualTo(members);
		assertThat(units(trust)).isEqualTo(units);
		assertThat(pupils(trust)).isZero();

		JsonNode real = run(trust, trust.admin, pkg, "dryRun=false");
		assertThat(real.get("status").asString()).as(real.toString()).isEqualTo("succeeded");
		assertThat(real.get("errors")).isEmpty();
		assertThat(count(real, "schoolsCreated")).isEqualTo(3);
		assertThat(count(real, "yearsCreated")).isEqualTo(3);
		assertThat(count(real, "classesCreated")).isEqualTo(5);
		assertThat(count(real, "invited")).isEqualTo(6);
		assertThat(count(real, "rolesAdded")).isEqualTo(7);
		assertThat(count(real, "pupilsCreated")).isEqualTo(5);
		assertThat(count(real, "skipped")).isEqualTo(1);
		assertThat(real.get("progress").get("done").asInt()).isEqualTo(real.get("progress").get("total").asInt());
		assertThat(members(trust)).isEqualTo(members + 6);
		assertThat(units(trust)).isEqualTo(units + 11);
		assertThat(pupils(trust)).isEqualTo(5);

		String oak = unitNamed(trust, "Oak Academy");
		String mary = unitNamed(trust, "St Mary's, Upper School");
		unitNamed(trust, "Øresund Primary");
		String year7 = this.jdbc.sql("SELECT id FROM units WHERE parent_id = ? AND name = 'Year 7'")
			.param(oak)
			.query(String.class)
			.single();
		String maths = unitNamed(trust, "7A Maths");
		String science = unitNamed(trust, "10S Science, set 1");
		String registration = unitNamed(trust, "7 Registration");
		assertThat(this.jdbc.sql("SELECT parent_id FROM units WHERE id = ?").param(maths).query(String.class).single())
			.isEqualTo(year7);
		assertThat(this.jdbc.sql("SELECT parent_id FROM units WHERE id = ?")
			.param(unitNamed(trust, "Choir"))
			.query(String.class)
			.single()).isEqualTo(oak);
		// A teacher at two schools; administrators as the mapping says (headteacher by
		// default).
		assertThat(rolesOf(trust, "lovelace")).containsExactlyInAnyOrder("teacher@" + maths, "teacher@" + science);
		assertThat(rolesOf(trust, "hopper")).containsExactly("headteacher@" + oak);
		assertThat(rolesOf(trust, "turing")).containsExactly("org-overview@" + trust.root);
		assertThat(rolesOf(trust, "bergstr")).isEmpty();
		assertThat(trust.admin.get(trust.path("/members?q=o%27brien")).json().get("total").asInt()).isEqualTo(1);
		assertThat(emailsTo("ada.lovelace@" + domain)).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM accounts WHERE email_key LIKE ? AND password_hash IS NULL")
			.param("%@" + domain)
			.query(Long.class)
			.single()).isEqualTo(6);
		// A pupil's class is their homeroom; names keep their accents and commas.
		assertThat(this.jdbc.sql("SELECT class_id FROM pupils WHERE organisation_id = ? AND source_id = 's-1'")
			.param(trust.id)
			.query(String.class)
			.single()).isEqualTo(registration);
		assertThat(this.jdbc.sql("SELECT first_name FROM pupils WHERE organisation_id = ? AND source_id = 's-3'")
			.param(trust.id)
			.query(String.class)
			.single()).isEqualTo("Mary, Jane");
		assertThat(mary).isNotNull();

		JsonNode again = run(trust, trust.admin, pkg, "dryRun=false");
		assertThat(again.get("status").asString()).as(again.toString()).isEqualTo("succeeded");
		assertThat(again.get("errors")).isEmpty();
		for (String key : List.of("schoolsCreated", "schoolsUpdated", "yearsCreated", "classesCreated",
				"classesUpdated", "invited", "updated", "removed", "rolesAdded", "rolesRemoved", "pupilsCreated",
				"pupilsUpdated", "pupilsRemoved")) {
			assertThat(count(again, key)).as(key).isZero();
		}
		assertThat(count(again, "unchanged")).isEqualTo(6);
		assertThat(count(again, "pupilsUnchanged")).isEqualTo(5);
		assertThat(members(trust)).isEqualTo(members + 6);
		assertThat(units(trust)).isEqualTo(units + 11);
		assertThat(pupils(trust)).isEqualTo(5);
		assertThat(emailsTo("ada.lovelace@" + domain)).isEqualTo(1);
	}

	@Test
	void aOneRoster12PackageWithRolesCsvIsImportedAndAdministratorsBecomeUserAdmins() {
		Trust trust = aTrust();
		byte[] pkg = zip(files("v1p2", domain()));
		JsonNode real = run(trust, trust.admin, pkg, "dryRun=false&administratorRole=user-admin");
		assertThat(real.get("status").asString()).as(real.toString()).isEqualTo("succeeded");
		assertThat(count(real, "schoolsCreated")).isEqualTo(3);
		assertThat(count(real, "classesCreated")).isEqualTo(5);
		assertThat(count(real, "invited")).isEqualTo(6);
		assertThat(count(real, "rolesAdded")).isEqualTo(7);
		assertThat(count(real, "pupilsCreated")).isEqualTo(5);
		assertThat(count(real, "skipped")).isEqualTo(1);
		String oak = unitNamed(trust, "Oak Academy");
		assertThat(rolesOf(trust, "hopper")).containsExactly("user-admin@" + oak);
		assertThat(rolesOf(trust, "turing")).containsExactly("user-admin@" + trust.root);
		assertThat(rolesOf(trust, "lovelace")).hasSize(2);
		assertThat(pupils(trust)).isEqualTo(5);

		JsonNode again = run(trust, trust.admin, pkg, "dryRun=false&administratorRole=user-admin");
		assertThat(again.get("errors")).isEmpty();
		assertThat(count(again, "unchanged")).isEqualTo(6);
		assertThat(count(again, "invited") + count(again, "rolesAdded") + count(again, "pupilsCreated")
				+ count(again, "classesCreated"))
			.isZero();
		assertThat(pupils(trust)).isEqualTo(5);
	}

	@Test
	void aDeltaEndsTheRolesAndRemovesThePupilsMarkedToBeDeleted() {
		Trust trust = aTrust();
		String domain = domain();
		run(trust, trust.admin, zip(files("v1p1", domain)), "dryRun=false");
		Map<String, String> delta = new LinkedHashMap<>();
		delta.put("manifest.csv",
				files("v1p1", domain).get("manifest.csv")
					.replace("file.users,bulk", "file.users,delta")
					.replace("file.enrollments,bulk", "file.enrollments,delta")
					.replace("file.classes,bulk", "file.classes,absent")
					.replace("file.courses,bulk", "file.courses,absent")
					.replace("file.academicSessions,bulk", "file.academicSessions,absent"));
		delta.put("orgs.csv", files("v1p1", domain).get("orgs.csv"));
		String users = files("v1p1", domain).get("users.csv");
		delta.put("users.csv", users.substring(0, users.indexOf("\r\n") + 2)
				+ "s-4,tobedeleted,2026-11-01T00:00:00Z,true,sch-oak,student,lilei,,雷,李,,UPN0004,,,,,07,\r\n");
		delta.put("enrollments.csv",
				"sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\r\n"
						+ "e-2,tobedeleted,2026-11-01T00:00:00Z,cls-10s,sch-mary,t-ada,teacher,true,,\r\n");
		JsonNode report = run(trust, trust.admin, zip(delta), "dryRun=false");
		assertThat(report.get("status").asString()).as(report.toString()).isEqualTo("succeeded");
		assertThat(count(report, "rolesRemoved")).isEqualTo(1);
		assertThat(count(report, "pupilsRemoved")).isEqualTo(1);
		assertThat(rolesOf(trust, "lovelace")).containsExactly("teacher@" + unitNamed(trust, "7A Maths"));
		assertThat(pupils(trust)).isEqualTo(4);
	}

	// ---- one test per kind of bad input: the file, row, column and code reported ----

	@Test
	void aMissingRequiredColumnIsReported() {
		Trust trust = aTrust();
		Map<String, String> files = files("v1p1", domain());
		files.put("users.csv", files.get("users.csv").replaceFirst(",givenName,", ",firstName,"));
		assertThat(where(onlyProblem(trust, files))).isEqualTo("users.csv 1 givenName missing_column");
	}

	@Test
	void aBadEmailIsReported() {
		Trust trust = aTrust();
		String domain = domain();
		Map<String, String> files = files("v1p1", domain);
		files.put("users.csv", files.get("users.csv").replace("ada.lovelace@" + domain, "ada.lovelace.at." + domain));
		assertThat(where(onlyProblem(trust, files))).isEqualTo("users.csv 2 email invalid_email");
	}

	@Test
	void anEmailTwiceInTheFileIgnoringCaseAndUnicodeFormIsReported() {
		Trust trust = aTrust();
		String domain = domain();
		Map<String, String> files = files("v1p1", domain);
		files.put("users.csv", files.get("users.csv").replace("søren.kierkegaard@" + domain, "ADA.Lovelace@" + domain));
		assertThat(where(onlyProblem(trust, files))).isEqualTo("users.csv 3 email duplicate_email");
		// é as one code point, then as e and a combining accent: one address.
		files = files("v1p1", domain);
		files.put("users.csv",
				files.get("users.csv")
					.replace("ada.lovelace@" + domain, "ren\u00e9@" + domain)
					.replace("søren.kierkegaard@" + domain, "rene\u0301@" + domain));
		assertThat(where(onlyProblem(trust, files))).isEqualTo("users.csv 3 email duplicate_email");
	}

	@Test
	void anEmailOfAnotherRosterPersonHereIsReported() {
		Trust trust = aTrust();
		String domain = domain();
		run(trust, trust.admin, zip(files("v1p1", domain)), "dryRun=false");
		Map<String, String> files = files("v1p1", domain);
		String users = files.get("users.csv");
		files.put("users.csv",
				users + "t-new,,,true,sch-oak,teacher,new,,New,Teacher,,T009,ADA.LOVELACE@" + domain + ",,,,,\r\n");
		assertThat(where(onlyProblem(trust, files))).isEqualTo("users.csv 14 email duplicate_email");
	}

	@Test
	void anUnknownSourcedIdReferenceIsReported() {
		Trust trust = aTrust();
		Map<String, String> files = files("v1p1", domain());
		files.put("enrollments.csv", files.get("enrollments.csv").replace("e-7,,,cls-7a", "e-7,,,cls-nowhere"));
		assertThat(where(onlyProblem(trust, files))).isEqualTo("enrollments.csv 8 classSourcedId unknown_reference");
	}

	@Test
	void anUnknownRoleIsReported() {
		Trust trust = aTrust();
		Map<String, String> files = files("v1p1", domain());
		files.put("users.csv", files.get("users.csv").replace(",sch-oak,administrator,", ",sch-oak,wizard,"));
		assertThat(where(onlyProblem(trust, files))).isEqualTo("users.csv 5 role unknown_role");
	}

	@Test
	void aCycleInTheOrgTreeIsReported() {
		Trust trust = aTrust();
		Map<String, String> files = files("v1p1", domain());
		files.put("orgs.csv",
				files.get("orgs.csv")
					.replace("trust-1,,,Northern Lights Trust,district,NLT,",
							"trust-1,,,Northern Lights Trust,district,NLT,dept-sci"));
		JsonNode report = run(trust, trust.admin, zip(files), "dryRun=true");
		assertThat(report.get("errors").valueStream().map(OneRosterImportTests::where).toList())
			.contains("orgs.csv 2 parentSourcedId org_cycle", "orgs.csv 6 parentSourcedId org_cycle");
	}

	@Test
	void anUnterminatedQuoteIsReported() {
		Trust trust = aTrust();
		Map<String, String> files = files("v1p1", domain());
		files.put("users.csv", files.get("users.csv") + "g-2,,,true,sch-oak,guardian,p2,,\"Sam,Parent,,,,,,,,,\r\n");
		assertThat(where(onlyProblem(trust, files))).isEqualTo("users.csv 14 - unterminated_quote");
	}

	@Test
	void aFileThatIsNotUtf8IsReported() {
		Trust trust = aTrust();
		Map<String, Object> files = new LinkedHashMap<>(files("v1p1", domain()));
		files.put("orgs.csv", ((String) files.get("orgs.csv")).getBytes(StandardCharsets.ISO_8859_1));
		JsonNode report = run(trust, trust.admin, zip(files), "dryRun=true");
		assertThat(report.get("errors").get(0).get("file").asString()).isEqualTo("orgs.csv");
		assertThat(codes(report)).first().isEqualTo("wrong_encoding");
	}

	@Test
	void aFileThatUnpacksPastTheLimitIsReported() {
		Trust trust = aTrust();
		Map<String, Object> files = new LinkedHashMap<>(files("v1p1", domain()));
		// 5 MB of enrolments that compress to almost nothing: a zip bomb stops at the
		// limit (4 MB in tests).
		StringBuilder big = new StringBuilder((String) files.get("enrollments.csv"));
		for (int i = 0; big.length() < 5 * 1024 * 1024; i++) {
			big.append("e-x").append(i).append(",,,cls-7a,sch-oak,s-1,student,false,,\r\n");
		}
		files.put("enrollments.csv", big.toString());
		JsonNode report = run(trust, trust.admin, zip(files), "dryRun=true");
		assertThat(report.get("errors").valueStream().map(OneRosterImportTests::where).toList())
			.contains("enrollments.csv - - file_too_large");
	}

	@Test
	void aByteOrderMarkAndLineFeedsAreFineButAFileThatIsNoZipIsNot() {
		Trust trust = aTrust();
		Map<String, String> files = files("v1p1", domain());
		files.put("orgs.csv", "\uFEFF" + files.get("orgs.csv"));
		files.put("users.csv", files.get("users.csv").replace("\r\n", "\n"));
		JsonNode report = run(trust, trust.admin, zip(files), "dryRun=true");
		assertThat(report.get("errors")).as(report.toString()).isEmpty();
		assertThat(count(report, "invited")).isEqualTo(6);
		assertThat(codes(run(trust, trust.admin, "sourcedId,name\r\n".getBytes(), "dryRun=true")))
			.containsExactly("not_a_zip");
		Map<String, String> noManifest = files("v1p1", domain());
		noManifest.remove("manifest.csv");
		assertThat(codes(run(trust, trust.admin, zip(noManifest), "dryRun=true"))).containsExactly("missing_file");
	}

	@Test
	void aRealRunOfAPackageWithProblemsAppliesNothingUnlessPartial() {
		Trust trust = aTrust();
		Map<String, String> files = files("v1p1", domain());
		files.put("users.csv", files.get("users.csv").replace(",sch-oak,administrator,", ",sch-oak,wizard,"));
		long members = members(trust);
		JsonNode failed = run(trust, trust.admin, zip(files), "dryRun=false");
		assertThat(failed.get("status").asString()).isEqualTo("failed");
		assertThat(members(trust)).isEqualTo(members);
		assertThat(pupils(trust)).isZero();
		JsonNode partial = run(trust, trust.admin, zip(files), "dryRun=false&partial=true");
		assertThat(partial.get("status").asString()).isEqualTo("succeeded");
		assertThat(members(trust)).isEqualTo(members + 5);
		assertThat(pupils(trust)).isEqualTo(5);
	}

	@Test
	void aFirstImportWhoseOnlyProblemIsAPupilAppliesNothingUnlessPartial() {
		// An organisation's first pupils are checked while they are written, after its
		// units and staff: a problem found there must still undo everything. (A student
		// with no class and no school.)
		Trust trust = aTrust();
		Map<String, String> files = files("v1p1", domain());
		files.put("users.csv", files.get("users.csv") + "s-9,,,true,,student,nine,,Nia,Nine,,UPN0009,,,,,07,\r\n");
		long members = members(trust);
		long units = units(trust);
		JsonNode failed = run(trust, trust.admin, zip(files), "dryRun=false");
		assertThat(failed.get("status").asString()).as(failed.toString()).isEqualTo("failed");
		assertThat(failed.get("errors").valueStream().map(OneRosterImportTests::where).toList())
			.containsExactly("users.csv 14 sourcedId no_class");
		assertThat(members(trust)).isEqualTo(members);
		assertThat(units(trust)).isEqualTo(units);
		assertThat(pupils(trust)).isZero();
		JsonNode partial = run(trust, trust.admin, zip(files), "dryRun=false&partial=true");
		assertThat(partial.get("status").asString()).as(partial.toString()).isEqualTo("succeeded");
		assertThat(codes(partial)).containsExactly("no_class");
		assertThat(count(partial, "pupilsCreated")).isEqualTo(5);
		assertThat(members(trust)).isEqualTo(members + 6);
		assertThat(pupils(trust)).isEqualTo(5);
	}

	@Test
	void anImportBySchoolUserAdminCannotTouchAnotherSchool() {
		Trust trust = aTrust();
		String domain = domain();
		run(trust, trust.admin, zip(files("v1p1", domain)), "dryRun=false");
		String oak = unitNamed(trust, "Oak Academy");
		Member admin = trust.member("user-admin", oak);
		Map<String, String> files = files("v1p1", domain);
		files.put("classes.csv", files.get("classes.csv")
				+ "cls-10t,,,10T Tutor group,10,crs-sci10,10T,homeroom,Lab 2,sch-mary,term-1,,,\r\n");
		files.put("users.csv",
				files.get("users.csv") + "t-oak,,,true,sch-oak,teacher,new.oak,,Nia,Oak,,T010,nia.oak@" + domain
						+ ",,,,,\r\n" + "t-mary,,,true,sch-mary,teacher,new.mary,,Tom,Mary,,T011,tom.mary@" + domain
						+ ",,,,,\r\n" + "s-6,,,true,sch-mary,student,s6,,Ann,Other,,UPN0006,,,,,10,\r\n"
						+ "s-7,,,true,sch-oak,student,s7,,Bea,Oak,,UPN0007,,,,,07,\r\n");
		files.put("enrollments.csv", files.get("enrollments.csv") + "e-13,,,cls-7a,sch-oak,t-oak,teacher,true,,\r\n"
				+ "e-14,,,cls-10s,sch-mary,t-mary,teacher,true,,\r\n"
				+ "e-15,,,cls-10s,sch-mary,s-6,student,false,,\r\n" + "e-16,,,cls-7a,sch-oak,s-7,student,false,,\r\n");
		long pupils = pupils(trust);
		long members = members(trust);
		JsonNode report = run(trust, admin.api(), zip(files), "dryRun=false");
		assertThat(report.get("status").asString()).as(report.toString()).isEqualTo("failed");
		assertThat(report.get("errors").valueStream().map(OneRosterImportTests::where).toList()).containsExactly(
				"classes.csv 7 schoolSourcedId out_of_scope", "users.csv 16 sourcedId out_of_scope",
				"enrollments.csv 15 classSourcedId out_of_scope");
		assertThat(pupils(trust)).isEqualTo(pupils);
		assertThat(members(trust)).isEqualTo(members);

		JsonNode partial = run(trust, admin.api(), zip(files), "dryRun=false&partial=true");
		assertThat(partial.get("status").asString()).isEqualTo("succeeded");
		assertThat(pupils(trust)).isEqualTo(pupils + 1);
		assertThat(members(trust)).isEqualTo(members + 1);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM units WHERE organisation_id = ? AND name = '10T Tutor group'")
			.param(trust.id)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void aRowThatWouldEscalateIsRefusedWithItsRuleCode() {
		Trust trust = aTrust();
		String domain = domain();
		run(trust, trust.admin, zip(files("v1p1", domain)), "dryRun=false");
		String oak = unitNamed(trust, "Oak Academy");
		Member admin = trust.member("user-admin", oak);
		// An examiner at Oak, invited by hand: a user administrator could not have given
		// that role.
		String examiner = "exam.iner@" + domain;
		assertThat(trust.invite(trust.admin, examiner, "examiner", oak).status()).isEqualTo(201);
		Map<String, String> files = files("v1p1", domain);
		files.put("users.csv", files.get("users.csv") + "t-exam,,,true,sch-oak,teacher,examiner,,First,Last,,T012,"
				+ examiner + ",,,,,\r\n");
		files.put("enrollments.csv", files.get("enrollments.csv") + "e-13,,,cls-7a,sch-oak,t-exam,teacher,true,,\r\n");
		JsonNode report = run(trust, admin.api(), zip(files), "dryRun=true");
		assertThat(report.get("errors").valueStream().map(OneRosterImportTests::where).toList())
			.containsExactly("users.csv 14 email escalation_denied");
	}

	@Test
	void aJobLeftRunningByANodeThatStoppedIsRunAgainAndChangesNothingTwice() {
		Trust trust = aTrust();
		byte[] pkg = zip(files("v1p1", domain()));
		JsonNode first = run(trust, trust.admin, pkg, "dryRun=false");
		assertThat(first.get("status").asString()).isEqualTo("succeeded");
		String id = first.get("id").asString();
		// As a node that died halfway through leaves it: running, with a claim that has
		// lapsed, and its file still there (a finished job's file is deleted with the
		// report, in the same transaction).
		this.jdbc.sql("INSERT INTO import_file_chunks (job_id, seq, content) VALUES (?, 0, ?)")
			.params(id, pkg)
			.update();
		this.jdbc.sql(
				"UPDATE import_jobs SET status = 'running', claimed_by = 'node-gone', claimed_until = ?, done = 0 WHERE id = ?")
			.params(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(5), id)
			.update();
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> trust.admin.get(trust.path("/imports/" + id))
				.json()
				.get("status")
				.asString()
				.equals("succeeded"));
		JsonNode again = trust.admin.get(trust.path("/imports/" + id)).json();
		assertThat(count(again, "unchanged")).isEqualTo(6);
		assertThat(count(again, "pupilsUnchanged")).isEqualTo(5);
		assertThat(
				this.jdbc.sql("SELECT attempts FROM import_jobs WHERE id = ?").param(id).query(Integer.class).single())
			.isEqualTo(2);
		assertThat(pupils(trust)).isEqualTo(5);
	}

	/**
	 * A pupil with results who moves class in a re-imported roster takes their results
	 * with them: the results count for the new class (and so for whoever sees that
	 * class), not the old one.
	 */
	@Test
	void aReimportThatMovesAPupilWithResultsMovesTheirResults() {
		Trust trust = aTrust();
		String domain = domain();
		Map<String, String> files = files("v1p1", domain);
		assertThat(run(trust, trust.admin, zip(files), "dryRun=false").get("status").asString()).isEqualTo("succeeded");
		String maths = unitNamed(trust, "7A Maths");
		String choir = unitNamed(trust, "Choir");
		Member examiner = trust.member("examiner", trust.root);
		var assessment = examiner.api()
			.post(trust.path("/assessments"),
					Map.of("name", "Spelling", "date", "2026-11-20", "bands", List.of("below", "at", "above")));
		assertThat(assessment.status()).as(assessment.toString()).isEqualTo(201);
		String assessmentId = assessment.json().get("id").asString();
		// s-4 (UPN0004) is in 7A Maths only; s-1 (UPN0001) stays in 7 Registration.
		var recorded = examiner.api()
			.postBytes(trust.path("/assessments/" + assessmentId + "/results"),
					"pupil,score,band\r\nUPN0004,71,above\r\nUPN0001,40,below\r\n".getBytes(StandardCharsets.UTF_8),
					"text/csv");
		assertThat(recorded.status()).as(recorded.toString()).isEqualTo(200);
		assertThat(recorded.json().get("counts").get("recorded").asInt()).isEqualTo(2);
		assertThat(resultClass(trust, "s-4")).isEqualTo(maths);

		Map<String, String> moved = new LinkedHashMap<>(files);
		moved.put("enrollments.csv",
				files.get("enrollments.csv").replace("e-11,,,cls-7a,sch-oak,s-4", "e-11,,,cls-choir,sch-oak,s-4"));
		JsonNode report = run(trust, trust.admin, zip(moved), "dryRun=false");

		assertThat(report.get("status").asString()).as(report.toString()).isEqualTo("succeeded");
		assertThat(count(report, "pupilsUpdated")).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT class_id FROM pupils WHERE organisation_id = ? AND source_id = 's-4'")
			.param(trust.id)
			.query(String.class)
			.single()).isEqualTo(choir);
		assertThat(resultClass(trust, "s-4")).as("the result moved with its pupil").isEqualTo(choir);
		assertThat(resultClass(trust, "s-1")).isEqualTo(unitNamed(trust, "7 Registration"));
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM results WHERE class_id = ?")
			.param(maths)
			.query(Long.class)
			.single()).isZero();
	}

	// ---- students and enrolments, checked in SQL once staged (RosterStaging) ----

	@Test
	void aStudentSourcedIdTwiceIsReportedOnTheLaterRowWhetherItIsAStudentOrStaff() {
		Trust trust = aTrust();
		String domain = domain();
		Map<String, String> files = files("v1p1", domain);
		files.put("users.csv",
				files.get("users.csv") + "s-2,,,true,sch-ore,student,lucja2,,Łucja,Nowak,,UPN0099,,,,,03,\r\n");
		assertThat(where(onlyProblem(trust, files))).isEqualTo("users.csv 14 sourcedId duplicate_id");
		files = files("v1p1", domain);
		files.put("users.csv", files.get("users.csv") + "s-5,,,true,sch-oak,teacher,t9,,Tia,Nine,,T009,tia.nine@"
				+ domain + ",,,,,\r\n");
		assertThat(where(onlyProblem(trust, files))).isEqualTo("users.csv 14 sourcedId duplicate_id");
		JsonNode report = run(trust, trust.admin, zip(files), "dryRun=false&partial=true");
		assertThat(report.get("status").asString()).as(report.toString()).isEqualTo("succeeded");
		assertThat(count(report, "invited")).as("the later row, a teacher, is not invited").isEqualTo(6);
		assertThat(count(report, "pupilsCreated")).isEqualTo(5);
	}

	@Test
	void aStudentIdentifierTwiceIsReported() {
		Trust trust = aTrust();
		Map<String, String> files = files("v1p1", domain());
		files.put("users.csv", files.get("users.csv").replace(",UPN0005,", ",UPN0001,"));
		assertThat(where(onlyProblem(trust, files))).isEqualTo("users.csv 13 identifier duplicate_identifier");
	}

	@Test
	void anEnrolmentSourcedIdTwiceIsReported() {
		Trust trust = aTrust();
		Map<String, String> files = files("v1p1", domain());
		files.put("enrollments.csv", files.get("enrollments.csv") + "e-3,,,cls-3e,sch-ore,s-2,student,false,,\r\n");
		JsonNode problem = onlyProblem(trust, files);
		assertThat(where(problem)).isEqualTo("enrollments.csv 14 sourcedId duplicate_id");
		assertThat(problem.get("message").asString()).contains("row 4");
	}

	@Test
	void aStudentEnrolmentOfAnUnknownUserIsReported() {
		Trust trust = aTrust();
		Map<String, String> files = files("v1p1", domain());
		files.put("enrollments.csv", files.get("enrollments.csv") + "e-13,,,cls-7a,sch-oak,s-77,student,false,,\r\n");
		assertThat(where(onlyProblem(trust, files))).isEqualTo("enrollments.csv 14 userSourcedId unknown_reference");
	}

	@Test
	void aStudentInTwoScheduledClassesJoinsTheFirstBySourcedIdWhateverTheFileOrder() {
		// cls-7a comes before cls-choir by code point ('7' < 'c'), on both databases.
		for (boolean choirFirst : List.of(true, false)) {
			Trust trust = aTrust();
			Map<String, String> files = files("v1p1", domain());
			String enrolments = files.get("enrollments.csv");
			files.put("enrollments.csv",
					choirFirst
							? enrolments.replace("e-11,,,cls-7a,sch-oak,s-4", "e-11,,,cls-choir,sch-oak,s-4")
									+ "e-13,,,cls-7a,sch-oak,s-4,student,false,,\r\n"
							: enrolments + "e-13,,,cls-choir,sch-oak,s-4,student,false,,\r\n");
			JsonNode report = run(trust, trust.admin, zip(files), "dryRun=false");
			assertThat(report.get("status").asString()).as(report.toString()).isEqualTo("succeeded");
			assertThat(this.jdbc.sql("SELECT class_id FROM pupils WHERE organisation_id = ? AND source_id = 's-4'")
				.param(trust.id)
				.query(String.class)
				.single()).as("choir first: " + choirFirst).isEqualTo(unitNamed(trust, "7A Maths"));
		}
	}

	@Test
	void aBulkReimportRemovesThePupilsItNoLongerHasAndLeavesNothingStaged() {
		Trust trust = aTrust();
		String domain = domain();
		run(trust, trust.admin, zip(files("v1p1", domain)), "dryRun=false");
		Map<String, String> files = files("v1p1", domain);
		files.put("users.csv", files.get("users.csv").replaceAll("s-5,[^\r]*\r\n", ""));
		files.put("enrollments.csv", files.get("enrollments.csv").replaceAll("e-12,[^\r]*\r\n", ""));
		JsonNode dry = run(trust, trust.admin, zip(files), "dryRun=true");
		assertThat(count(dry, "pupilsRemoved")).as(dry.toString()).isEqualTo(1);
		assertThat(pupils(trust)).isEqualTo(5);
		JsonNode report = run(trust, trust.admin, zip(files), "dryRun=false");
		assertThat(report.get("status").asString()).as(report.toString()).isEqualTo("succeeded");
		assertThat(count(report, "pupilsRemoved")).isEqualTo(1);
		assertThat(count(report, "pupilsUnchanged")).isEqualTo(4);
		assertThat(pupils(trust)).isEqualTo(4);
		assertThat(this.jdbc
			.sql("SELECT (SELECT COUNT(*) FROM roster_staged_users) + (SELECT COUNT(*) FROM roster_staged_enrolments)"
					+ " + (SELECT COUNT(*) FROM roster_staged_roles) + (SELECT COUNT(*) FROM roster_staged_moves)")
			.query(Long.class)
			.single()).as("staged rows left behind").isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM import_file_chunks WHERE job_id = ?")
			.param(report.get("id").asString())
			.query(Long.class)
			.single()).as("a finished job's file, pupils' names and all, is deleted").isZero();
		assertThat(this.jdbc.sql("SELECT size_bytes FROM import_files WHERE job_id = ?")
			.param(report.get("id").asString())
			.query(Long.class)
			.single()).isPositive();
	}

	@Test
	void aDeltaMovesAPupilWithoutTheirUsersRowAndEnrolsANewOneInAClassImportedBefore() {
		Trust trust = aTrust();
		String domain = domain();
		Map<String, String> full = files("v1p1", domain);
		run(trust, trust.admin, zip(full), "dryRun=false");
		Map<String, String> delta = new LinkedHashMap<>();
		delta.put("manifest.csv",
				full.get("manifest.csv")
					.replace("file.users,bulk", "file.users,delta")
					.replace("file.enrollments,bulk", "file.enrollments,delta")
					.replace("file.classes,bulk", "file.classes,absent")
					.replace("file.courses,bulk", "file.courses,absent")
					.replace("file.academicSessions,bulk", "file.academicSessions,absent"));
		delta.put("orgs.csv", full.get("orgs.csv"));
		String users = full.get("users.csv");
		delta.put("users.csv", users.substring(0, users.indexOf("\r\n") + 2)
				+ "s-6,,,true,sch-oak,student,new,,Nell,New,,UPN0006,,,,,07,\r\n");
		delta.put("enrollments.csv",
				"sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\r\n"
						+ "e-13,,,cls-choir,sch-oak,s-4,student,false,,\r\n"
						+ "e-14,,,cls-7a,sch-oak,s-6,student,false,,\r\n");
		JsonNode report = run(trust, trust.admin, zip(delta), "dryRun=false");
		assertThat(report.get("status").asString()).as(report.toString()).isEqualTo("succeeded");
		assertThat(count(report, "pupilsUpdated")).isEqualTo(1);
		assertThat(count(report, "pupilsCreated")).isEqualTo(1);
		assertThat(count(report, "pupilsRemoved")).isZero();
		assertThat(this.jdbc.sql("SELECT class_id FROM pupils WHERE organisation_id = ? AND source_id = 's-4'")
			.param(trust.id)
			.query(String.class)
			.single()).isEqualTo(unitNamed(trust, "Choir"));
		assertThat(this.jdbc.sql("SELECT class_id FROM pupils WHERE organisation_id = ? AND source_id = 's-6'")
			.param(trust.id)
			.query(String.class)
			.single()).isEqualTo(unitNamed(trust, "7A Maths"));
		assertThat(pupils(trust)).isEqualTo(6);
	}

	@Test
	void aSourcedIdOrIdentifierTooLongToKeepIsReported() {
		Trust trust = aTrust();
		Map<String, String> files = files("v1p1", domain());
		String longId = "s-" + "x".repeat(ImportingRoster.MAX_SOURCED_ID);
		files.put("users.csv",
				files.get("users.csv") + longId + ",,,true,sch-oak,student,long,,Lo,Ng,,UPN0077,,,,,07,\r\n");
		assertThat(where(onlyProblem(trust, files))).isEqualTo("users.csv 14 sourcedId too_long");
		files = files("v1p1", domain());
		files.put("users.csv", files.get("users.csv").replace(",UPN0005,", "," + "9".repeat(256) + ","));
		assertThat(where(onlyProblem(trust, files))).isEqualTo("users.csv 13 identifier too_long");
		JsonNode partial = run(trust, trust.admin, zip(files), "dryRun=false&partial=true");
		assertThat(partial.get("status").asString()).as(partial.toString()).isEqualTo("succeeded");
		assertThat(count(partial, "pupilsCreated")).isEqualTo(4);
	}

	@Test
	void inOneRoster12AUserWithNoRoleIsReportedAndAGuardiansNameIsNotChecked() {
		// 1.2 gives roles in roles.csv: students' and guardians' are staged, and who is a
		// student is decided in SQL once users.csv is read, without reporting a
		// guardian's missing name.
		Trust trust = aTrust();
		Map<String, String> files = files("v1p2", domain());
		String users = files.get("users.csv")
			.replace("g-1,,,true,parent1,,Pat,Parent,", "g-1,,,true,parent1,,,Parent,");
		files.put("users.csv", users + "x-9,,,true,nobody,,No,Body,,UPN0099,,,,,07,,,,,,,sch-oak,\r\n");
		assertThat(where(onlyProblem(trust, files))).isEqualTo("users.csv 14 sourcedId unknown_role");
		files = files("v1p2", domain());
		files.put("users.csv", files.get("users.csv").replace(",José,Núñez,", ",José,,"));
		assertThat(where(onlyProblem(trust, files))).isEqualTo("users.csv 13 familyName required");
		JsonNode partial = run(trust, trust.admin, zip(files), "dryRun=false&partial=true");
		assertThat(partial.get("status").asString()).as(partial.toString()).isEqualTo("succeeded");
		assertThat(count(partial, "pupilsCreated")).isEqualTo(4);
		assertThat(count(partial, "skipped")).isEqualTo(1);
	}

	private String resultClass(Trust trust, String pupilSourceId) {
		return this.jdbc
			.sql("SELECT r.class_id FROM results r JOIN pupils p ON p.id = r.pupil_id"
					+ " WHERE p.organisation_id = ? AND p.source_id = ?")
			.params(trust.id, pupilSourceId)
			.query(String.class)
			.single();
	}

}
