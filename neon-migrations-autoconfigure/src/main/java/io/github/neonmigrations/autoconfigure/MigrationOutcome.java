package io.github.neonmigrations.autoconfigure;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * What the startup migration did, as recorded then. Health, metrics and commands read it,
 * so that reporting never opens a direct connection.
 *
 * @since 0.1.0
 */
public interface MigrationOutcome {

	/**
	 * The result, once the startup migration has completed.
	 * @return the result, or empty when no migration has completed in this process
	 */
	Optional<Result> result();

	/**
	 * Calls the listener with the result once the startup migration has completed: now if
	 * it has, otherwise then.
	 * @param listener the listener
	 */
	void whenCompleted(Consumer<Result> listener);

	/**
	 * The startup migration's result.
	 *
	 * @param path how the schema was brought up to date
	 * @param endpoint the direct endpoint, masked, and where it came from
	 * @param schemaVersion the schema version afterwards, or {@code null} when there is
	 * none
	 * @param migrationsApplied how many migrations ran, or -1 when a migration strategy
	 * of the application ran and did not say
	 * @param duration how long checking and migrating took
	 * @param connectionAttempts attempts to open the direct connection
	 * @param connectionRetries attempts that were retried after a transient failure
	 * @param wakeUpWait time from the first attempt until the direct connection opened
	 */
	record Result(Path path, String endpoint, @Nullable String schemaVersion, int migrationsApplied, Duration duration,
			int connectionAttempts, int connectionRetries, Duration wakeUpWait) {
	}

	/**
	 * How the schema was brought up to date.
	 */
	enum Path {

		/**
		 * A check over the pooled endpoint found nothing to apply: no direct connection
		 * was opened.
		 */
		UP_TO_DATE,

		/** Flyway migrated over the direct endpoint. */
		DIRECT

	}

}
