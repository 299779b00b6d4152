import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issue #13's sign-in benchmark: seeding helpers and the load generator, one file, run by
 * bench/run-signin.sh with {@code java -cp <spring-security-crypto, bcprov, commons-logging> bench/SignInLoad.java}.
 *
 * <pre>
 *   hashes PASSWORD OUT_DIR
 *       one Argon2id hash from Spring Security's Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8()
 *       (Staffroom's encoder), written as Staffroom's password_hash ({argon2}...), as Keycloak's
 *       secretData/credentialData (the very same salt and hash), and a cheap {bcrypt} cost-4 hash
 *   enrol-staffroom BASE TOKENS_FILE OUT_FILE WORKERS
 *       TOKENS_FILE: "email token" lines; for each, POST /api/v1/me/mfa/totp then confirm with the
 *       current code; writes "email secret lastStep" (secret in base32)
 *   keycloak-users N PREFIX WITH_OTP HASH_DIR OUT_JSON_PREFIX OUT_ACCOUNTS
 *       partial-import bodies (OUT_JSON_PREFIX-000.json, ..., 250 users each) of N users (firstName, lastName, email set so that no profile action
 *       is pending) with the Argon2id credential of HASH_DIR and, when WITH_OTP is true, a TOTP
 *       credential (Keycloak's own form: a 20-character secret used as raw bytes, HmacSHA1, 6 digits,
 *       30 s); OUT_ACCOUNTS as for enrol-staffroom, the secret as raw text
 *   load KIND URL ACCOUNTS PASSWORD WORKERS WARMUP_S MEASURE_S OUT_PREFIX [CPU_PIDS]
 *       KIND: staffroom-password | staffroom-totp | keycloak-password | keycloak-otp
 *       WORKERS threads, each with one request in flight at a time (closed loop), for WARMUP_S
 *       seconds (not recorded) then MEASURE_S seconds (recorded). A TOTP account signs in at most
 *       once per 30-second step, with the code of the current step: the accounts go round in a
 *       queue, and a worker that reaches an account already used in this step waits for the next.
 *       Prints throughput, latency percentiles and, for CPU_PIDS (comma-separated), the CPU seconds
 *       those processes used during the measured seconds (from /proc/PID/stat).
 * </pre>
 */
public class SignInLoad {

	static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	public static void main(String[] args) throws Exception {
		switch (args[0]) {
			case "hashes" -> hashes(args[1], Path.of(args[2]));
			case "enrol-staffroom" -> enrolStaffroom(args[1], Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]));
			case "keycloak-users" -> keycloakUsers(Integer.parseInt(args[1]), args[2], Boolean.parseBoolean(args[3]),
					Path.of(args[4]), Path.of(args[5]), Path.of(args[6]));
			case "load" -> load(args);
			default -> throw new IllegalArgumentException(args[0]);
		}
	}

	// ---------------------------------------------------------------- hashes

	static void hashes(String password, Path dir) throws Exception {
		Files.createDirectories(dir);
		var argon2 = org.springframework.security.crypto.argon2.Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
		String encoded = argon2.encode(password); // $argon2id$v=19$m=16384,t=2,p=1$salt$hash
		if (!argon2.matches(password, encoded)) {
			throw new IllegalStateException("hash does not verify");
		}
		String[] parts = encoded.split("\\$");
		String params = parts[3];
		Map<String, String> p = new TreeMap<>();
		for (String kv : params.split(",")) {
			p.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
		}
		byte[] salt = Base64.getDecoder().decode(parts[4]);
		byte[] hash = Base64.getDecoder().decode(parts[5]);
		Files.writeString(dir.resolve("staffroom-argon2"), "{argon2}" + encoded);
		String secretData = "{\"value\":\"" + Base64.getEncoder().encodeToString(hash) + "\",\"salt\":\""
				+ Base64.getEncoder().encodeToString(salt) + "\",\"additionalParameters\":{}}";
		String credentialData = "{\"hashIterations\":" + p.get("t") + ",\"algorithm\":\"argon2\",\"additionalParameters\":{"
				+ "\"hashLength\":[\"" + hash.length + "\"],\"memory\":[\"" + p.get("m") + "\"],\"type\":[\""
				+ parts[1].substring("argon2".length()) + "\"],\"version\":[\"1.3\"],\"parallelism\":[\"" + p.get("p")
				+ "\"]}}";
		Files.writeString(dir.resolve("keycloak-secretData"), secretData);
		Files.writeString(dir.resolve("keycloak-credentialData"), credentialData);
		Files.writeString(dir.resolve("staffroom-bcrypt4"),
				"{bcrypt}" + new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4).encode(password));
		Files.writeString(dir.resolve("argon2-parameters"), parts[1] + " version 0x" + parts[2].substring(2) + " (1.3), memory "
				+ p.get("m") + " KiB, iterations " + p.get("t") + ", parallelism " + p.get("p") + ", salt " + salt.length
				+ " bytes, hash " + hash.length + " bytes\n");
		System.out.println("argon2id hash: " + encoded.substring(0, 30) + "...; keycloak credentialData: " + credentialData);
	}

	// ---------------------------------------------------------------- seeding

	static void enrolStaffroom(String base, Path tokensFile, Path out, int workers) throws Exception {
		List<String> lines = Files.readAllLines(tokensFile);
		ConcurrentLinkedQueue<String> todo = new ConcurrentLinkedQueue<>(lines);
		ConcurrentLinkedQueue<String> done = new ConcurrentLinkedQueue<>();
		Pattern secretPattern = Pattern.compile("\"secret\"\\s*:\\s*\"([A-Z2-7]+)\"");
		List<Thread> threads = new ArrayList<>();
		AtomicLong failures = new AtomicLong();
		for (int w = 0; w < workers; w++) {
			threads.add(started(new Thread(() -> {
				String line;
				while ((line = todo.poll()) != null) {
					String[] f = line.trim().split("\\s+");
					try {
						var started = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/me/mfa/totp"))
							.header("Authorization", "Bearer " + f[1])
							.POST(HttpRequest.BodyPublishers.noBody())
							.build());
						Matcher m = secretPattern.matcher(started.body());
						if (started.statusCode() != 201 || !m.find()) {
							throw new IllegalStateException("start " + started.statusCode() + " " + started.body());
						}
						String secret = m.group(1);
						long step = System.currentTimeMillis() / 1000 / 30;
						String code = code(base32(secret), step);
						var confirmed = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/me/mfa/totp/confirm"))
							.header("Authorization", "Bearer " + f[1])
							.header("Content-Type", "application/json")
							.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}"))
							.build());
						if (confirmed.statusCode() != 200) {
							throw new IllegalStateException("confirm " + confirmed.statusCode() + " " + confirmed.body());
						}
						// The service accepts the confirming step at most one step either side; count
						// the latest it may have recorded as used.
						done.add(f[0] + " " + secret + " " + (step + 1));
					}
					catch (Exception ex) {
						if (failures.incrementAndGet() < 5) {
							System.err.println(f[0] + ": " + ex.getMessage());
						}
					}
				}
			})));
		}
		for (Thread t : threads) {
			t.join();
		}
		Files.write(out, done);
		System.out.println("enrolled " + done.size() + " of " + lines.size() + " accounts, " + failures.get() + " failures");
		if (failures.get() > 0) {
			System.exit(1);
		}
	}

	static void keycloakUsers(int n, String prefix, boolean withOtp, Path hashDir, Path outJson, Path outAccounts)
			throws Exception {
		String secretData = Files.readString(hashDir.resolve("keycloak-secretData")).trim();
		String credentialData = Files.readString(hashDir.resolve("keycloak-credentialData")).trim();
		SecureRandom random = new SecureRandom();
		String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
		// Keycloak imports a partial import in one transaction, which its transaction timeout (300 s)
		// ends: a few hundred users a request.
		int batch = 250;
		List<String> accounts = new ArrayList<>();
		StringBuilder json = null;
		for (int i = 0; i < n; i++) {
			if (i % batch == 0) {
				json = new StringBuilder("{\"ifResourceExists\":\"SKIP\",\"users\":[");
			}
			String username = prefix + String.format(Locale.ROOT, "%05d", i);
			StringBuilder secret = new StringBuilder();
			for (int c = 0; c < 20; c++) {
				secret.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			if (i % batch > 0) {
				json.append(',');
			}
			json.append("{\"username\":\"").append(username).append("\",\"email\":\"").append(username)
				.append("@bench.example\",\"emailVerified\":true,\"enabled\":true,\"firstName\":\"Bench\",\"lastName\":\"")
				.append(username).append("\",\"credentials\":[{\"type\":\"password\",\"secretData\":")
				.append(jsonString(secretData)).append(",\"credentialData\":").append(jsonString(credentialData)).append('}');
			if (withOtp) {
				json.append(",{\"type\":\"otp\",\"userLabel\":\"bench\",\"secretData\":")
					.append(jsonString("{\"value\":\"" + secret + "\"}"))
					.append(",\"credentialData\":")
					.append(jsonString(
							"{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}"))
					.append('}');
			}
			json.append("]}");
			accounts.add(username + " " + (withOtp ? secret : "-") + " 0");
			if (i % batch == batch - 1 || i == n - 1) {
				json.append("]}");
				Files.writeString(Path.of(outJson + String.format(Locale.ROOT, "-%03d.json", i / batch)), json);
			}
		}
		Files.write(outAccounts, accounts);
	}

	static String jsonString(String s) {
		return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	// ---------------------------------------------------------------- load

	static final class Account {

		final String name;

		final byte[] key;

		volatile long nextStep;

		Account(String name, byte[] key, long nextStep) {
			this.name = name;
			this.key = key;
			this.nextStep = nextStep;
		}

	}

	static void load(String[] args) throws Exception {
		String kind = args[1];
		String url = args[2];
		Path accountsFile = Path.of(args[3]);
		String password = args[4];
		int workers = Integer.parseInt(args[5]);
		int warmupSeconds = Integer.parseInt(args[6]);
		int measureSeconds = Integer.parseInt(args[7]);
		String outPrefix = args[8];
		long[] cpuPids = args.length > 9 && !args[9].isBlank()
				? Arrays.stream(args[9].split(",")).filter((s) -> !s.isBlank()).mapToLong(Long::parseLong).toArray()
				: new long[0];
		String phase = Path.of(outPrefix).getFileName().toString();
		boolean keycloak = kind.startsWith("keycloak");
		boolean otp = kind.endsWith("totp") || kind.endsWith("otp");
		boolean base32 = kind.startsWith("staffroom");
		int expected = keycloak ? 200 : 201;

		ConcurrentLinkedQueue<Account> queue = new ConcurrentLinkedQueue<>();
		for (String line : Files.readAllLines(accountsFile)) {
			String[] f = line.trim().split("\\s+");
			byte[] key = !otp ? null : base32 ? base32(f[1]) : f[1].getBytes(StandardCharsets.UTF_8);
			queue.add(new Account(f[0], key, Long.parseLong(f[2])));
		}
		int accountCount = queue.size();

		long start = System.nanoTime();
		long measureFrom = start + warmupSeconds * 1_000_000_000L;
		long end = measureFrom + measureSeconds * 1_000_000_000L;
		long[][] latencies = new long[workers][];
		int[] counts = new int[workers];
		Map<String, LongAdder> errors = new ConcurrentHashMap<>();
		LongAdder waits = new LongAdder();
		LongAdder warmupDone = new LongAdder();
		double[] cpuBefore = new double[1];
		List<Thread> threads = new ArrayList<>();
		for (int w = 0; w < workers; w++) {
			final int me = w;
			latencies[me] = new long[1 << 16];
			threads.add(started(new Thread(() -> {
				while (true) {
					Account a = queue.poll();
					if (a == null) {
						sleep(1);
						if (System.nanoTime() >= end) {
							return;
						}
						continue;
					}
					long step = 0;
					if (otp) {
						// At most one sign-in per account and step: wait for the next step if needed.
						while (true) {
							long nowMillis = System.currentTimeMillis();
							step = nowMillis / 1000 / 30;
							if (step >= a.nextStep) {
								break;
							}
							waits.increment();
							long until = a.nextStep * 30_000L;
							sleep(Math.max(1, until - nowMillis));
						}
					}
					long t0 = System.nanoTime();
					if (t0 >= end) {
						queue.add(a);
						return;
					}
					String body;
					String contentType;
					String target;
					if (keycloak) {
						contentType = "application/x-www-form-urlencoded";
						target = url;
						body = "grant_type=password&client_id=bench-cli&username=" + enc(a.name) + "&password=" + enc(password)
								+ (otp ? "&totp=" + code(a.key, step) : "");
					}
					else {
						contentType = "application/json";
						target = url;
						body = "{\"email\":\"" + a.name + "\",\"password\":\"" + password + "\""
								+ (otp ? ",\"otp\":\"" + code(a.key, step) + "\"" : "") + "}";
					}
					int status;
					String text;
					try {
						var response = send(HttpRequest.newBuilder(URI.create(target))
							.header("Content-Type", contentType)
							.header("X-Bench-Phase", t0 < measureFrom ? phase + "-warmup" : phase)
							.POST(HttpRequest.BodyPublishers.ofString(body))
							.build());
						status = response.statusCode();
						text = response.body();
					}
					catch (Exception ex) {
						status = -1;
						text = ex.toString();
					}
					long t1 = System.nanoTime();
					a.nextStep = step + 1;
					queue.add(a);
					if (t0 < measureFrom) {
						warmupDone.increment();
						continue;
					}
					if (t1 > end) {
						// finished after the measured window: neither counted nor dropped silently
						errors.computeIfAbsent("finished after the window (not counted)", (k) -> new LongAdder()).increment();
						return;
					}
					if (status == expected) {
						if (counts[me] == latencies[me].length) {
							latencies[me] = Arrays.copyOf(latencies[me], counts[me] * 2);
						}
						latencies[me][counts[me]++] = t1 - t0;
					}
					else {
						String key = status + " " + (text.length() > 160 ? text.substring(0, 160) : text);
						errors.computeIfAbsent(key, (k) -> new LongAdder()).increment();
					}
				}
			})));
		}
		// CPU of the server (and its database) over the measured window only.
		long sleepNanos = measureFrom - System.nanoTime();
		if (sleepNanos > 0) {
			Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
		}
		cpuBefore[0] = cpuSeconds(cpuPids);
		double selfBefore = cpuSeconds(new long[] { ProcessHandle.current().pid() });
		String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
		long sleepEnd = end - System.nanoTime();
		if (sleepEnd > 0) {
			Thread.sleep(sleepEnd / 1_000_000, (int) (sleepEnd % 1_000_000));
		}
		double cpu = cpuSeconds(cpuPids) - cpuBefore[0];
		double self = cpuSeconds(new long[] { ProcessHandle.current().pid() }) - selfBefore;
		String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
		for (Thread t : threads) {
			t.join();
		}

		int n = Arrays.stream(counts).sum();
		long[] all = new long[n];
		int k = 0;
		for (int w = 0; w < workers; w++) {
			System.arraycopy(latencies[w], 0, all, k, counts[w]);
			k += counts[w];
		}
		Arrays.sort(all);
		double rate = n / (double) measureSeconds;
		StringBuilder report = new StringBuilder();
		report.append(String.format(Locale.ROOT, "kind: %s%nurl: %s%naccounts: %d; workers (requests in flight): %d; warm-up %d s (%d sign-ins), measured %d s%n",
				kind, url, accountCount, workers, warmupSeconds, warmupDone.sum(), measureSeconds));
		report.append(String.format(Locale.ROOT, "sign-ins: %d (status %d) = %.1f /s; per core of the machine (/ %d cores): %.1f /s%n", n,
				expected, rate, Runtime.getRuntime().availableProcessors(), rate / Runtime.getRuntime().availableProcessors()));
		if (cpuPids.length > 0) {
			report.append(String.format(Locale.ROOT, "server CPU (pids %s): %.1f s over %d s = %.2f cores busy; sign-ins per server CPU-second: %.1f%n",
					Arrays.toString(cpuPids), cpu, measureSeconds, cpu / measureSeconds, cpu > 0 ? n / cpu : 0.0));
		}
		report.append(String.format(Locale.ROOT, "load generator CPU: %.1f s%n", self));
		report.append(String.format(Locale.ROOT, "latency ms (client, end to end): p50 %.1f  p95 %.1f  p99 %.1f  max %.1f  mean %.1f%n",
				pct(all, 50), pct(all, 95), pct(all, 99), n > 0 ? all[n - 1] / 1e6 : 0.0,
				n > 0 ? Arrays.stream(all).average().getAsDouble() / 1e6 : 0.0));
		report.append("waits for the next 30 s step (account already used in this step): ").append(waits.sum()).append('\n');
		report.append("load average at the start and end of the measured window: ").append(loadBefore).append(" / ").append(loadAfter).append('\n');
		if (errors.isEmpty()) {
			report.append("other answers: none\n");
		}
		else {
			errors.forEach((key, count) -> report.append("other answer x").append(count.sum()).append(": ").append(key).append('\n'));
		}
		System.out.print(report);
		Files.writeString(Path.of(outPrefix + ".txt"), report);
		try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(Path.of(outPrefix + "-latencies-us.txt")))) {
			for (long l : all) {
				csv.println(l / 1000);
			}
		}
	}

	static double pct(long[] sorted, double p) {
		if (sorted.length == 0) {
			return 0;
		}
		int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
	}

	static double cpuSeconds(long[] pids) {
		double hz = 100.0; // USER_HZ on Linux
		double total = 0;
		for (long pid : pids) {
			try {
				String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
				String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				// after the ")": state is field 3, utime 14, stime 15 (1-based over the whole line)
				total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / hz;
			}
			catch (IOException ex) {
				// the process ended
			}
		}
		return total;
	}

	static Thread started(Thread thread) {
		thread.start();
		return thread;
	}

	static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static String enc(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}

	// ---------------------------------------------------------------- RFC 6238

	static String code(byte[] key, long step) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(key, "RAW"));
			byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
			int offset = hash[hash.length - 1] & 0x0f;
			int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16) | ((hash[offset + 2] & 0xff) << 8)
					| (hash[offset + 3] & 0xff);
			return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static byte[] base32(String text) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
		String clean = text.replace("=", "").toUpperCase(Locale.ROOT);
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		int buffer = 0;
		int bits = 0;
		for (char c : clean.toCharArray()) {
			buffer = (buffer << 5) | alphabet.indexOf(c);
			bits += 5;
			if (bits >= 8) {
				out.write((buffer >> (bits - 8)) & 0xff);
				bits -= 8;
			}
		}
		return out.toByteArray();
	}

}
