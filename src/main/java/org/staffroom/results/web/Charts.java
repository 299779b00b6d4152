package org.staffroom.results.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The dashboard's charts, laid out here and drawn by the template as plain SVG (no
 * script, no inline style: colours come from CSS classes). Each chart is an image with a
 * title and a description that says what it shows in words, and a data table beside it
 * carries every figure.
 */
final class Charts {

	static final int WIDTH = 720;

	static final int LABEL_WIDTH = 270;

	static final int BAR_AREA = 350;

	static final int ROW = 34;

	static final int BAR_HEIGHT = 22;

	static final int TOP = 8;

	/** Colours for bands, by CSS class, in order from the lowest band. */
	static final int COLOURS = 8;

	private Charts() {
	}

	/**
	 * One horizontal bar: its label, where it sits, how long it is, and the figure
	 * written after it.
	 */
	record Bar(String label, int y, double width, String value, boolean hidden) {

		public int textY() {
			return this.y + BAR_HEIGHT / 2 + 5;
		}

		public double valueX() {
			return LABEL_WIDTH + this.width + 8;
		}

	}

	record BarChart(String id, String title, String description, int height, List<Bar> bars) {

		public int width() {
			return WIDTH;
		}

		public int labelWidth() {
			return LABEL_WIDTH;
		}

		public String viewBox() {
			return "0 0 " + WIDTH + " " + this.height;
		}

	}

	/** One band's share of a stacked bar. */
	record Segment(double x, double width, String cssClass) {
	}

	record StackRow(String label, int y, boolean hidden, String text, List<Segment> segments) {

		public int textY() {
			return this.y + BAR_HEIGHT / 2 + 5;
		}

	}

	record Key(String name, String cssClass, int x, int y) {

		public int textX() {
			return this.x + 20;
		}

		public int textY() {
			return this.y + 12;
		}

	}

	record StackedChart(String id, String title, String description, int height, List<Key> keys, List<StackRow> rows) {

		public String viewBox() {
			return "0 0 " + WIDTH + " " + this.height;
		}

		public int width() {
			return WIDTH;
		}

		public int labelWidth() {
			return LABEL_WIDTH;
		}

	}

	/**
	 * A figure to chart: a label, a value (null when there is none to show) and whether
	 * it is hidden.
	 */
	record Figure(String label, Double value, String valueText, boolean hidden) {
	}

	static BarChart bars(String id, String title, String what, List<Figure> figures, String hiddenText) {
		double max = figures.stream()
			.filter((f) -> !f.hidden() && f.value() != null)
			.mapToDouble(Figure::value)
			.max()
			.orElse(0);
		List<Bar> bars = new ArrayList<>();
		List<String> said = new ArrayList<>();
		int y = TOP;
		for (Figure f : figures) {
			if (f.hidden()) {
				bars.add(new Bar(shorten(f.label()), y, 0, hiddenText, true));
				said.add(f.label() + ": " + hiddenText);
			}
			else {
				double width = (f.value() == null || max <= 0) ? 0 : Math.max(0, f.value() / max * BAR_AREA);
				bars.add(new Bar(shorten(f.label()), y, round(width), f.valueText(), false));
				said.add(f.label() + ": " + f.valueText());
			}
			y += ROW;
		}
		return new BarChart(id, title, what + ". " + String.join("; ", said) + ".", y + TOP, bars);
	}

	/**
	 * A row of a stacked chart: how many pupils were in each band, or that the group is
	 * hidden.
	 */
	record Stack(String label, int[] counts, boolean hidden) {
	}

	static StackedChart stacked(String id, String title, String what, List<String> bands, List<Stack> stacks,
			String hiddenText) {
		List<Key> keys = new ArrayList<>();
		int x = LABEL_WIDTH;
		int keyY = TOP;
		for (int i = 0; i < bands.size(); i++) {
			int needed = 30 + Math.min(24, bands.get(i).length()) * 8;
			if (x + needed > WIDTH && x > LABEL_WIDTH) {
				x = LABEL_WIDTH;
				keyY += 22;
			}
			keys.add(new Key(shorten(bands.get(i)), colour(i), x, keyY));
			x += needed;
		}
		int y = keyY + 30;
		List<StackRow> rows = new ArrayList<>();
		List<String> said = new ArrayList<>();
		for (Stack s : stacks) {
			if (s.hidden()) {
				rows.add(new StackRow(shorten(s.label()), y, true, hiddenText, List.of()));
				said.add(s.label() + ": " + hiddenText);
			}
			else {
				int total = 0;
				for (int c : s.counts()) {
					total += c;
				}
				List<Segment> segments = new ArrayList<>();
				List<String> parts = new ArrayList<>();
				double at = LABEL_WIDTH;
				for (int i = 0; i < s.counts().length; i++) {
					double width = (total == 0) ? 0 : (double) s.counts()[i] / total * BAR_AREA;
					if (width > 0) {
						segments.add(new Segment(round(at), round(width), colour(i)));
					}
					at += width;
					parts.add(bands.get(i) + " " + percent(s.counts()[i], total));
				}
				String text = (total == 0) ? "No results" : total + (total == 1 ? " pupil" : " pupils");
				rows.add(new StackRow(shorten(s.label()), y, false, text, segments));
				said.add(s.label() + ": " + ((total == 0) ? "no results" : String.join(", ", parts)));
			}
			y += ROW;
		}
		return new StackedChart(id, title, what + ". " + String.join("; ", said) + ".", y + TOP, keys, rows);
	}

	static String colour(int band) {
		return "staffroom-band-" + (band % COLOURS);
	}

	static String percent(int count, int total) {
		return (total == 0) ? "0%" : Math.round(100.0 * count / total) + "%";
	}

	static String mean(Double mean) {
		return (mean == null) ? "No results" : String.format(Locale.UK, "%.2f", mean);
	}

	private static String shorten(String label) {
		return (label.length() <= 34) ? label : label.substring(0, 33) + "…";
	}

	private static double round(double v) {
		return Math.round(v * 10) / 10.0;
	}

}
