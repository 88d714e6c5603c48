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

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A project's application configuration as the goals read it, without running the
 * application: {@code src/main/resources/application.properties}, {@code .yml} and
 * {@code .yaml}, flattened to Spring Boot's property names, the properties file winning
 * as in Spring Boot. Documents of a YAML file that apply to a profile only are left out.
 *
 * @param file the files read, relative to the project, or {@code null} when there is none
 * @param properties their properties
 */
record ProjectConfiguration(@Nullable String file, Map<String, String> properties) {

	static final String RESOURCES = "src/main/resources";

	/** In increasing precedence. */
	private static final List<String> CONFIGURATION_FILES = List.of("application.yaml", "application.yml",
			"application.properties");

	/**
	 * Reads a project's configuration.
	 * @param project the project's base directory
	 * @return its configuration, empty when it has no configuration file
	 * @throws IOException if the file cannot be read
	 */
	static ProjectConfiguration read(Path project) throws IOException {
		Map<String, String> properties = new LinkedHashMap<>();
		List<String> files = new ArrayList<>();
		for (String name : CONFIGURATION_FILES) {
			Path file = project.resolve(RESOURCES).resolve(name);
			if (Files.isRegularFile(file)) {
				properties.putAll(name.endsWith(".properties") ? fromProperties(file) : fromYaml(file));
				files.add(0, RESOURCES + "/" + name);
			}
		}
		return new ProjectConfiguration(files.isEmpty() ? null : String.join(" and ", files), properties);
	}

	/**
	 * A list property, given as {@code a,b} or as {@code name[0]}, {@code name[1]}.
	 * @param name the property
	 * @return its elements, empty when it is not set
	 */
	List<String> list(String name) {
		String value = this.properties.get(name);
		if (value != null) {
			return Arrays.stream(value.split(",")).map(String::strip).filter((element) -> !element.isEmpty()).toList();
		}
		List<String> indexed = new ArrayList<>();
		for (String element = this.properties.get(name + "[0]"); element != null; element = this.properties
			.get(name + "[" + indexed.size() + "]")) {
			indexed.add(element.strip());
		}
		return indexed;
	}

	/**
	 * The properties under a prefix, without it, e.g. the placeholders under
	 * {@code spring.flyway.placeholders.}.
	 * @param prefix the prefix, ending with a dot
	 * @return the properties
	 */
	Map<String, String> withPrefix(String prefix) {
		Map<String, String> found = new LinkedHashMap<>();
		this.properties.forEach((name, value) -> {
			if (name.startsWith(prefix)) {
				found.put(name.substring(prefix.length()), value);
			}
		});
		return found;
	}

	private static Map<String, String> fromProperties(Path file) throws IOException {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		Map<String, String> flat = new LinkedHashMap<>();
		properties.stringPropertyNames().forEach((name) -> flat.put(name, properties.getProperty(name)));
		return flat;
	}

	private static Map<String, String> fromYaml(Path file) throws IOException {
		Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
		Map<String, String> flat = new LinkedHashMap<>();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			for (Object document : yaml.loadAll(reader)) {
				Map<String, String> properties = new LinkedHashMap<>();
				flatten("", document, properties);
				// Profile-specific documents apply only when the profile is active.
				if (!properties.containsKey("spring.config.activate.on-profile")
						&& !properties.containsKey("spring.profiles")) {
					flat.putAll(properties);
				}
			}
		}
		return flat;
	}

	private static void flatten(String prefix, @Nullable Object value, Map<String, String> flat) {
		if (value instanceof Map<?, ?> map) {
			map.forEach(
					(key, child) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, child, flat));
		}
		else if (value instanceof List<?> list) {
			for (int index = 0; index < list.size(); index++) {
				flatten(prefix + "[" + index + "]", list.get(index), flat);
			}
		}
		else if (value != null && !prefix.isEmpty()) {
			flat.put(prefix, String.valueOf(value));
		}
	}

}
