package io.github.neonmigrations.autoconfigure;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Actuator support: connection strings and passwords masked in the {@code env} and
 * {@code configprops} endpoints.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = NeonMigrationsAutoConfiguration.class)
@ConditionalOnClass(SanitizingFunction.class)
@ConditionalOnBooleanProperty(name = "neon.migrations.enabled", matchIfMissing = true)
public final class NeonMigrationsActuatorAutoConfiguration {

	@Bean
	ConnectionStringSanitizingFunction neonConnectionStringSanitizingFunction() {
		return new ConnectionStringSanitizingFunction();
	}

}
