package io.github.neonmigrations.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.core.Ordered;

/**
 * Hands Flyway the direct endpoint's unpooled DataSource. It runs first, so a user's own
 * customizer can still replace it, and it stands back for a {@code @FlywayDataSource} bean.
 */
final class DirectMigrationFlywayCustomizer implements FlywayConfigurationCustomizer, Ordered {

	private static final Log logger = LogFactory.getLog(DirectMigrationFlywayCustomizer.class);

	private final DirectMigrationDataSource dataSource;

	private final boolean userFlywayDataSource;

	private final MigrationOutcome outcome;

	DirectMigrationFlywayCustomizer(DirectMigrationDataSource dataSource, boolean userFlywayDataSource,
			MigrationOutcome outcome) {
		this.dataSource = dataSource;
		this.userFlywayDataSource = userFlywayDataSource;
		this.outcome = outcome;
	}

	/**
	 * What the startup migration did, recorded for health and metrics.
	 * @return the outcome
	 */
	MigrationOutcome outcome() {
		return this.outcome;
	}

	/**
	 * The DataSource Flyway migrates over, unless a {@code @FlywayDataSource} bean took its
	 * place.
	 * @return the direct DataSource
	 */
	DirectMigrationDataSource dataSource() {
		return this.dataSource;
	}

	boolean isUsed() {
		return !this.userFlywayDataSource;
	}

	@Override
	public void customize(FluentConfiguration configuration) {
		if (this.userFlywayDataSource) {
			logger.info("A @FlywayDataSource bean is defined: migrations use it, not the direct endpoint "
					+ this.dataSource.endpoint());
			return;
		}
		configuration.dataSource(this.dataSource);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
