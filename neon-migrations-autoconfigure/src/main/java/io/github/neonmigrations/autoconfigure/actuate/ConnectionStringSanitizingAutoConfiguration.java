package io.github.neonmigrations.autoconfigure.actuate;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that masks connection strings and passwords in the {@code env} and
 * {@code configprops} endpoints, also when they show values.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
@ConditionalOnBooleanProperty(name = "neon.migrations.enabled", matchIfMissing = true)
public final class ConnectionStringSanitizingAutoConfiguration {

	@Bean
	ConnectionStringSanitizingFunction neonConnectionStringSanitizingFunction() {
		return new ConnectionStringSanitizingFunction();
	}

}
