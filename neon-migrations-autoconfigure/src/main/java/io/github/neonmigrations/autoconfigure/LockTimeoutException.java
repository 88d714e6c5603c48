package io.github.neonmigrations.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A transactional migration gave up waiting for a lock on every attempt. It was rolled
 * back each time, so the schema is as it was before it.
 */
final class LockTimeoutException extends NeonMigrationsException {

	LockTimeoutException(String migration, int attempts, Duration timeout, @Nullable LockBlocker blocker,
			Throwable cause) {
		super("Migration " + migration + " waited " + timeout.toMillis() + " ms for a lock " + attempts
				+ " time(s) and gave up each time; it was rolled back, so nothing of it was applied. "
				+ ((blocker != null) ? "The lock is held by " + blocker.describe() + "."
						: "No session holds a lock on a table any more."),
				((blocker != null) ? "Let that session finish its transaction, or end it with SELECT "
						+ "pg_terminate_backend(" + blocker.pid() + "), then start again. " : "Start again. ")
						+ "A transaction left open by the application (idle in transaction) is the usual cause; "
						+ "spring.datasource.hikari.max-lifetime and idle_in_transaction_session_timeout bound "
						+ "them. To wait longer, raise neon.migrations.lock-timeout or "
						+ "neon.migrations.lock-retries.",
				cause);
	}

}
