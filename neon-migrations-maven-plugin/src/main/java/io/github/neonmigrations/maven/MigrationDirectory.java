package io.github.neonmigrations.maven;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

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

	private static final String RESOURCES = "src/main/resources";

	private static final List<String> CONFIGURATION_FILES = List.of("application.properties", "application.yml",
			"application.yaml");

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
		if (configured != null && !configured.isBlank()) {
			Path directory = toDirectory(project, configured.strip());
			if (directory == null) {
				throw new IllegalArgumentException("The location " + configured + " is not a folder: use "
						+ "filesystem:<path> or classpath:<path>");
			}
			return new MigrationDirectory(directory, configured.strip(), "the location parameter");
		}
		for (String name : CONFIGURATION_FILES) {
			Path file = project.resolve(RESOURCES).resolve(name);
			if (!Files.isRegularFile(file)) {
				continue;
			}
			List<String> locations = name.endsWith(".properties") ? fromProperties(file) : fromYaml(file);
			if (locations.isEmpty()) {
				continue;
			}
			for (String location : locations) {
				Path directory = toDirectory(project, location);
				if (directory != null) {
					return new MigrationDirectory(directory, location, PROPERTY + " in " + RESOURCES + "/" + name);
				}
			}
			throw new IllegalArgumentException(PROPERTY + " in " + RESOURCES + "/" + name + " (" + locations
					+ ") names no filesystem: or classpath: folder; give one with -Dneon-migrations.location=...");
		}
		return new MigrationDirectory(project.resolve(RESOURCES).resolve("db/migration"), DEFAULT_LOCATION,
				"Flyway's default");
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
			return project.resolve(RESOURCES).resolve(path.replaceFirst("^/+", "")).normalize();
		}
		return null;
	}

	private static List<String> fromProperties(Path file) throws IOException {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		String value = properties.getProperty(PROPERTY);
		if (value != null) {
			return split(value);
		}
		List<String> indexed = new ArrayList<>();
		for (int i = 0; properties.getProperty(PROPERTY + "[" + i + "]") != null; i++) {
			indexed.add(properties.getProperty(PROPERTY + "[" + i + "]").strip());
		}
		return indexed;
	}

	private static List<String> fromYaml(Path file) throws IOException {
		Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			for (Object document : yaml.loadAll(reader)) {
				Map<String, Object> flat = new LinkedHashMap<>();
				flatten("", document, flat);
				// Profile-specific documents apply only when the profile is active.
				if (flat.containsKey("spring.config.activate.on-profile") || flat.containsKey("spring.profiles")) {
					continue;
				}
				Object value = flat.get(PROPERTY);
				if (value instanceof List<?> list) {
					return list.stream().map((element) -> String.valueOf(element).strip()).toList();
				}
				if (value != null) {
					return split(value.toString());
				}
			}
		}
		return List.of();
	}

	private static void flatten(String prefix, @Nullable Object value, Map<String, Object> flat) {
		if (value instanceof Map<?, ?> map) {
			map.forEach(
					(key, child) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, child, flat));
		}
		else if (value != null && !prefix.isEmpty()) {
			flat.put(prefix, value);
		}
	}

	private static List<String> split(String value) {
		return Arrays.stream(value.split(",")).map(String::strip).filter((location) -> !location.isEmpty()).toList();
	}

}
