package io.github.neonmigrations.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables the cases fill, kept in a folder so that cases run one at a time (each with
 * its own topology) still print as one report.
 *
 * <p>
 * A case's file holds lines of tab-separated cells: {@code table}, then {@code header},
 * {@code row} and {@code note} lines of that table.
 */
final class Results {

	private final Map<String, Table> tables = new LinkedHashMap<>();

	/**
	 * Adds a row to a table, creating the table on first use.
	 * @param title the table's title
	 * @param header its column names
	 * @param cells the row
	 */
	void row(String title, List<String> header, String... cells) {
		table(title, header).rows.add(List.of(cells));
	}

	/**
	 * Adds a line of text below a table, e.g. whether a target was met.
	 * @param title the table's title
	 * @param header its column names
	 * @param note the text
	 */
	void note(String title, List<String> header, String note) {
		table(title, header).notes.add(note);
	}

	private Table table(String title, List<String> header) {
		return this.tables.computeIfAbsent(title, (key) -> new Table(header));
	}

	void save(Path file) throws IOException {
		List<String> lines = new ArrayList<>();
		this.tables.forEach((title, table) -> {
			lines.add("table\t" + clean(title));
			lines.add("header\t" + String.join("\t", table.header.stream().map(Results::clean).toList()));
			table.rows
				.forEach((row) -> lines.add("row\t" + String.join("\t", row.stream().map(Results::clean).toList())));
			table.notes.forEach((note) -> lines.add("note\t" + clean(note)));
		});
		Files.createDirectories(file.getParent());
		Files.write(file, lines);
	}

	/**
	 * Adds what a saved file holds to these results: rows and notes of a table already
	 * here are appended.
	 * @param file a file written by {@link #save(Path)}
	 * @throws IOException if it cannot be read
	 */
	void load(Path file) throws IOException {
		String title = null;
		for (String line : Files.readAllLines(file)) {
			String[] cells = line.split("\t", -1);
			List<String> values = List.of(cells).subList(1, cells.length);
			switch (cells[0]) {
				case "table" -> title = values.get(0);
				case "header" -> table(title, values);
				case "row" -> this.tables.get(title).rows.add(values);
				case "note" -> this.tables.get(title).notes.add(values.get(0));
				default -> throw new IllegalStateException("Unexpected line in " + file + ": " + line);
			}
		}
	}

	boolean isEmpty() {
		return this.tables.isEmpty();
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder();
		this.tables.forEach((title, table) -> {
			text.append("### ").append(title).append("\n\n");
			MarkdownTable markdown = new MarkdownTable(table.header.toArray(String[]::new));
			table.rows.forEach((row) -> markdown.row(row.toArray(String[]::new)));
			text.append(markdown).append('\n');
			table.notes.forEach((note) -> text.append(note).append("\n\n"));
		});
		return text.toString();
	}

	private static String clean(String cell) {
		return cell.replace('\t', ' ').replace('\n', ' ');
	}

	private static final class Table {

		private final List<String> header;

		private final List<List<String>> rows = new ArrayList<>();

		private final List<String> notes = new ArrayList<>();

		Table(List<String> header) {
			this.header = List.copyOf(header);
		}

	}

}
