package io.github.neonmigrations.autoconfigure.health;

import io.github.neonmigrations.autoconfigure.MigrationOutcome;
import io.github.neonmigrations.autoconfigure.NeonMigrationsAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code migrations} health component, which reports the
 * startup migration from what was recorded then.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = NeonMigrationsAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBooleanProperty(name = "neon.migrations.enabled", matchIfMissing = true)
@ConditionalOnBean(MigrationOutcome.class)
@ConditionalOnEnabledHealthIndicator("migrations")
public final class MigrationsHealthContributorAutoConfiguration {

	@Bean
	MigrationsHealthIndicator migrationsHealthIndicator(MigrationOutcome outcome) {
		return new MigrationsHealthIndicator(outcome);
	}

}
