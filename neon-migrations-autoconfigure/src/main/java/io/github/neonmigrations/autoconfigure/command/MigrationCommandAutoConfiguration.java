package io.github.neonmigrations.autoconfigure.command;

import io.github.neonmigrations.autoconfigure.NeonMigrationsAutoConfiguration;
import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the migration commands: with {@code neon.migrations.command} set, the
 * process runs the command once the context is refreshed and exits with its code.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { NeonMigrationsAutoConfiguration.class, FlywayAutoConfiguration.class })
@ConditionalOnClass(Flyway.class)
public final class MigrationCommandAutoConfiguration {

	// Registered whether or not a command is set, and reading the property only when the
	// context is refreshed, so that an ahead-of-time processed application takes the command
	// from its command line.
	@Bean
	MigrationCommandRunner neonMigrationCommandRunner(ApplicationContext context, ObjectProvider<Flyway> flyway) {
		return new MigrationCommandRunner(context, flyway);
	}

}
