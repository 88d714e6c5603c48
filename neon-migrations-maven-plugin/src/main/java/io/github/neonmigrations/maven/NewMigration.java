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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes an empty versioned migration, {@code V<UTC yyyyMMddHHmmss>__<slug>.sql}, with a
 * short header comment. It needs no database: the version is the time, so migrations
 * written on different branches rarely collide and apply in the order they were written.
 */
final class NewMigration {

	private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
		.withZone(ZoneOffset.UTC);

	private final Clock clock;

	NewMigration(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Creates the migration file, and the directory if needed.
	 * @param directory the migration directory
	 * @param description what the migration does, e.g. "add orders"
	 * @return the new file
	 * @throws IllegalArgumentException if the description has no letters or digits
	 * @throws FileAlreadyExistsException if a migration with the same version exists
	 * @throws IOException if the file cannot be written
	 */
	Path create(Path directory, String description) throws IOException {
		String slug = slug(description);
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		String version = VERSION.format(now);
		Files.createDirectories(directory);
		Optional<Path> sameVersion = sameVersion(directory, version);
		if (sameVersion.isPresent()) {
			throw new FileAlreadyExistsException(sameVersion.get().toString(), null,
					"a migration with version " + version + " exists already; wait a second and try again");
		}
		Path file = directory.resolve("V" + version + "__" + slug + ".sql");
		String header = "-- " + description.strip() + "\n-- Created " + now
				+ ". Applied once, in version order, over the direct endpoint.\n"
				+ "-- Once applied anywhere, do not edit it: write a new migration.\n\n";
		// CREATE_NEW: never overwrite, even a file that appeared since the check above.
		Files.writeString(file, header, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
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

}
