package io.github.neonmigrations.autoconfigure;

import java.time.Duration;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Runs the user's migration strategy, or {@code migrate()}, and logs what happened on the
 * direct endpoint.
 */
final class ReportingMigrationStrategy implements FlywayMigrationStrategy {

	private static final Log logger = LogFactory.getLog(ReportingMigrationStrategy.class);

	private final @Nullable FlywayMigrationStrategy userStrategy;

	private final ResolvedEndpoints endpoints;

	private final DirectMigrationFlywayCustomizer customizer;

	ReportingMigrationStrategy(@Nullable FlywayMigrationStrategy userStrategy, ResolvedEndpoints endpoints,
			DirectMigrationFlywayCustomizer customizer) {
		this.userStrategy = userStrategy;
		this.endpoints = endpoints;
		this.customizer = customizer;
	}

	private static @Nullable String schemaVersion(@Nullable MigrateResult result) {
		if (result == null) {
			return null;
		}
		return (result.targetSchemaVersion != null) ? result.targetSchemaVersion : result.initialSchemaVersion;
	}

	@Override
	public void migrate(Flyway flyway) {
		long start = System.nanoTime();
		MigrateResult result = null;
		try {
			if (this.userStrategy != null) {
				this.userStrategy.migrate(flyway);
			}
			else {
				result = flyway.migrate();
			}
		}
		catch (FlywayException ex) {
			throw new MigrationFailedException(this.endpoints.direct(), ex);
		}
		Duration duration = Duration.ofNanos(System.nanoTime() - start);
		if (!this.customizer.isUsed()) {
			return;
		}
		String host = this.endpoints.direct().connection().host();
		this.customizer.outcome()
			.completed(this.endpoints.direct().toString(), schemaVersion(result), (result != null) ? result.migrationsExecuted : -1,
					duration);
		if (result != null) {
			logger.info("Migrations: applied " + result.migrationsExecuted + " migration(s) in " + duration.toMillis()
					+ " ms over the direct endpoint " + host + "; schema version "
					+ Objects.requireNonNullElse(schemaVersion(result), "none"));
		}
		else {
			logger.info("Migrations: the FlywayMigrationStrategy bean ran in " + duration.toMillis()
					+ " ms over the direct endpoint " + host);
		}
		DirectMigrationDataSource dataSource = this.customizer.dataSource();
		if (dataSource.openConnections() == 0) {
			logger.info("Migrations: direct connection closed (" + dataSource.openedConnections() + " opened)");
		}
		else {
			logger.warn("Migrations: " + dataSource.openConnections() + " direct connection(s) still open; a Flyway "
					+ "callback or strategy holds them");
		}
	}

}
