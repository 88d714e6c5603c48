package io.github.neonmigrations.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Gives each transactional migration a {@code lock_timeout}, scoped to its transaction
 * with {@code SET LOCAL}: a statement that waits for a lock behind a long transaction
 * gives up after the timeout, so that the application's queries queued behind it wait no
 * longer, and the library retries the migration. A migration that runs without a
 * transaction gets none: a {@code CREATE INDEX CONCURRENTLY} that timed out would leave
 * an invalid index behind.
 */
final class LockTimeoutCallback implements LibraryCallback {

	private final String setting;

	LockTimeoutCallback(Duration timeout) {
		this.setting = "SET LOCAL lock_timeout = '" + Math.max(timeout.toMillis(), 1) + "ms'";
	}

	@Override
	public boolean supports(Event event, Context context) {
		return event == Event.BEFORE_EACH_MIGRATE;
	}

	@Override
	public void handle(Event event, Context context) {
		Connection connection = context.getConnection();
		try {
			// Flyway switches auto-commit off for the migration's transaction; on for a
			// migration that runs without one.
			if (connection.getAutoCommit()) {
				return;
			}
			try (Statement statement = connection.createStatement()) {
				statement.execute(this.setting);
			}
		}
		catch (SQLException ex) {
			throw new FlywayException("Could not set the lock timeout of the migration: " + ex.getMessage(), ex);
		}
	}

	@Override
	public String getCallbackName() {
		return "neon-migrations lock timeout";
	}

}
