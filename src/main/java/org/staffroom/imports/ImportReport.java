package org.staffroom.imports;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.staffroom.system.csv.SpreadsheetSafe;

/**
 * An import's problems as a CSV, for the API and the page alike: no cell can run as a
 * formula.
 */
public final class ImportReport {

	private ImportReport() {
	}

	public static String errorsCsv(List<ImportProblem> problems) {
		StringWriter out = new StringWriter();
		try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
			printer.printRecord("file", "row", "column", "code", "message");
			for (ImportProblem p : problems) {
				printer.printRecord(SpreadsheetSafe.cell(p.file()), p.row() == null ? "" : p.row().toString(),
						SpreadsheetSafe.cell(p.column()), SpreadsheetSafe.cell(p.code()),
						SpreadsheetSafe.cell(p.message()));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString();
	}

}
