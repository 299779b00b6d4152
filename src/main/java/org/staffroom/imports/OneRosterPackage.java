package org.staffroom.imports;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.staffroom.system.csv.CsvText;

/**
 * A OneRoster 1.1 or 1.2 CSV package: a zip holding manifest.csv and one CSV per kind of
 * record. The manifest says the OneRoster version and, per file, {@code bulk} (the whole
 * data set), {@code delta} (changes only, each row's status active or tobedeleted) or
 * {@code absent}.
 *
 * <p>
 * Files are read as streams of rows, one at a time, as often as the import needs them:
 * nothing holds a file in memory. A file is UTF-8 (a byte-order mark is fine), CRLF or
 * LF, and no entry may unpack to more than the size limit (a zip bomb stops at the limit,
 * reported as {@code file_too_large}), nor any row be longer than the line limit
 * ({@code line_too_long}: a zip bomb of one endless line stops there, before it is built
 * into a string). Rows are numbered as a spreadsheet shows them: the header is row 1.
 */
final class OneRosterPackage implements Closeable {

	static final String MANIFEST = "manifest.csv";

	/** The files we read, in the order their references need. */
	static final List<String> FILES = List.of("orgs.csv", "academicSessions.csv", "courses.csv", "classes.csv",
			"roles.csv", "users.csv", "enrollments.csv");

	private final ZipFile zip;

	private final long maxEntryBytes;

	private final long maxLineChars;

	private final Map<String, ZipEntry> entries = new HashMap<>();

	private final Map<String, String> modes = new LinkedHashMap<>();

	private String version;

	private long parsingNanos;

	private final ImportProblems problems = new ImportProblems();

	private final java.util.Set<String> unreadable = new java.util.HashSet<>();

	private OneRosterPackage(ZipFile zip, long maxEntryBytes, long maxLineChars) {
		this.zip = zip;
		this.maxEntryBytes = maxEntryBytes;
		this.maxLineChars = maxLineChars;
	}

	/**
	 * Opens the package and reads its manifest. Problems (not a zip, no manifest, an
	 * unknown version, a file the manifest names but the zip lacks) are in
	 * {@link #problems()}; when the package cannot be read at all, {@link #version()} is
	 * null.
	 */
	static OneRosterPackage open(Path file, long maxEntryBytes, long maxLineChars) {
		ZipFile zip;
		try {
			zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8);
		}
		catch (ZipException ex) {
			OneRosterPackage none = new OneRosterPackage(null, maxEntryBytes, maxLineChars);
			none.problems.add(new ImportProblem(null, null, null, "not_a_zip",
					"The file is not a zip: a OneRoster CSV package is a zip of manifest.csv and the CSV files"));
			return none;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		OneRosterPackage pkg = new OneRosterPackage(zip, maxEntryBytes, maxLineChars);
		pkg.readManifest();
		return pkg;
	}

