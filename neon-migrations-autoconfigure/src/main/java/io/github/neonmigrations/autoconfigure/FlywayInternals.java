package io.github.neonmigrations.autoconfigure;

import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;
import org.jspecify.annotations.Nullable;

/**
 * Every use of Flyway's internal API, in one place: Flyway's public API does not say
 * which migration failed, at which statement, or whether it ran in a transaction.
 * {@code FlywayInternalsTests} breaks when a Flyway upgrade changes what is used here.
 */
final class FlywayInternals {

	private FlywayInternals() {
	}

	/**
	 * Finds the migration that failed in Flyway's exception, if any.
	 * @param failure what {@code migrate()} threw, or a cause chain containing it
	 * @return the failed migration, or {@code null} when the failure is not a failed
	 * migration
	 */
	static @Nullable FailedMigration failedMigration(Throwable failure) {
		FlywayMigrateException migrate = find(failure, FlywayMigrateException.class);
		if (migrate == null) {
			return null;
		}
		FlywaySqlScriptException script = find(failure, FlywaySqlScriptException.class);
		return new FailedMigration(migrate.getMigration(), migrate.getSqlState(), migrate.isExecutableInTransaction(),
				(script != null) ? script.getLineNumber() : -1, (script != null) ? script.getStatement() : null);
	}

	private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
		}
		return null;
	}

	/**
	 * A migration that {@code migrate()} could not apply.
	 *
	 * @param migration the migration
	 * @param sqlState the server's SQLState, or {@code null}
	 * @param executableInTransaction whether it ran in a transaction, so that its failure
	 * left nothing behind
	 * @param lineNumber the line of the failing statement, or -1
	 * @param statement the failing statement, or {@code null}
	 */
	record FailedMigration(MigrationInfo migration, @Nullable String sqlState, boolean executableInTransaction,
			int lineNumber, @Nullable String statement) {
	}

}
