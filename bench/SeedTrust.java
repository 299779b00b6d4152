import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Seeds a school trust straight into Staffroom's tables (the schema that Flyway made when the
 * service first started), and writes what the load scripts need. Run with the service stopped on
 * H2 (a file database has one user at a time); on PostgreSQL it may run at any time.
 *
 * <pre>
 * java -cp 'lib/*' bench/SeedTrust.java JDBC_URL USER PASSWORD OUT_DIR [SCHOOLS STAFF ASSIGNMENTS]
 * </pre>
 *
 * Defaults: 37 schools x (1 school + 7 years + 19 classes) + the root = 1,000 units, 20,000 staff,
 * 40,000 role assignments, every membership active (the same shape as the JMH GeneratedTrust).
 * OUT_DIR gets: token (a bearer token of an org-admin, stored only as its SHA-256 like any API
 * token), organisation (its id), and questions.json, one access-check body per line (10,000 lines:
 * random member, random permission, half the units in a school where the member has a role).
 */
public class SeedTrust {

	static final int[] CLASSES_PER_YEAR = { 3, 3, 3, 3, 3, 2, 2 };

	static final String[] PERMISSIONS = { "accounts.view", "accounts.manage", "roles.manage", "audit.view",
			"entries.view", "entries.manage", "training.book", "assessments.conduct", "results.pupils",
			"results.summary", "results.compare" };

	static final Random random = new Random(20_261_127L);

	record Unit(String id, String parentId, String type, String name, int school) {
	}

	record Assign(String memberId, String role, String unitId) {
	}

	public static void main(String[] args) throws Exception {
		String url = args[0];
		String user = args[1];
		String password = args[2];
		Path out = Path.of(args[3]);
		int schools = args.length > 4 ? Integer.parseInt(args[4]) : 37;
		int staff = args.length > 5 ? Integer.parseInt(args[5]) : 20_000;
		int assignmentCount = args.length > 6 ? Integer.parseInt(args[6]) : 40_000;
		Files.createDirectories(out);

		String org = uuid();
		List<Unit> units = new ArrayList<>();
		List<int[]> schoolUnits = new ArrayList<>();
		String root = uuid();
		units.add(new Unit(root, null, "organisation", "Bench Trust", -1));
		for (int s = 0; s < schools; s++) {
			int[] own = new int[27];
			int k = 0;
			String school = uuid();
			own[k++] = units.size();
			units.add(new Unit(school, root, "school", "School " + (s + 1), s));
			for (int y = 0; y < CLASSES_PER_YEAR.length; y++) {
				String year = uuid();
				own[k++] = units.size();
				units.add(new Unit(year, school, "year", "Year " + (y + 7), s));
				for (int c = 0; c < CLASSES_PER_YEAR[y]; c++) {
					own[k++] = units.size();
					units.add(new Unit(uuid(), year, "class", (y + 7) + "" + (char) ('A' + c), s));
				}
			}
			schoolUnits.add(own);
		}
		List<String> members = new ArrayList<>();
		List<Assign> assignments = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			assignments.add(new Assign(newMember(members), "org-admin", root));
		}
		for (int i = 0; i < 5; i++) {
			assignments.add(new Assign(newMember(members), "org-overview", root));
		}
		for (int s = 0; s < schools; s++) {
			String school = units.get(schoolUnits.get(s)[0]).id();
			for (String role : List.of("headteacher", "user-admin", "user-admin", "org-overview", "examiner")) {
				assignments.add(new Assign(newMember(members), role, school));
			}
		}
		int firstTeacher = members.size();
		List<List<Integer>> teacherUnits = new ArrayList<>();
		while (members.size() < staff) {
			int s = random.nextInt(schools);
			int u = randomUnit(units, schoolUnits.get(s), true);
			assignments.add(new Assign(newMember(members), "teacher", units.get(u).id()));
			teacherUnits.add(new ArrayList<>(List.of(u)));
		}
		while (assignments.size() < assignmentCount) {
			int t = random.nextInt(teacherUnits.size());
			List<Integer> held = teacherUnits.get(t);
			int s = units.get(held.get(0)).school();
			int u = randomUnit(units, schoolUnits.get(s), random.nextInt(10) > 0);
			if (!held.contains(u)) {
				held.add(u);
				assignments.add(new Assign(members.get(firstTeacher + t), "teacher", units.get(u).id()));
			}
		}

