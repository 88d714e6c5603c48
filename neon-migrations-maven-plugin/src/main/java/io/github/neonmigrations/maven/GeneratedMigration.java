package io.github.neonmigrations.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.neonmigrations.maven.SchemaChange.File;

/**
 * The SQL of generated changes, one script per migration file, in the order the files
 * run: the transactional migration, then each concurrently built index, then the
 * validations; each with its undo script. A destructive change is written commented out,
 * under a warning that names the data at risk, unless destructive changes are allowed;
 * then the warning stays above the live statement. The undo of a change written commented
 * out is commented out too.
 *
 * @param scripts the migration files, in the order they run
 * @param summary one line per change, for the goal's output
 * @param commentedOut how many destructive changes were written commented out
 */
record GeneratedMigration(List<Script> scripts, List<String> summary, int commentedOut) {

	static final String ALLOW_DESTRUCTIVE = "neon-migrations.allow-destructive";

	private static final Pattern CONCURRENT_INDEX = Pattern.compile("CONCURRENTLY (?:\\S+\\.)?(\\S+) ON ");

	/**
	 * Renders changes.
	 * @param changes the changes, in the order they run
	 * @param allowDestructive whether destructive changes are written live
	 * @return the scripts and the summary
	 */
	static GeneratedMigration render(List<SchemaChange> changes, boolean allowDestructive) {
		List<List<SchemaChange>> files = new ArrayList<>();
		File previous = null;
		for (SchemaChange change : changes) {
			File file = change.step().file();
			if (file != previous || file == File.CONCURRENT) {
				files.add(new ArrayList<>());
				previous = file;
			}
			files.get(files.size() - 1).add(change);
		}
		List<Script> scripts = new ArrayList<>();
		List<String> summary = new ArrayList<>();
		int commentedOut = 0;
		for (List<SchemaChange> file : files) {
			StringBuilder forward = new StringBuilder();
			for (SchemaChange change : file) {
				boolean commented = change.destructive() && !allowDestructive;
				summary.add(change.summary() + (!change.destructive() ? ""
						: commented ? " (destructive: commented out)" : " (destructive)"));
				commentedOut += commented ? 1 : 0;
				forward(change, commented, forward);
			}
			StringBuilder undo = new StringBuilder();
			for (int i = file.size() - 1; i >= 0; i--) {
				SchemaChange change = file.get(i);
				undo(change, change.destructive() && !allowDestructive, undo);
			}
			scripts.add(new Script(file.get(0).step().file(), suffix(file), forward.toString(), undo.toString()));
		}
		return new GeneratedMigration(List.copyOf(scripts), List.copyOf(summary), commentedOut);
	}

	private static void forward(SchemaChange change, boolean commented, StringBuilder body) {
		change.notes().forEach((note) -> body.append("-- NOTE: ").append(note).append('\n'));
		if (change.destructive()) {
			body.append("-- WARNING: destructive, loses ").append(change.risk()).append(".\n");
			if (commented) {
				body.append("-- Not applied: review it, then remove the comment marks, or generate with -D")
					.append(ALLOW_DESTRUCTIVE)
					.append("=true.\n");
			}
		}
		statements(change.statements(), commented, body);
	}

	private static void undo(SchemaChange change, boolean commented, StringBuilder body) {
		body.append("-- Undoes: ").append(change.summary().strip()).append('\n');
		change.undoNotes().forEach((note) -> body.append("-- NOTE: ").append(note).append('\n'));
		if (commented) {
			body.append("-- Not applied, as the change it undoes is commented out: remove the comment marks of both, ")
				.append("or of neither.\n");
		}
		statements(change.undo(), commented, body);
	}

	private static void statements(List<String> statements, boolean commented, StringBuilder body) {
		for (String statement : statements) {
			String terminated = statement + ";";
			body.append(commented ? terminated.replaceAll("(?m)^", "-- ") : terminated).append('\n');
		}
		body.append('\n');
	}

	/**
	 * What a file's name adds to the description's: the index's name for a concurrently
	 * built index, so that each such file says what it builds.
	 */
	private static String suffix(List<SchemaChange> file) {
		SchemaChange first = file.get(0);
		if (first.step().file() == File.CONCURRENT) {
			Matcher index = CONCURRENT_INDEX.matcher(first.statements().get(0));
			if (index.find()) {
				return File.CONCURRENT.suffix() + "_" + NewMigration.slug(index.group(1));
			}
		}
		return first.step().file().suffix();
	}

	boolean isEmpty() {
		return this.scripts.isEmpty();
	}

	/**
	 * One migration file and its undo.
	 *
	 * @param file which kind of file
	 * @param suffix what its name adds to the description's
	 * @param forward its statements
	 * @param undo the statements that undo it
	 */
	record Script(File file, String suffix, String forward, String undo) {

	}

}
