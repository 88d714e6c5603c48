package io.github.neonmigrations.autoconfigure;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

import javax.sql.DataSource;

import io.github.neonmigrations.autoconfigure.UpToDateCheck.Activity;
import io.github.neonmigrations.autoconfigure.UpToDateCheck.Kind;
import io.github.neonmigrations.autoconfigure.UpToDateCheck.Verdict;
import io.github.neonmigrations.flyway.FlywayInternals;
import io.github.neonmigrations.flyway.FlywayInternals.FailedMigration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Runs the migrations as the library does at startup: the application's
 * {@link FlywayMigrationStrategy} bean, or {@code migrate()}, over the DataSource Flyway
 * was configured with, and logs and records what happened on the direct endpoint. When a
 * check over the pooled endpoint finds the schema up to date, Flyway does not run and no
 * direct connection is opened. The {@code migrate} command runs it too.
 *
 * @since 0.1.0
 */
public final class MigrationRunner {

	private static final Log logger = LogFactory.getLog(MigrationRunner.class);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

	/**
	 * Polls without lock, session or progress after which another instance counts as
	 * done.
	 */
	private static final int QUIET_POLLS = 2;

	/** SQLSTATE {@code lock_not_available}: a statement gave up at its lock timeout. */
	private static final String LOCK_NOT_AVAILABLE = "55P03";

	private static final Duration MAX_LOCK_RETRY_INTERVAL = Duration.ofSeconds(30);

	private final @Nullable FlywayMigrationStrategy userStrategy;

	private final @Nullable DirectMigrationDataSource directDataSource;

	private final @Nullable DataSource flywayDataSourceBean;

	private final @Nullable UpToDateCheck check;

	private final LockRetries lockRetries;

	private final MigrationRecorder recorder;

	MigrationRunner(@Nullable FlywayMigrationStrategy userStrategy,
			@Nullable DirectMigrationDataSource directDataSource, @Nullable DataSource flywayDataSourceBean,
			@Nullable UpToDateCheck check, LockRetries lockRetries, MigrationRecorder recorder) {
		this.userStrategy = userStrategy;
		this.directDataSource = directDataSource;
		this.flywayDataSourceBean = flywayDataSourceBean;
		this.check = check;
		this.lockRetries = lockRetries;
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
		long start = System.nanoTime();
		// A strategy of the application's own expects to be called: Flyway decides.
		if (this.check != null && this.userStrategy == null) {
			Verdict verdict = verdict(this.check, flyway.getConfiguration(), direct);
			if (verdict.kind() == Kind.UP_TO_DATE) {
				String version = Objects.requireNonNullElse(verdict.schemaVersion(), "none");
				logger.info(
						"Migrations: schema up to date at version " + version + " (checked over the pooled endpoint in "
								+ verdict.took().toMillis() + " ms); no direct connection opened");
				this.recorder.completed(MigrationOutcome.Path.UP_TO_DATE, direct.endpoint().toString(),
						verdict.schemaVersion(), 0, since(start));
				return;
			}
			logger.info("Migrations: "
					+ ((verdict.kind() == Kind.PENDING) ? verdict.detail()
							: "the check could not rule out work: " + verdict.detail())
					+ " (checked over the pooled endpoint in " + verdict.took().toMillis()
					+ " ms); Flyway takes over on the direct endpoint");
		}
		migrateDirectly(flyway, direct, start);
	}

