package io.github.neonmigrations.autoconfigure;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator support: the {@code migrations} health component and {@code neon.migrations.*}
 * meters, both from what the startup migration recorded, and connection strings and passwords
 * masked in the {@code env} and {@code configprops} endpoints.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = NeonMigrationsAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "neon.migrations.enabled", matchIfMissing = true)
public final class NeonMigrationsActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class Sanitizing {

		@Bean
		ConnectionStringSanitizingFunction neonConnectionStringSanitizingFunction() {
			return new ConnectionStringSanitizingFunction();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnBean(MigrationOutcome.class)
	@ConditionalOnEnabledHealthIndicator("migrations")
	static class Health {

		@Bean
		MigrationsHealthIndicator migrationsHealthIndicator(MigrationOutcome outcome) {
			return new MigrationsHealthIndicator(outcome);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	@ConditionalOnBean(MigrationOutcome.class)
	static class Metrics {

		@Bean
		MigrationMetrics neonMigrationMetrics(MigrationOutcome outcome) {
			return new MigrationMetrics(outcome);
		}

	}

}
