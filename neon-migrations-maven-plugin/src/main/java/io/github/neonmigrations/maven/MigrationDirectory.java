package io.github.neonmigrations.maven;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Finds the folder a project's migrations live in: the configured location, else the
 * first {@code filesystem:} or {@code classpath:} entry of
 * {@code spring.flyway.locations} in {@code src/main/resources/application.properties},
 * {@code .yml} or {@code .yaml}, else Flyway's default {@code classpath:db/migration}.
 *
 * @param directory the folder
 * @param location the Flyway location it came from, e.g. {@code classpath:db/migration}
 * @param origin where that location was configured, for the output
 */
record MigrationDirectory(Path directory, String location, String origin) {

	static final String DEFAULT_LOCATION = "classpath:db/migration";

	private static final String PROPERTY = "spring.flyway.locations";

	private static final Pattern PREFIX = Pattern.compile("^[a-z][a-z0-9]*:");

	/**
	 * Finds the migration folder of a project.
	 * @param project the project's base directory
	 * @param configured a location given to the goal, or {@code null}
	 * @return the folder
	 * @throws IllegalArgumentException if the configured location, or every location in
	 * the project's configuration, is not a folder of the project
	 * @throws IOException if a configuration file cannot be read
	 */
	static MigrationDirectory resolve(Path project, @Nullable String configured) throws IOException {
		return resolve(project, configured, ProjectConfiguration.read(project));
	}

	/**
	 * Finds the migration folder of a project whose configuration has been read.
	 * @param project the project's base directory
	 * @param configured a location given to the goal, or {@code null}
	 * @param configuration the project's application configuration
	 * @return the folder
	 * @throws IllegalArgumentException if the configured location, or every location in
	 * the project's configuration, is not a folder of the project
	 */
	static MigrationDirectory resolve(Path project, @Nullable String configured, ProjectConfiguration configuration) {
		if (configured != null && !configured.isBlank()) {
			Path directory = toDirectory(project, configured.strip());
			if (directory == null) {
				throw new IllegalArgumentException("The location " + configured + " is not a folder: use "
						+ "filesystem:<path> or classpath:<path>");
			}
			return new MigrationDirectory(directory, configured.strip(), "the location parameter");
		}
		List<String> locations = configuration.list(PROPERTY);
		if (!locations.isEmpty()) {
			for (String location : locations) {
				Path directory = toDirectory(project, location);
				if (directory != null) {
					return new MigrationDirectory(directory, location, PROPERTY + " in " + configuration.file());
				}
			}
			throw new IllegalArgumentException(PROPERTY + " in " + configuration.file() + " (" + locations
					+ ") names no filesystem: or classpath: folder; give one with -Dneon-migrations.location=...");
		}
		return new MigrationDirectory(project.resolve(ProjectConfiguration.RESOURCES).resolve("db/migration"),
				DEFAULT_LOCATION, "Flyway's default");
	}

	private static @Nullable Path toDirectory(Path project, String location) {
		String resolved = location.replace("{vendor}", "postgresql");
		if (resolved.contains("${")) {
			throw new IllegalArgumentException("The location " + location + " has a placeholder that only the "
					+ "running application resolves; give the folder with -Dneon-migrations.location=...");
		}
		if (resolved.contains("*") || resolved.contains("?")) {
			return null;
		}
		if (resolved.startsWith("filesystem:")) {
			return project.resolve(resolved.substring("filesystem:".length())).normalize();
		}
		if (resolved.startsWith("classpath:") || !PREFIX.matcher(resolved).find()) {
			String path = resolved.startsWith("classpath:") ? resolved.substring("classpath:".length()) : resolved;
			return project.resolve(ProjectConfiguration.RESOURCES).resolve(path.replaceFirst("^/+", "")).normalize();
		}
		return null;
	}

}