	private void readManifest() {
		var it = this.zip.entries();
		while (it.hasMoreElements()) {
			ZipEntry entry = it.nextElement();
			if (!entry.isDirectory()) {
				// Some exporters put the files in a folder; the name is what counts.
				String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
				this.entries.putIfAbsent(name, entry);
			}
		}
		if (!this.entries.containsKey(MANIFEST)) {
			this.problems.add(new ImportProblem(MANIFEST, null, null, "missing_file",
					"The package has no manifest.csv, so it is not a OneRoster CSV package"));
			return;
		}
		Map<String, String> properties = new HashMap<>();
		boolean read = rows(MANIFEST, List.of("propertyName", "value"),
				(row) -> properties.put(row.get("propertyName"), row.get("value")));
		if (!read) {
			return;
		}
		String declared = properties.get("oneroster.version");
		if (!"1.1".equals(declared) && !"1.2".equals(declared)) {
			this.problems.add(new ImportProblem(MANIFEST, null, "oneroster.version", "unsupported_version",
					"oneroster.version is " + (declared == null ? "missing" : "\"" + declared + "\"")
							+ "; OneRoster 1.1 and 1.2 CSV packages can be imported"));
			return;
		}
		for (String fileName : FILES) {
			String key = "file." + fileName.substring(0, fileName.length() - 4);
			String mode = properties.getOrDefault(key, this.entries.containsKey(fileName) ? "bulk" : "absent");
			mode = mode.toLowerCase(Locale.ROOT);
			if (!mode.equals("bulk") && !mode.equals("delta") && !mode.equals("absent")) {
				this.problems.add(new ImportProblem(MANIFEST, null, key, "invalid_value",
						key + " is \"" + mode + "\"; it is bulk, delta or absent"));
				continue;
			}
			if (!mode.equals("absent") && !this.entries.containsKey(fileName)) {
				this.problems.add(new ImportProblem(fileName, null, null, "missing_file",
						"The manifest lists " + fileName + " as " + mode + ", but the package has no such file"));
				continue;
			}
			if (!mode.equals("absent")) {
				this.modes.put(fileName, mode);
			}
		}
		if (!this.modes.containsKey("orgs.csv") || !this.modes.containsKey("users.csv")) {
			this.problems.add(new ImportProblem(this.modes.containsKey("orgs.csv") ? "users.csv" : "orgs.csv", null,
					null, "missing_file", "A roster needs orgs.csv and users.csv"));
		}
		this.version = declared;
	}

	/**
	 * Time spent unzipping, decoding and parsing CSV so far (not in what the rows were
	 * handed to).
	 */
	long parsingNanos() {
		return this.parsingNanos;
	}

	/** 1.1 or 1.2; null when the package or its manifest cannot be used. */
	String version() {
		return this.version;
	}

	boolean has(String file) {
		return this.modes.containsKey(file);
	}

	boolean delta(String file) {
		return "delta".equals(this.modes.get(file));
	}

	/** The problems found in the package as a whole and while reading its files. */
	ImportProblems problems() {
		return this.problems;
	}

	/**
	 * A rough count of the data rows (lines) of every file read, for the progress bar:
	 * the lines of each file's first 64 KB, scaled by the size the zip gives for the
	 * whole file (an exact count for a file that short, or whose size the zip does not
	 * give), so the files are not unpacked an extra time just to be counted.
	 */
	int estimateRows() {
		long lines = 0;
		long started = System.nanoTime();
		for (String file : this.modes.keySet()) {
			ZipEntry entry = this.entries.get(file);
			try (InputStream in = open(entry)) {
				byte[] buffer = new byte[64 * 1024];
				long fileLines = 0;
				long read = 0;
				int n;
				while ((n = in.read(buffer)) > 0) {
					for (int i = 0; i < n; i++) {
						if (buffer[i] == '\n') {
							fileLines++;
						}
					}
					read += n;
					if (entry.getSize() > 0 && read >= buffer.length) {
						break;
					}
				}
				if (entry.getSize() > read && read > 0) {
					fileLines = fileLines * entry.getSize() / read;
				}
				lines += fileLines - 1;
			}
			catch (IOException ex) {
				// Reported when the file is read for real.
			}
		}
		this.parsingNanos += System.nanoTime() - started;
		return (int) Math.max(0, Math.min(Integer.MAX_VALUE, lines));
	}

	/** One data row: its number and its cells by column name (blank cells are null). */
	static final class Row {

		private final String file;

		private final CSVRecord record;

		private final Map<String, Integer> columns;

		private final int number;

		Row(String file, CSVRecord record, Map<String, Integer> columns) {
			this.file = file;
			this.record = record;
			this.columns = columns;
			this.number = (int) record.getRecordNumber() + 1;
		}

		int number() {
			return this.number;
		}

		String file() {
			return this.file;
		}