		Timestamp now = Timestamp.from(Instant.now());
		String token;
		try (Connection c = DriverManager.getConnection(url, user, password)) {
			c.setAutoCommit(false);
			try (PreparedStatement ps = c.prepareStatement(
					"INSERT INTO organisations (id, name, templates, created_at) VALUES (?, ?, 'school-trust', ?)")) {
				ps.setString(1, org);
				ps.setString(2, "Bench Trust");
				ps.setTimestamp(3, now);
				ps.executeUpdate();
			}
			try (PreparedStatement ps = c.prepareStatement(
					"INSERT INTO units (id, organisation_id, parent_id, type, name, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
				for (Unit u : units) {
					ps.setString(1, u.id());
					ps.setString(2, org);
					ps.setString(3, u.parentId());
					ps.setString(4, u.type());
					ps.setString(5, u.name());
					ps.setTimestamp(6, now);
					ps.addBatch();
				}
				ps.executeBatch();
			}
			try (PreparedStatement a = c.prepareStatement("""
					INSERT INTO accounts (id, email, email_key, first_name, last_name, job_title, notifications,
					                      search_text, sort_key, created_at) VALUES (?, ?, ?, ?, ?, 'Staff', '', ?, ?, ?)""");
					PreparedStatement m = c.prepareStatement("""
							INSERT INTO memberships (organisation_id, account_id, status, main_account_holder, created_at)
							VALUES (?, ?, 'active', ?, ?)""")) {
				for (int i = 0; i < members.size(); i++) {
					String first = "First" + (i + 1);
					String last = "Last" + (i + 1);
					String email = "staff" + (i + 1) + "@bench.example";
					a.setString(1, members.get(i));
					a.setString(2, email);
					a.setString(3, email);
					a.setString(4, first);
					a.setString(5, last);
					a.setString(6, (first + " " + last + " " + email).toLowerCase());
					a.setString(7, (last + " " + first).toLowerCase());
					a.setTimestamp(8, now);
					a.addBatch();
					m.setString(1, org);
					m.setString(2, members.get(i));
					m.setBoolean(3, i == 0);
					m.setTimestamp(4, now);
					m.addBatch();
					if (i % 5000 == 4999) {
						a.executeBatch();
						m.executeBatch();
					}
				}
				a.executeBatch();
				m.executeBatch();
			}
			try (PreparedStatement ps = c.prepareStatement("""
					INSERT INTO role_assignments (id, organisation_id, account_id, role_key, unit_id, created_at,
					                              sort_key, search_text)
					SELECT ?, ?, a.id, ?, ?, ?, a.sort_key, a.search_text FROM accounts a WHERE a.id = ?""")) {
				int n = 0;
				for (Assign x : assignments) {
					ps.setString(1, uuid());
					ps.setString(2, org);
					ps.setString(3, x.role());
					ps.setString(4, x.unitId());
					ps.setTimestamp(5, now);
					ps.setString(6, x.memberId());
					ps.addBatch();
					if (++n % 5000 == 0) {
						ps.executeBatch();
					}
				}
				ps.executeBatch();
			}
			// A signed-in org-admin: the first member. Only the token's SHA-256 is stored.
			byte[] secret = new byte[32];
			new SecureRandom().nextBytes(secret);
			token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
			try (PreparedStatement ps = c.prepareStatement(
					"INSERT INTO api_tokens (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)")) {
				ps.setString(1, HexFormat.of()
					.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8))));
				ps.setString(2, members.get(0));
				ps.setTimestamp(3, now);
				ps.setTimestamp(4, Timestamp.from(Instant.now().plusSeconds(86_400)));
				ps.executeUpdate();
			}
			c.commit();
		}

		// Questions: random member and permission; half in a school where the member has a role.
		List<List<Integer>> schoolsOf = new ArrayList<>();
		java.util.Map<String, Integer> index = new java.util.HashMap<>();
		for (int i = 0; i < members.size(); i++) {
			index.put(members.get(i), i);
			schoolsOf.add(new ArrayList<>());
		}
		java.util.Map<String, Integer> unitSchool = new java.util.HashMap<>();
		units.forEach((u) -> unitSchool.put(u.id(), u.school()));
		for (Assign x : assignments) {
			int s = unitSchool.get(x.unitId());
			if (s >= 0) {
				schoolsOf.get(index.get(x.memberId())).add(s);
			}
		}
		Set<String> lines = new HashSet<>();
		try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("questions.json")))) {
			for (int i = 0; i < 10_000; i++) {
				int m = random.nextInt(members.size());
				List<Integer> own = schoolsOf.get(m);
				String unit = (random.nextBoolean() && !own.isEmpty())
						? units.get(schoolUnits.get(own.get(random.nextInt(own.size())))[random.nextInt(27)]).id()
						: units.get(random.nextInt(units.size())).id();
				String line = "{\"organisationId\":\"" + org + "\",\"userId\":\"" + members.get(m)
						+ "\",\"permission\":\"" + PERMISSIONS[random.nextInt(PERMISSIONS.length)] + "\",\"unitId\":\""
						+ unit + "\"}";
				lines.add(line);
				w.println(line);
			}
		}
		Files.writeString(out.resolve("token"), token);
		Files.writeString(out.resolve("organisation"), org);
		System.out.printf("Seeded organisation %s: %d units, %d members, %d assignments; %d distinct questions%n",
				org, units.size(), members.size(), assignments.size(), lines.size());
	}

	static String newMember(List<String> members) {
		String id = uuid();
		members.add(id);
		return id;
	}

	static int randomUnit(List<Unit> units, int[] own, boolean classOnly) {
		while (true) {
			int u = own[1 + random.nextInt(own.length - 1)];
			if (!classOnly || units.get(u).type().equals("class")) {
				return u;
			}
		}
	}

	static String uuid() {
		return new UUID(random.nextLong(), random.nextLong()).toString();
	}

}
