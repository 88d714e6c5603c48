package io.github.neonmigrations.autoconfigure.command;

import io.github.neonmigrations.autoconfigure.MigrationRunner;
import io.github.neonmigrations.autoconfigure.NeonMigrationsAutoConfiguration;
import io.github.neonmigrations.autoconfigure.NeonMigrationsProperties;
import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the migration commands: with {@code neon.migrations.command} set,
 * the process runs the command once the context is refreshed and exits with its code.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { NeonMigrationsAutoConfiguration.class, FlywayAutoConfiguration.class })
@ConditionalOnClass(Flyway.class)
@ConditionalOnBooleanProperty(name = "neon.migrations.enabled", matchIfMissing = true)
@ConditionalOnBean(NeonMigrationsProperties.class)
public final class MigrationCommandAutoConfiguration {

	// Registered whether or not a command is set, and reading it only when the context is
	// refreshed, so that an ahead-of-time processed application takes the command from
	// its command line.
	@Bean
	@ConditionalOnMissingBean
	MigrationCommandRunner neonMigrationCommandRunner(ApplicationContext context, NeonMigrationsProperties properties,
			ObjectProvider<Flyway> flyway, ObjectProvider<MigrationRunner> runner) {
		return new MigrationCommandRunner(context, properties, flyway, runner, System.out, System::exit);
	}

}
