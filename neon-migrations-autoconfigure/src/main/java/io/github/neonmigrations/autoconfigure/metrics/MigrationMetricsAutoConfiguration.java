package io.github.neonmigrations.autoconfigure.metrics;

import io.github.neonmigrations.autoconfigure.MigrationOutcome;
import io.github.neonmigrations.autoconfigure.NeonMigrationsAutoConfiguration;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code neon.migrations.*} meters.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = NeonMigrationsAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBooleanProperty(name = "neon.migrations.enabled", matchIfMissing = true)
@ConditionalOnBean(MigrationOutcome.class)
public final class MigrationMetricsAutoConfiguration {

	@Bean
	MigrationMetrics neonMigrationMetrics(MigrationOutcome outcome) {
		return new MigrationMetrics(outcome);
	}

}
