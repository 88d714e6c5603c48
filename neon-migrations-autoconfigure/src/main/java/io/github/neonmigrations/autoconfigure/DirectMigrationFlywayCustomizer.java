package io.github.neonmigrations.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.core.Ordered;

/**
 * Hands Flyway the direct endpoint's unpooled DataSource, and the library's callbacks
 * (lint, lock timeout), which come after the application's own. It runs first, so a
 * user's own customizer can still replace the DataSource, and it stands back for a
 * {@code @FlywayDataSource} bean. What Flyway ends up with is read from its
 * configuration, not assumed from here.
 */
final class DirectMigrationFlywayCustomizer implements FlywayConfigurationCustomizer, Ordered {

	private final @Nullable DirectMigrationDataSource dataSource;

	private final boolean flywayDataSourceBean;

	private final List<LibraryCallback> callbacks;

	DirectMigrationFlywayCustomizer(@Nullable DirectMigrationDataSource dataSource, boolean flywayDataSourceBean,
			List<LibraryCallback> callbacks) {
		this.dataSource = dataSource;
		this.flywayDataSourceBean = flywayDataSourceBean;
		this.callbacks = callbacks;
	}

	@Override
	public void customize(FluentConfiguration configuration) {
		if (this.dataSource == null) {
			// The library stepped aside: Flyway runs as Spring Boot configured it.
			return;
		}
		if (!this.flywayDataSourceBean) {
			configuration.dataSource(this.dataSource);
		}
		List<Callback> callbacks = new ArrayList<>(Arrays.asList(configuration.getCallbacks()));
		callbacks.addAll(this.callbacks);
		configuration.callbacks(callbacks.toArray(Callback[]::new));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
