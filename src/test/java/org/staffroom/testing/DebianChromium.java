package org.staffroom.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The browser tests drive Debian's Chromium and chromedriver, never a browser a tool
 * downloads. On a fresh machine of ours (Debian, running as root) they are installed from
 * Debian's packages the first time, so that {@code ./mvnw verify} alone sets up
 * everything; anywhere else the tests stop with the command to run.
 */
final class DebianChromium {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static boolean checked;

	private DebianChromium() {
	}

	static synchronized void ensureInstalled() {
		if (checked || (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))) {
			checked = true;
			return;
		}
		boolean root = "root".equals(System.getProperty("user.name"));
		if (root && Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
			System.out.println("Browser tests: installing Debian's chromium and chromium-driver (apt-get)");
			run(List.of("apt-get", "update", "-qq"));
			run(List.of("apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"));
		}
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			throw new IllegalStateException("The browser tests need Debian's Chromium: "
					+ "sudo apt-get install -y chromium chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
		}
		checked = true;
	}

	private static void run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).inheritIO().start();
			process.getOutputStream().close();
			if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed");
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
