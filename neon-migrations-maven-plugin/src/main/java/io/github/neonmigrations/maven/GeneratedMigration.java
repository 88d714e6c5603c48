package io.github.neonmigrations.maven;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.github.neonmigrations.maven.SchemaChange.File;

/**
 * The SQL of generated changes, one body per migration file: the transactional migration,
 * then the concurrent indexes, then the validations. A destructive change is written
 * commented out, under a warning that names the data at risk, unless destructive changes
 * are allowed; then the warning stays above the live statement.
 *
 * @param bodies the statements of each file that has any, in the order the files run
 * @param summary one line per change, for the goal's output
 * @param commentedOut how many destructive changes were written commented out
 */
record GeneratedMigration(Map<File, String> bodies, List<String> summary, int commentedOut) {

	static final String ALLOW_DESTRUCTIVE = "neon-migrations.allow-destructive";

	/**
	 * Renders changes.
	 * @param changes the changes, in the order they run
	 * @param allowDestructive whether destructive changes are written live
	 * @return the files' bodies and the summary
	 */
	static GeneratedMigration render(List<SchemaChange> changes, boolean allowDestructive) {
		Map<File, StringBuilder> sql = new EnumMap<>(File.class);
		List<String> summary = new ArrayList<>();
		int commentedOut = 0;
		for (SchemaChange change : changes) {
			StringBuilder body = sql.computeIfAbsent(change.step().file(), (file) -> new StringBuilder());
			String line = change.summary();
			for (String note : change.notes()) {
				body.append("-- NOTE: ").append(note).append('\n');
			}
			boolean commented = change.destructive() && !allowDestructive;
			if (change.destructive()) {
				body.append("-- WARNING: destructive, loses ").append(change.risk()).append(".\n");
				if (commented) {
					body.append("-- Not applied: review it, then remove the comment marks, or generate with -D")
						.append(ALLOW_DESTRUCTIVE)
						.append("=true.\n");
					commentedOut++;
					line += " (destructive: commented out)";
				}
				else {
					line += " (destructive)";
				}
			}
			for (String statement : change.statements()) {
				String terminated = statement + ";";
				body.append(commented ? terminated.replaceAll("(?m)^", "-- ") : terminated).append('\n');
			}
			body.append('\n');
			summary.add(line);
		}
		Map<File, String> bodies = new EnumMap<>(File.class);
		sql.forEach((file, body) -> bodies.put(file, body.toString()));
		return new GeneratedMigration(bodies, summary, commentedOut);
	}

	boolean isEmpty() {
		return this.bodies.isEmpty();
	}

}
