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
 * rarely collide and apply in the order they were written.
 */
final class NewMigration {

	private final Clock clock;

	NewMigration(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Creates the migration file, and the directory if needed.
	 * @param directory the migration directory
	 * @param description what the migration does, e.g. "add orders"
	 * @return the new file, and a warning when its version sorts below an existing one
	 * @throws IllegalArgumentException if the description has no letters or digits
	 * @throws FileAlreadyExistsException if a migration with the same version exists
	 * @throws IOException if the file cannot be written
	 */
	Created create(Path directory, String description) throws IOException {
		String slug = slug(description);
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		MigrationVersions versions = MigrationVersions.read(directory);
		String version = versions.next(now);
		Path file = write(directory, version, slug, header(description, now), "");
		return new Created(file, version, versions.outOfOrderWarning(version).orElse(null));
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
		Optional<Path> sameVersion = sameVersion(directory, version);
		if (sameVersion.isPresent()) {
			throw new FileAlreadyExistsException(sameVersion.get().toString(), null,
					"a migration with version " + version + " exists already; wait a second and try again");
		}
		Path file = directory.resolve("V" + version + "__" + slug + ".sql");
		// CREATE_NEW: never overwrite, even a file that appeared since the check above.
		Files.writeString(file, header + body, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
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

	private static Optional<Path> sameVersion(Path directory, String version) throws IOException {
		String prefix = "V" + version + "__";
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.getFileName().toString().startsWith(prefix)).findFirst();
		}
	}

	/**
	 * A migration written.
	 *
	 * @param file the file
	 * @param version its version
	 * @param warning why Flyway may refuse it, or {@code null}
	 */
	record Created(Path file, String version, @Nullable String warning) {

	}

}
