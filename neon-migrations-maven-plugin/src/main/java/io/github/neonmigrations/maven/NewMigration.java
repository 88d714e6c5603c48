package io.github.neonmigrations.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Writes an empty versioned migration, {@code V<version>__<slug>.sql}, with a short
 * header comment. It needs no database. The version follows the folder's scheme
 * ({@link MigrationVersions}): the next number after {@code V1}, {@code V2}, else the
 * time in UTC, {@code yyyyMMddHHmmss}, so that migrations written on different branches
 * rarely collide and apply in the order they were written. On request it writes an empty
 * undo script beside it, {@code U<version>__<slug>.sql}, for the {@code downgrade}
 * command.
 */
final class NewMigration {

	/** Flyway's default prefix of versioned SQL migrations. */
	private static final String MIGRATION = "V";

	/** The prefix of undo scripts, as the {@code downgrade} command reads them. */
	private static final String UNDO = "U";

	private final Clock clock;

	NewMigration(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Creates the migration file, and the directory if needed.
	 * @param directory the migration directory
	 * @param description what the migration does, e.g. "add orders"
	 * @param undo whether to write an empty undo script beside it
	 * @return the new files, and a warning when the version sorts below an existing one
	 * @throws IllegalArgumentException if the description has no letters or digits
	 * @throws FileAlreadyExistsException if a migration with the same version exists
	 * @throws IOException if the file cannot be written
	 */
	Created create(Path directory, String description, boolean undo) throws IOException {
		String slug = slug(description);
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		MigrationVersions versions = MigrationVersions.read(directory);
		String version = versions.next(now);
		Path file = write(directory, version, slug, header(description, now), "");
		Path undoFile = undo ? writeUndo(directory, version, slug,
				undoHeader(file) + "-- Write the statements " + "that take back what it does, newest change first.\n\n",
				"") : null;
		return new Created(file, undoFile, version, versions.outOfOrderWarning(version).orElse(null));
	}

	/**
	 * The header of an undo script.
	 * @param migration the migration it undoes
	 * @return the header
	 */
	static String undoHeader(Path migration) {
		return "-- Undoes " + migration.getFileName() + " when --neon.migrations.command=downgrade takes it back:\n"
				+ "-- runs in one transaction with the removal of its row from the schema history.\n";
	}

	/**
	 * The header of a migration.
	 * @param description what the migration does
	 * @param now when it is written
	 * @return the header, ending with an empty line
	 */
	static String header(String description, Instant now) {
		return "-- " + description.strip() + "\n-- Created " + now.truncatedTo(ChronoUnit.SECONDS)
				+ ". Applied once, in version order, over the direct endpoint.\n"
				+ "-- Once applied anywhere, do not edit it: write a new migration.\n\n";
	}

	/**
	 * Writes a migration, never over an existing one nor next to one with the same
	 * version.
	 * @param directory the migration directory, created if needed
	 * @param version the version
	 * @param slug the description in the file name
	 * @param header the header comment
	 * @param body the statements
	 * @return the new file
	 * @throws FileAlreadyExistsException if a migration with the same version exists
	 * @throws IOException if the file cannot be written
	 */
	static Path write(Path directory, String version, String slug, String header, String body) throws IOException {
		Files.createDirectories(directory);
		// An undo script left without its migration would otherwise undo the new one.
		for (String prefix : List.of(MIGRATION, UNDO)) {
			Optional<Path> sameVersion = sameVersion(directory, prefix, version);
			if (sameVersion.isPresent()) {
				throw new FileAlreadyExistsException(sameVersion.get().toString(), null,
						"a migration or undo script with version " + version + " exists already; wait a second "
								+ "and try again");
			}
		}
		return writeNew(directory.resolve(MIGRATION + version + "__" + slug + ".sql"), header + body);
	}

	/**
	 * Writes the undo script of a migration just written, {@code U<version>__<slug>.sql},
	 * which the {@code downgrade} command runs.
	 * @param directory the migration directory
	 * @param version the migration's version
	 * @param slug the description in the file name
	 * @param header the header comment
	 * @param body the statements
	 * @return the new file
	 * @throws FileAlreadyExistsException if the file exists
	 * @throws IOException if the file cannot be written
	 */
	static Path writeUndo(Path directory, String version, String slug, String header, String body) throws IOException {
		return writeNew(directory.resolve(UNDO + version + "__" + slug + ".sql"), header + body);
	}

	private static Path writeNew(Path file, String content) throws IOException {
		// CREATE_NEW: never overwrite, even a file that appeared since the check above.
		Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
				StandardOpenOption.WRITE);
		return file;
	}

	/**
	 * The words of the description, lower-case, joined by {@code _}: "Add Orders!"
	 * becomes {@code add_orders}.
	 * @param description what the migration does
	 * @return the slug
	 * @throws IllegalArgumentException if the description has no letters or digits
	 */
	static String slug(String description) {
		String plain = Normalizer.normalize(description, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
		String slug = Arrays.stream(plain.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
			.filter((word) -> !word.isEmpty())
			.collect(Collectors.joining("_"));
		if (slug.isEmpty()) {
			throw new IllegalArgumentException("The migration needs a description with letters or digits, such as "
					+ "-Dname=\"add orders\"; got \"" + description + "\"");
		}
		return slug;
	}

	private static Optional<Path> sameVersion(Path directory, String prefix, String version) throws IOException {
		String start = prefix + version + "__";
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.getFileName().toString().startsWith(start)).findFirst();
		}
	}

	/**
	 * A migration written.
	 *
	 * @param file the file
	 * @param undo its undo script, or {@code null}
	 * @param version its version
	 * @param warning why Flyway may refuse it, or {@code null}
	 */
	record Created(Path file, @Nullable Path undo, String version, @Nullable String warning) {

	}

}
