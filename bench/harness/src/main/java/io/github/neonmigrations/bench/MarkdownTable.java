package io.github.neonmigrations.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A table printed as Markdown, padded so that it also reads well in a terminal.
 */
final class MarkdownTable {

	private final List<String> header;

	private final List<List<String>> rows = new ArrayList<>();

	MarkdownTable(String... header) {
		this.header = List.of(header);
	}

	MarkdownTable row(String... cells) {
		if (cells.length != this.header.size()) {
			throw new IllegalArgumentException("Expected " + this.header.size() + " cells, got " + cells.length);
		}
		this.rows.add(List.of(cells));
		return this;
	}

	@Override
	public String toString() {
		int[] widths = new int[this.header.size()];
		for (List<String> row : allRows()) {
			for (int i = 0; i < row.size(); i++) {
				widths[i] = Math.max(widths[i], row.get(i).length());
			}
		}
		StringBuilder text = new StringBuilder();
		line(text, this.header, widths);
		List<String> separator = new ArrayList<>();
		for (int width : widths) {
			separator.add("-".repeat(Math.max(3, width)));
		}
		line(text, separator, widths);
		this.rows.forEach((row) -> line(text, row, widths));
		return text.toString();
	}

	private List<List<String>> allRows() {
		List<List<String>> all = new ArrayList<>(this.rows);
		all.add(this.header);
		return all;
	}

	private static void line(StringBuilder text, List<String> cells, int[] widths) {
		text.append('|');
		for (int i = 0; i < cells.size(); i++) {
			String cell = cells.get(i);
			text.append(' ').append(cell).append(" ".repeat(Math.max(0, widths[i] - cell.length()))).append(" |");
		}
		text.append('\n');
	}

}
