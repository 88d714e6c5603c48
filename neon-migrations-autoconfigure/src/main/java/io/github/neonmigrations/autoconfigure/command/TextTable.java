package io.github.neonmigrations.autoconfigure.command;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table with left-aligned columns, for a terminal or a CI log.
 */
final class TextTable {

	private static final String GAP = "  ";

	private final List<String[]> rows = new ArrayList<>();

	TextTable(String... headings) {
		this.rows.add(headings);
	}

	void row(String... cells) {
		if (cells.length != this.rows.get(0).length) {
			throw new IllegalArgumentException(
					"Expected " + this.rows.get(0).length + " cells but got " + cells.length);
		}
		this.rows.add(cells);
	}

	void print(PrintStream out) {
		int[] widths = new int[this.rows.get(0).length];
		for (String[] row : this.rows) {
			for (int i = 0; i < row.length; i++) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		String[] rule = new String[widths.length];
		for (int i = 0; i < widths.length; i++) {
			rule[i] = "-".repeat(widths[i]);
		}
		out.println(line(this.rows.get(0), widths));
		out.println(line(rule, widths));
		for (String[] row : this.rows.subList(1, this.rows.size())) {
			out.println(line(row, widths));
		}
	}

	private static String line(String[] cells, int[] widths) {
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < cells.length; i++) {
			line.append(cells[i]);
			if (i < cells.length - 1) {
				line.append(" ".repeat(widths[i] - cells[i].length())).append(GAP);
			}
		}
		return line.toString().stripTrailing();
	}

}
