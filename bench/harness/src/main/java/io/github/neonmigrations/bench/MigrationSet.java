package io.github.neonmigrations.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Generated migrations, each a table, an index and 100 rows, as Flyway files in one
 * folder and as one concatenated file for {@code psql -1 -f}.
 *
 * @param count the number of migrations
 * @param location the folder Flyway reads ({@code filesystem:} location)
 * @param combined every migration in version order, in one file outside that folder
 */
record MigrationSet(int count, Path location, Path combined) {

	static final int ROWS_PER_MIGRATION = 100;

	/**
	 * Writes {@code count} migrations below {@code directory}.
	 * @param directory a folder of its own for this set
	 * @param count how many migrations
	 * @return the set
	 * @throws IOException if a file cannot be written
	 */
	static MigrationSet generate(Path directory, int count) throws IOException {
		Path location = Files.createDirectories(directory.resolve("migrations"));
		StringBuilder combined = new StringBuilder();
		for (int number = 1; number <= count; number++) {
			String sql = migration(number);
			Files.writeString(location.resolve(fileName(number)), sql);
			combined.append(sql);
		}
		return new MigrationSet(count, location,
				Files.writeString(directory.resolve("all-migrations.sql"), combined.toString()));
	}

	static String fileName(int number) {
		return String.format(Locale.ROOT, "V%04d__create_bench_%04d.sql", number, number);
	}

	/**
	 * One migration: the shape of a typical schema change with seed data, transactional
	 * so that {@code psql -1} can apply it too.
	 */
	static String migration(int number) {
		String table = String.format(Locale.ROOT, "bench_%04d", number);
		StringBuilder sql = new StringBuilder();
		sql.append("CREATE TABLE ").append(table).append(" (\n");
		sql.append("\tid bigint PRIMARY KEY,\n");
		sql.append("\tlabel text NOT NULL,\n");
		sql.append("\tcreated_at timestamptz NOT NULL DEFAULT now()\n");
		sql.append(");\n");
		sql.append("CREATE INDEX ").append(table).append("_label ON ").append(table).append(" (label);\n");
		sql.append("INSERT INTO ").append(table).append(" (id, label) VALUES\n");
		for (int row = 1; row <= ROWS_PER_MIGRATION; row++) {
			sql.append("\t(")
				.append(row)
				.append(", 'row ")
				.append(row)
				.append(" of migration ")
				.append(number)
				.append("')")
				.append((row < ROWS_PER_MIGRATION) ? ",\n" : ";\n");
		}
		return sql.toString();
	}

}
