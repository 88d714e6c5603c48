package io.github.neonmigrations.autoconfigure.pool;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the application's pool for Neon: with
 * {@code neon.pool.scale-to-zero=true} it drains when idle so that the compute can
 * suspend. The switch is read when the pool is created, not when the configuration is
 * processed, so an ahead-of-time processed application honours it at run time.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass(HikariDataSource.class)
@ConditionalOnBooleanProperty(name = "neon.migrations.enabled", matchIfMissing = true)
@EnableConfigurationProperties(NeonPoolProperties.class)
public final class NeonPoolAutoConfiguration {

	@Bean
	static ScaleToZeroPoolPostProcessor neonScaleToZeroPoolPostProcessor(ObjectProvider<NeonPoolProperties> properties,
			Environment environment) {
		return new ScaleToZeroPoolPostProcessor(properties, environment);
	}

}
