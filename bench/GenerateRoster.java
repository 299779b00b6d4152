import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a OneRoster 1.1 CSV package the size of a large district, for docs/benchmarks.md (#5):
 * 60 schools, 15,000 staff (12,000 teachers, 1,000 administrators, 2,000 aides), 150,000
 * students, 6,000 classes and 600,000 enrolments (12,000 of teachers, 588,000 of students).
 *
 * <p>Run: {@code java bench/GenerateRoster.java target/district.zip [emailDomain] [scale]}. The scale
 * (default 1) multiplies the number of schools, and with them every count above (0.5: 30 schools,
 * 75,000 students; 2: 120 schools, 300,000 students), for measuring how memory grows with the
 * package. Rows are written straight into the zip, so the generator needs no memory to speak of either.
 */
public class GenerateRoster {

	static int SCHOOLS = 60;

	static final int CLASSES_PER_SCHOOL = 100; // 20 homerooms (tutor groups), 80 scheduled

	static int TEACHERS = 12_000;

	static int ADMINISTRATORS = 1_000;

	static int AIDES = 2_000;

	static int STUDENTS = 150_000;

	public static void main(String[] args) throws IOException {
		Path out = Path.of(args.length > 0 ? args[0] : "target/district.zip");
		String domain = args.length > 1 ? args[1] : "district.example";
		double scale = args.length > 2 ? Double.parseDouble(args[2]) : 1;
		// OneRoster 1.2 (roles in roles.csv, a row per user) or 1.1 (the role in users.csv).
		boolean v12 = args.length > 3 && args[3].equals("1.2");
		SCHOOLS = (int) Math.round(60 * scale);
		TEACHERS = SCHOOLS * CLASSES_PER_SCHOOL * 2;
		ADMINISTRATORS = (int) Math.round(1_000 * scale);
		AIDES = (int) Math.round(2_000 * scale);
		STUDENTS = SCHOOLS * 2_500;
		Files.createDirectories(out.toAbsolutePath().getParent());
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
			BufferedWriter w = new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8), 1 << 16);
			entry(zip, w, "manifest.csv");
			w.write("propertyName,value\r\nmanifest.version,1.0\r\noneroster.version," + (v12 ? "1.2" : "1.1") + "\r\n"
					+ (v12 ? "file.roles,bulk\r\nfile.userProfiles,absent\r\n" : "")
					+ "file.academicSessions,bulk\r\nfile.categories,absent\r\nfile.classes,bulk\r\n"
					+ "file.classResources,absent\r\nfile.courses,bulk\r\nfile.courseResources,absent\r\n"
					+ "file.demographics,absent\r\nfile.enrollments,bulk\r\nfile.lineItems,absent\r\nfile.orgs,bulk\r\n"
					+ "file.resources,absent\r\nfile.results,absent\r\nfile.users,bulk\r\n"
					+ "source.systemName,GenerateRoster\r\nsource.systemCode,BENCH\r\n");
			entry(zip, w, "orgs.csv");
			w.write("sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\n");
			w.write("district,,,Large District,district,LD,\r\n");
			for (int s = 0; s < SCHOOLS; s++) {
				w.write("sch-" + s + ",,,\"School " + s + ", Großstadt\",school,S" + s + ",district\r\n");
			}
			entry(zip, w, "academicSessions.csv");
			w.write("sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\r\n");
			w.write("sy,,,2026/27,schoolYear,2026-09-01,2027-07-20,,2027\r\n");
			w.write("t1,,,Autumn,term,2026-09-01,2026-12-18,sy,2027\r\n");
			entry(zip, w, "courses.csv");
			w.write("sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes\r\n");
			for (int s = 0; s < SCHOOLS; s++) {
				for (int g = 7; g <= 11; g++) {
					w.write("crs-" + s + "-" + g + ",,,sy,Course " + g + ",C" + g + "," + String.format("%02d", g) + ",sch-" + s
							+ ",,\r\n");
				}
			}
			entry(zip, w, "classes.csv");
			w.write("sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\r\n");
			for (int s = 0; s < SCHOOLS; s++) {
				for (int c = 0; c < CLASSES_PER_SCHOOL; c++) {
					int grade = 7 + (c % 5);
					w.write("cls-" + s + "-" + c + ",,,Class " + grade + (char) ('A' + c / 5) + ","
							+ String.format("%02d", grade) + ",crs-" + s + "-" + grade + ",K" + c + ","
							+ (c < 20 ? "homeroom" : "scheduled") + ",Room " + c + ",sch-" + s + ",t1,,,\r\n");
				}
			}
			if (v12) {
				entry(zip, w, "roles.csv");
				w.write("sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId\r\n");
				for (int i = 0; i < TEACHERS + ADMINISTRATORS + AIDES; i++) {
					w.write("r-u-" + i + ",,,u-" + i + ",primary," + staffRole(i) + ",,,sch-" + staffSchool(i) + ",\r\n");
				}
				for (int i = 0; i < STUDENTS; i++) {
					w.write("r-p-" + i + ",,,p-" + i + ",primary,student,,,sch-" + (i % SCHOOLS) + ",\r\n");
				}
			}
			entry(zip, w, "users.csv");
			w.write(v12 ? "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns\r\n"
					: "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\r\n");
			for (int i = 0; i < TEACHERS + ADMINISTRATORS + AIDES; i++) {
				int school = staffSchool(i);
				w.write(v12
						? "u-" + i + ",,,true,staff" + i + ",,Zoë" + i + ",\"Ødegård, " + i + "\",,E" + i + ",staff" + i + "@"
								+ domain + ",,,,,,,,,,,sch-" + school + ",\r\n"
						: "u-" + i + ",,,true,sch-" + school + "," + staffRole(i) + ",staff" + i + ",,Zoë" + i + ",\"Ødegård, "
								+ i + "\",,E" + i + ",staff" + i + "@" + domain + ",,,,,\r\n");
			}
			for (int i = 0; i < STUDENTS; i++) {
				int school = i % SCHOOLS;
				w.write(v12
						? "p-" + i + ",,,true,pupil" + i + ",,Émile" + i + ",Núñez" + i + ",,UPN" + i + ",,,,,07,,,,,,,sch-" + school
								+ ",\r\n"
						: "p-" + i + ",,,true,sch-" + school + ",student,pupil" + i + ",,Émile" + i + ",Núñez" + i
								+ ",,UPN" + i + ",,,,,07,\r\n");
			}
			entry(zip, w, "enrollments.csv");
			w.write("sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\r\n");
			long enrolments = 0;
			// Two teachers a class: teachers 2k and 2k+1 teach class k of the district.
			for (int t = 0; t < TEACHERS; t++) {
				int k = t / 2;
				int school = k / CLASSES_PER_SCHOOL;
				w.write("et-" + t + ",,,cls-" + school + "-" + (k % CLASSES_PER_SCHOOL) + ",sch-" + school + ",u-" + t
						+ ",teacher," + (t % 2 == 0) + ",,\r\n");
				enrolments++;
			}
			// Students: a homeroom and three (or, for the last 12,000, two) scheduled classes of their school.
			for (int i = 0; i < STUDENTS; i++) {
				int school = i % SCHOOLS;
				int local = i / SCHOOLS;
				int count = i < STUDENTS - STUDENTS * 2 / 25 ? 4 : 3;
				for (int n = 0; n < count; n++) {
					int c = (n == 0) ? local % 20 : 20 + (local * 3 + n) % 80;
					w.write("es-" + i + "-" + n + ",,,cls-" + school + "-" + c + ",sch-" + school + ",p-" + i
							+ ",student,false,,\r\n");
					enrolments++;
				}
			}
			w.flush();
			zip.closeEntry();
			System.out.println("Wrote " + out + ": " + SCHOOLS + " schools, " + SCHOOLS * CLASSES_PER_SCHOOL + " classes, "
					+ (TEACHERS + ADMINISTRATORS + AIDES) + " staff, " + STUDENTS + " students, " + enrolments
					+ " enrolments (" + Files.size(out) / 1024 / 1024 + " MB zipped)");
		}
	}

	private static String staffRole(int i) {
		return i < TEACHERS ? "teacher" : i < TEACHERS + ADMINISTRATORS ? "administrator" : "aide";
	}

	private static int staffSchool(int i) {
		return (i < TEACHERS) ? (i / 2) / CLASSES_PER_SCHOOL : i % SCHOOLS;
	}

	private static void entry(ZipOutputStream zip, BufferedWriter w, String name) throws IOException {
		w.flush();
		zip.putNextEntry(new ZipEntry(name));
	}

}