	private void migrateDirectly(Flyway flyway, DirectMigrationDataSource direct, long start) {
		Endpoint endpoint = direct.endpoint();
		direct.checkWritableOnNextConnection();
		MigrateResult result = migrateRetryingLockTimeouts(flyway, direct);
		Duration duration = since(start);
		String host = endpoint.connection().host();
		this.recorder.completed(MigrationOutcome.Path.DIRECT, endpoint.toString(), schemaVersion(result),
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

	/**
	 * Migrates; a transactional migration that gave up waiting for a lock was rolled
	 * back, so it is retried after a wait that doubles, as often as configured.
	 */
	private @Nullable MigrateResult migrateRetryingLockTimeouts(Flyway flyway, DirectMigrationDataSource direct) {
		return LintCallback
			.lintingBefore(() -> migrateRetryingLockTimeouts(flyway, direct, this.lockRetries.interval()));
	}

	private @Nullable MigrateResult migrateRetryingLockTimeouts(Flyway flyway, DirectMigrationDataSource direct,
			Duration firstWait) {
		Duration wait = firstWait;
		for (int attempt = 1;; attempt++) {
			try {
				return migrateWith(flyway);
			}
			catch (FlywayException ex) {
				NeonMigrationsException own = ownCause(ex);
				if (own != null) {
					throw own;
				}
				FailedMigration failed = FlywayInternals.failedMigration(ex);
				if (failed == null || !LOCK_NOT_AVAILABLE.equals(failed.sqlState())
						|| !failed.executableInTransaction()) {
					throw new MigrationFailedException(direct.endpoint(), ex);
				}
				String migration = failed.migration().getScript();
				LockBlocker blocker = LockBlocker.find(direct, failed.statement());
				if (attempt > this.lockRetries.retries()) {
					throw new LockTimeoutException(migration, attempt, this.lockRetries.timeout(), blocker, ex);
				}
				logger.info("Migrations: " + migration + " gave up waiting for a lock after "
						+ this.lockRetries.timeout().toMillis() + " ms"
						+ ((blocker != null) ? "; held by " + blocker.describe() : "") + "; rolled back, retrying in "
						+ wait.toMillis() + " ms (retry " + attempt + " of " + this.lockRetries.retries() + ")");
				sleep(wait);
				wait = min(wait.multipliedBy(2), MAX_LOCK_RETRY_INTERVAL);
			}
		}
	}

	private static @Nullable NeonMigrationsException ownCause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof NeonMigrationsException own) {
				return own;
			}
		}
		return null;
	}

	private static void sleep(Duration wait) {
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new NeonMigrationsException("Interrupted while waiting to retry a migration.",
					"Start the application again.", ex);
		}
	}

	private static Duration min(Duration one, Duration other) {
		return (one.compareTo(other) <= 0) ? one : other;
	}

	/**
	 * Checks, and when another instance is migrating what this one would, waits over the
	 * pooled endpoint until it has finished, then checks again. Two instances may still
	 * both go direct; Flyway's lock serialises them. The wait gives up as Flyway's own
	 * lock wait would: after {@code lockRetryCount} seconds without a new row in the
	 * history (Flyway releases its lock between migrations, so a waiting Flyway gives up
	 * only when one migration takes that long).
	 */
	private Verdict verdict(UpToDateCheck check, Configuration configuration, DirectMigrationDataSource direct) {
		Verdict verdict = check.check(configuration);
		if (verdict.kind() == Kind.UP_TO_DATE) {
			return verdict;
		}
		// Also in doubt, e.g. before the first instance has created the history table:
		// waiting for another instance's migration costs no direct connection, and the
		// check after it may find nothing left to do.
		String applicationName = direct.endpoint().connection().parameters().getOrDefault("ApplicationName", "");
		try {
			Activity activity = check.activity(configuration, applicationName);
			if (!activity.busy()) {
				return verdict;
			}
			logger.info("Migrations: "
					+ ((verdict.kind() == Kind.PENDING) ? verdict.detail()
							: "the check could not rule out work: " + verdict.detail())
					+ ", and another instance is migrating ("
					+ (activity.locked() ? "it holds Flyway's lock" : "its migration session is open")
					+ "); waiting over the pooled endpoint instead of opening a direct connection");
			long patience = Duration.ofSeconds(Math.max(configuration.getLockRetryCount(), 1)).toNanos();
			long deadline = System.nanoTime() + patience;
			int lastRank = activity.lastInstalledRank();
			int quietPolls = 0;
			while (System.nanoTime() < deadline) {
				Thread.sleep(POLL_INTERVAL.toMillis());
				activity = check.activity(configuration, applicationName);
				boolean progressed = activity.lastInstalledRank() != lastRank;
				lastRank = activity.lastInstalledRank();
				if (progressed) {
					deadline = System.nanoTime() + patience;
				}
				quietPolls = (activity.busy() || progressed) ? 0 : quietPolls + 1;
				if (quietPolls >= QUIET_POLLS) {
					return check.check(configuration);
				}
			}
			throw new NeonMigrationsException(
					"Another instance was migrating and applied nothing for " + configuration.getLockRetryCount()
							+ " s, the wait that spring.flyway.lock-retry-count allows.",
					"Raise spring.flyway.lock-retry-count (seconds) for longer migrations, or look for a stuck "
							+ "migration session: SELECT pid, application_name, xact_start, state FROM pg_stat_activity "
							+ "WHERE application_name = '" + applicationName + "'; then start again.");
		}
		catch (SQLException ex) {
			// The pooled endpoint could not tell: Flyway's own lock decides.
			return verdict;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return verdict;
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

	/**
	 * How migrations that gave up waiting for a lock are retried.
	 *
	 * @param timeout the lock timeout of each attempt
	 * @param retries how many times a migration is retried
	 * @param interval the wait before the first retry, doubled for each next one
	 */
	record LockRetries(Duration timeout, int retries, Duration interval) {
	}

	private static Duration since(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static @Nullable String schemaVersion(@Nullable MigrateResult result) {
		if (result == null) {
			return null;
		}
		return (result.targetSchemaVersion != null) ? result.targetSchemaVersion : result.initialSchemaVersion;
	}

}
