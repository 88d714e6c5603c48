package io.github.neonmigrations.maven;

import java.util.HashMap;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Flyway configured as the project's application configures it, as far as reading its
 * migrations goes: their folder, placeholders, prefixes and the settings that change how
 * a script is split or run.
 */
final class ProjectFlyway {

	private static final String PREFIX = "spring.flyway.";

	private ProjectFlyway() {
	}

	/**
	 * The configuration.
	 * @param directory the migrations' folder
	 * @param project the project's application configuration
	 * @return Flyway's configuration, without a database
	 */
	static Configuration configuration(MigrationDirectory directory, ProjectConfiguration project) {
		Map<String, String> properties = project.withPrefix(PREFIX);
		FluentConfiguration configuration = Flyway.configure(ProjectFlyway.class.getClassLoader())
			.locations("filesystem:" + directory.directory())
			.placeholders(project.withPrefix(PREFIX + "placeholders."))
			.mixed(Boolean.parseBoolean(properties.getOrDefault("mixed", "false")))
			.placeholderReplacement(Boolean.parseBoolean(properties.getOrDefault("placeholder-replacement", "true")))
			.sqlMigrationPrefix(properties.getOrDefault("sql-migration-prefix", "V"))
			.repeatableSqlMigrationPrefix(properties.getOrDefault("repeatable-sql-migration-prefix", "R"))
			.sqlMigrationSeparator(properties.getOrDefault("sql-migration-separator", "__"))
			.table(properties.getOrDefault("table", "flyway_schema_history"));
		if (properties.containsKey("placeholder-prefix")) {
			configuration.placeholderPrefix(properties.get("placeholder-prefix"));
		}
		if (properties.containsKey("placeholder-suffix")) {
			configuration.placeholderSuffix(properties.get("placeholder-suffix"));
		}
		if (properties.containsKey("default-schema")) {
			configuration.defaultSchema(properties.get("default-schema"));
		}
		return configuration.load().getConfiguration();
	}

	/**
	 * Flyway's own placeholders, as far as they are known without a database; the user
	 * and the database are empty.
	 * @param configuration Flyway's configuration
	 * @return the placeholders
	 */
	static Map<String, String> offlinePlaceholders(Configuration configuration) {
		Map<String, String> placeholders = new HashMap<>();
		placeholders.put("flyway:user", "");
		placeholders.put("flyway:database", "");
		placeholders.put("flyway:defaultSchema",
				(configuration.getDefaultSchema() != null) ? configuration.getDefaultSchema() : "public");
		placeholders.put("flyway:table", configuration.getTable());
		placeholders.put("flyway:timestamp", "");
		placeholders.put("flyway:workingDirectory", System.getProperty("user.dir"));
		placeholders.put("flyway:environment", "");
		return placeholders;
	}

}
