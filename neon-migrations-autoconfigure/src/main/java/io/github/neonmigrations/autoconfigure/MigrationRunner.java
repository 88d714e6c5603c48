package io.github.neonmigrations.autoconfigure;

import java.time.Duration;
import java.util.Objects;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Runs the migrations as the library does at startup: the application's
 * {@link FlywayMigrationStrategy} bean, or {@code migrate()}, over the DataSource Flyway
 * was configured with, and logs and records what happened on the direct endpoint. The
 * {@code migrate} command runs it too.
 *
 * @since 0.1.0
 */
public final class MigrationRunner {

	private static final Log logger = LogFactory.getLog(MigrationRunner.class);

	private final @Nullable FlywayMigrationStrategy userStrategy;

	private final @Nullable DirectMigrationDataSource directDataSource;

	private final @Nullable DataSource flywayDataSourceBean;

	private final MigrationRecorder recorder;

	MigrationRunner(@Nullable FlywayMigrationStrategy userStrategy,
			@Nullable DirectMigrationDataSource directDataSource, @Nullable DataSource flywayDataSourceBean,
			MigrationRecorder recorder) {
		this.userStrategy = userStrategy;
		this.directDataSource = directDataSource;
		this.flywayDataSourceBean = flywayDataSourceBean;
		this.recorder = recorder;
	}

	/**
	 * Migrates.
	 * @param flyway the application's Flyway
	 * @throws RuntimeException when migrating fails; Spring Boot's failure analysis
	 * explains it
	 */
	public void migrate(Flyway flyway) {
		DirectMigrationDataSource direct = this.directDataSource;
		if (direct == null) {
			// The library stepped aside: Flyway migrates as Spring Boot configured it.
			migrateWith(flyway);
			return;
		}
		DataSource used = flyway.getConfiguration().getDataSource();
		if (used != direct) {
			logger.info("Migrations: Flyway migrates over " + describe(used) + ", not the direct endpoint "
					+ direct.endpoint() + "; the library does not report on it");
			migrateWith(flyway);
			return;
		}
		Endpoint endpoint = direct.endpoint();
		long start = System.nanoTime();
		MigrateResult result;
		try {
			result = migrateWith(flyway);
		}
		catch (FlywayException ex) {
			throw new MigrationFailedException(endpoint, ex);
		}
		Duration duration = Duration.ofNanos(System.nanoTime() - start);
		String host = endpoint.connection().host();
		this.recorder.completed(endpoint.toString(), schemaVersion(result),
				(result != null) ? result.migrationsExecuted : -1, duration);
		if (result != null) {
			logger.info("Migrations: applied " + result.migrationsExecuted + " migration(s) in " + duration.toMillis()
					+ " ms over the direct endpoint " + host + "; schema version "
					+ Objects.requireNonNullElse(schemaVersion(result), "none"));
		}
		else {
			logger.info("Migrations: the FlywayMigrationStrategy bean ran in " + duration.toMillis()
					+ " ms over the direct endpoint " + host);
		}
		int stillOpen = direct.openConnections();
		if (stillOpen == 0) {
			logger.info("Migrations: direct connection closed (" + direct.openedConnections() + " opened)");
		}
		else {
			logger.warn("Migrations: " + stillOpen + " direct connection(s) still open; a Flyway callback or "
					+ "strategy holds them");
		}
	}

	private @Nullable MigrateResult migrateWith(Flyway flyway) {
		if (this.userStrategy != null) {
			this.userStrategy.migrate(flyway);
			return null;
		}
		return flyway.migrate();
	}

	private String describe(@Nullable DataSource used) {
		if (used == null) {
			return "no DataSource";
		}
		if (used == this.flywayDataSourceBean) {
			return "the @FlywayDataSource bean";
		}
		return "a " + used.getClass().getSimpleName() + " set by a FlywayConfigurationCustomizer";
	}

	private static @Nullable String schemaVersion(@Nullable MigrateResult result) {
		if (result == null) {
			return null;
		}
		return (result.targetSchemaVersion != null) ? result.targetSchemaVersion : result.initialSchemaVersion;
	}

}