		String get(String column) {
			// One look-up of the column's index (the record's own get(name) makes three).
			Integer index = this.columns.get(column);
			if (index == null || index >= this.record.size()) {
				return null;
			}
			String value = this.record.get(index).strip();
			return value.isEmpty() ? null : value;
		}

		/**
		 * A multi-valued cell: OneRoster separates the values by commas inside one quoted
		 * cell.
		 */
		List<String> list(String column) {
			String value = get(column);
			if (value == null) {
				return List.of();
			}
			List<String> values = new ArrayList<>();
			for (String part : value.split(",")) {
				if (!part.isBlank()) {
					values.add(part.strip());
				}
			}
			return values;
		}

		ImportProblem problem(String column, String code, String message) {
			return new ImportProblem(this.file, this.number, column, code, message);
		}

	}

	/**
	 * Streams the rows of one file to {@code each}, after checking that its header has
	 * the required columns. Returns false (with the problem recorded) when the file
	 * cannot be read to its end.
	 */
	boolean rows(String file, List<String> required, Consumer<Row> each) {
		ZipEntry entry = this.entries.get(file);
		if (entry == null) {
			return true;
		}
		int lastRow = 1;
		try (Reader reader = CsvText.reader(open(entry), 64 * 1024, this.maxLineChars);
				CSVParser parser = CSVFormat.RFC4180.builder()
					.setHeader()
					.setSkipHeaderRecord(true)
					.setIgnoreEmptyLines(true)
					.get()
					.parse(reader)) {
			List<String> headers = parser.getHeaderNames();
			Map<String, Integer> columns = parser.getHeaderMap();
			boolean missing = false;
			for (String column : required) {
				if (!headers.contains(column)) {
					this.problems.add(new ImportProblem(file, 1, column, "missing_column",
							"The header of " + file + " has no \"" + column + "\" column"));
					missing = true;
				}
			}
			if (missing) {
				return false;
			}
			long started = System.nanoTime();
			long handling = 0;
			try {
				for (CSVRecord record : parser) {
					lastRow = (int) record.getRecordNumber() + 1;
					long t = System.nanoTime();
					each.accept(new Row(file, record, columns));
					handling += System.nanoTime() - t;
				}
			}
			finally {
				this.parsingNanos += System.nanoTime() - started - handling;
			}
			return true;
		}
		catch (UncheckedIOException | IOException | IllegalStateException | IllegalArgumentException ex) {
			// A file read a second time fails at the same place: say so once.
			if (this.unreadable.add(file)) {
				this.problems.add(readingProblem(file, ex, lastRow + 1));
			}
			return false;
		}
	}

	private ImportProblem readingProblem(String file, Exception ex, int row) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof TooLarge) {
				return new ImportProblem(file, null, null, "file_too_large",
						file + " unpacks to more than " + (this.maxEntryBytes / (1024 * 1024)) + " MB");
			}
		}
		CsvText.Unreadable why = CsvText.problem(ex, row);
		return new ImportProblem(file, row, null, why.code(), why.message());
	}

	private InputStream open(ZipEntry entry) throws IOException {
		return new Limited(this.zip.getInputStream(entry), this.maxEntryBytes);
	}

	@Override
	public void close() {
		if (this.zip != null) {
			try {
				this.zip.close();
			}
			catch (IOException ex) {
				// Nothing left to do with a package that was only read.
			}
		}
	}

	/** An entry that unpacks past the limit. */
	private static final class TooLarge extends IOException {

		TooLarge() {
			super("too large");
		}

	}

	/** Stops reading at the limit, whatever the zip's header claims the size is. */
	private static final class Limited extends FilterInputStream {

		private final long limit;

		private long count;

		Limited(InputStream in, long limit) {
			super(in);
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0 && ++this.count > this.limit) {
				throw new TooLarge();
			}
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int n = super.read(b, off, len);
			if (n > 0 && (this.count += n) > this.limit) {
				throw new TooLarge();
			}
			return n;
		}

	}

}
