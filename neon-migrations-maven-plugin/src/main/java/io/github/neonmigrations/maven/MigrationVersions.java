package io.github.neonmigrations.maven;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.flywaydb.core.api.MigrationVersion;

/**
 * The versions of the migrations in a folder, and the version the next one gets: a
 * service that numbers its migrations ({@code V1}, {@code V2}, {@code V2_1}) gets the
 * next major number, one that uses timestamps gets the time in UTC, and so does an empty
 * folder.
 *
 * @param existing the versions of the folder's versioned migrations, in Flyway's order
 * @param scheme how the service numbers its migrations
 */
record MigrationVersions(List<MigrationVersion> existing, Scheme scheme) {

	private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
		.withResolverStyle(ResolverStyle.STRICT);

	private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*?)__.+\\.sql");

	/**
	 * Reads the versions of a folder's migrations.
	 * @param directory the folder, which need not exist
	 * @return the versions
	 * @throws IOException if the folder cannot be listed
	 */
	static MigrationVersions read(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return new MigrationVersions(List.of(), Scheme.TIMESTAMP);
		}
		List<MigrationVersion> versions;
		try (Stream<Path> files = Files.walk(directory)) {
			versions = files.filter(Files::isRegularFile)
				.map((file) -> VERSIONED.matcher(file.getFileName().toString()))
				.filter(Matcher::matches)
				.map((matcher) -> MigrationVersion.fromVersion(matcher.group(1)))
				.sorted()
				.toList();
		}
		return new MigrationVersions(versions,
				versions.isEmpty() ? Scheme.TIMESTAMP : Scheme.of(versions.get(versions.size() - 1)));
	}

	/**
	 * The version of a migration written now.
	 * @param now the time
	 * @return the version, as it goes into the file name
	 */
	String next(Instant now) {
		if (this.scheme == Scheme.NUMBERED) {
			return this.existing.get(this.existing.size() - 1).getMajor().add(BigInteger.ONE).toString();
		}
		return DATE_TIME.format(LocalDateTime.ofInstant(now.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC));
	}

	/**
	 * The version after one of this scheme, for a migration that must run after it.
	 * @param version a version returned by {@link #next(Instant)}
	 * @return the version after it
	 */
	String after(String version) {
		if (this.scheme == Scheme.NUMBERED || !Scheme.isTimestamp(MigrationVersion.fromVersion(version))) {
			return MigrationVersion.fromVersion(version).getMajor().add(BigInteger.ONE).toString();
		}
		return DATE_TIME.format(LocalDateTime.parse(version, DATE_TIME).plusSeconds(1));
	}

	/**
	 * A warning when a new version sorts below an existing one: Flyway refuses to apply
	 * it where the later one has been applied unless it may run out of order.
	 * @param version the new version
	 * @return the warning, if any
	 */
	Optional<String> outOfOrderWarning(String version) {
		MigrationVersion candidate = MigrationVersion.fromVersion(version);
		return this.existing.stream()
			.filter((existing) -> existing.compareTo(candidate) > 0)
			.max(Comparator.naturalOrder())
			.map((latest) -> "Version " + version + " sorts below the existing version " + latest
					+ ": Flyway will refuse it on a database where " + latest + " has been applied, unless "
					+ "spring.flyway.out-of-order=true. Rename the file to a version above " + latest + ".");
	}

	/**
	 * How a service numbers its migrations, judged by its latest one.
	 */
	enum Scheme {

		/**
		 * {@code V1}, {@code V2}, {@code V2_1}: the next one is the next major number.
		 */
		NUMBERED,

		/** {@code V20261125143000}: the next one is the time in UTC. */
		TIMESTAMP;

		static Scheme of(MigrationVersion latest) {
			return isTimestamp(latest) ? TIMESTAMP : NUMBERED;
		}

		/**
		 * Whether a version's major number reads as a date and time, {@code yyyyMMdd}
		 * followed by {@code HHmm} and optionally seconds.
		 */
		static boolean isTimestamp(MigrationVersion version) {
			String major = version.getMajorAsString();
			if (major.length() < 12 || major.length() > 14) {
				return false;
			}
			String padded = (major + "00").substring(0, 14);
			try {
				LocalDateTime.parse(padded, DATE_TIME);
				return true;
			}
			catch (DateTimeParseException ex) {
				return false;
			}
		}

	}

}
