package org.staffroom.imports;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.staffroom.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A OneRoster package of a few hundred kilobytes whose orgs.csv is one line of 400 MB,
 * imported by the whole service in a JVM of its own with a 256 MB heap
 * ({@link ZipBombImport}): the job ends failed with {@code line_too_long}, rather than
 * the heap running out and the job staying running.
 */
class ZipBombTests {

	private static final long LINE_BYTES = 400L * 1024 * 1024;

	@TempDir
	Path dir;

	/**
	 * The package, written as a stream: the long line is never held, in the test or
	 * anywhere.
	 */
	private Path bomb() throws IOException {
		Path zip = this.dir.resolve("bomb.zip");
		Map<String, String> files = OneRosterImportTests.files("v1p1", "bomb.test");
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
			out.setLevel(9);
			for (var file : files.entrySet()) {
				out.putNextEntry(new ZipEntry(file.getKey()));
				if (file.getKey().equals("orgs.csv")) {
					out.write("sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\n"
						.getBytes(StandardCharsets.US_ASCII));
					line(out);
				}
				else {
					out.write(file.getValue().getBytes(StandardCharsets.UTF_8));
				}
				out.closeEntry();
			}
		}
		return zip;
	}

	private static void line(OutputStream out) throws IOException {
		byte[] block = new byte[1024 * 1024];
		Arrays.fill(block, (byte) 'a');
		for (long written = 0; written < LINE_BYTES; written += block.length) {
			out.write(block);
		}
	}

	@Test
	void aZipBombOfOneEndlessLineEndsTheJobFailedWithLineTooLongInASmallHeap() throws Exception {
		Path zip = bomb();
		assertThat(Files.size(zip)).isLessThan(3L * 1024 * 1024);
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
						"-XX:TieredStopAtLevel=1", "-cp", classpath));
		if (TestDatabase.postgres()) {
			command.add("-Dstaffroom.test.database=postgres");
		}
		command.add(ZipBombImport.class.getName());
		command.add(zip.toString());
		Path log = this.dir.resolve("child.log");
		Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		boolean ended = child.waitFor(5, TimeUnit.MINUTES);
		if (!ended) {
			child.destroyForcibly();
		}
		String output = Files.readString(log);
		assertThat(ended).as(output).isTrue();
		assertThat(output).as(output).contains("MAX_HEAP ");
		assertThat(output).as(output).contains("STATUS failed");
		assertThat(output).as(output).containsPattern("CODES \\[.*line_too_long");
	}

}
