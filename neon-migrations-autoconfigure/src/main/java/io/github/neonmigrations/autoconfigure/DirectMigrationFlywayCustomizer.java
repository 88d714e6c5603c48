package io.github.neonmigrations.autoconfigure;

import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.core.Ordered;

/**
 * Hands Flyway the direct endpoint's unpooled DataSource. It runs first, so a user's own
 * customizer can still replace it, and it stands back for a {@code @FlywayDataSource}
 * bean. What Flyway ends up with is read from its configuration, not assumed from here.
 */
final class DirectMigrationFlywayCustomizer implements FlywayConfigurationCustomizer, Ordered {

	private final @Nullable DirectMigrationDataSource dataSource;

	private final boolean flywayDataSourceBean;

	DirectMigrationFlywayCustomizer(@Nullable DirectMigrationDataSource dataSource, boolean flywayDataSourceBean) {
		this.dataSource = dataSource;
		this.flywayDataSourceBean = flywayDataSourceBean;
	}

	@Override
	public void customize(FluentConfiguration configuration) {
		if (this.dataSource != null && !this.flywayDataSourceBean) {
			configuration.dataSource(this.dataSource);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
