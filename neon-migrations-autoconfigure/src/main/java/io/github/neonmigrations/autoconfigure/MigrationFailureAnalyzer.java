package io.github.neonmigrations.autoconfigure;

import java.util.Locale;

import io.github.neonmigrations.flyway.FlywayInternals;
import io.github.neonmigrations.flyway.FlywayInternals.FailedMigration;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a failed migration: which script and version, the server's SQLState, message
 * and position, and how to recover, which differs for migrations Flyway could not run in
 * a transaction. Also explains a failed validation on the next start.
 */
class MigrationFailureAnalyzer extends AbstractFailureAnalyzer<MigrationFailedException> {

	static final String REPAIR_COMMAND = "java -jar app.jar --neon.migrations.command=repair";

	static final String FIND_INVALID_INDEXES = "SELECT indexrelid::regclass FROM pg_index WHERE NOT indisvalid;";

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, MigrationFailedException cause) {
		if (findCause(cause, DirectConnectionException.class) != null) {
			// Not a migration problem: DirectConnectionFailureAnalyzer explains it.
			return null;
		}
		String endpoint = cause.endpoint().connection().host();
		FailedMigration failed = FlywayInternals.failedMigration(cause);
		if (failed != null) {
			return failedMigration(cause, failed, endpoint);
		}
		FlywayValidateException validate = findCause(cause, FlywayValidateException.class);
		if (validate != null) {
			return failedValidation(cause, validate, endpoint);
		}
		return new FailureAnalysis("Flyway failed on the direct endpoint " + endpoint + ": " + cause.reason(),
				"Fix the cause above and start the application again.", cause);
	}

	private FailureAnalysis failedMigration(MigrationFailedException cause, FailedMigration failed, String endpoint) {
		MigrationInfo migration = failed.migration();
		String version = (migration.getVersion() != null) ? migration.getVersion().getVersion() : "(repeatable)";
		StringBuilder description = new StringBuilder("Migration ").append(migration.getScript())
			.append(" (version ")
			.append(version)
			.append(") failed on the direct endpoint ")
			.append(endpoint)
			.append(".");
		PSQLException server = findCause(cause, PSQLException.class);
		ServerErrorMessage error = (server != null) ? server.getServerErrorMessage() : null;
		String sqlState = (failed.sqlState() != null) ? failed.sqlState()
				: (server != null) ? server.getSQLState() : null;
		if (sqlState != null) {
			description.append(" SQLState ").append(sqlState).append(":");
		}
		if (error != null) {
			description.append(" ").append(error.getMessage());
			if (error.getPosition() > 0) {
				description.append(" (at position ").append(error.getPosition()).append(" of the statement)");
			}
			if (error.getDetail() != null) {
				description.append(". Detail: ").append(error.getDetail());
			}
		}
		else if (server != null) {
			description.append(" ").append(server.getMessage());
		}
		if (failed.statement() != null) {
			description.append("\nLine ").append(failed.lineNumber()).append(": ").append(failed.statement());
		}
		String action;
		if (failed.executableInTransaction()) {
			action = "Flyway ran " + migration.getScript() + " in a transaction and rolled it back: the schema and "
					+ "flyway_schema_history are as they were before it (migrations before it in this run stay "
					+ "applied). Fix the script and start the application again; nothing needs repair.";
		}
		else {
			action = String.join("\n", migration.getScript() + " could not run in a transaction (for example CREATE "
					+ "INDEX CONCURRENTLY), so what it did before failing stays, and flyway_schema_history records "
					+ "version " + version + " as failed: the next start stops at validation until you repair it.",
					"    1. Undo what it left behind. An index built CONCURRENTLY stays INVALID: find it with "
							+ FIND_INVALID_INDEXES + " and drop it with DROP INDEX CONCURRENTLY <name>;",
					"    2. Remove the failed row: " + REPAIR_COMMAND + ";",
					"    3. Fix the script (or the data it tripped over) and start the application again.");
		}
		return new FailureAnalysis(description.toString(), action, cause);
	}

	private FailureAnalysis failedValidation(MigrationFailedException cause, FlywayValidateException validate,
			String endpoint) {
		String message = String.valueOf(validate.getMessage());
		String lower = message.toLowerCase(Locale.ROOT);
		StringBuilder action = new StringBuilder();
		if (lower.contains("failed migration")) {
			action.append("A migration failed in an earlier run and was not repaired. Undo what it left behind (an "
					+ "INVALID index: " + FIND_INVALID_INDEXES + " then DROP INDEX CONCURRENTLY <name>), remove the "
					+ "failed row with " + REPAIR_COMMAND + ", fix the script, and start again. ");
		}
		if (lower.contains("checksum mismatch")) {
			action.append("An applied migration was edited: restore the file as it was applied (see its history in "
					+ "version control). If the change is intended and the database already matches it, accept "
					+ "the new checksum with " + REPAIR_COMMAND + ". ");
		}
		if (lower.contains("not resolved locally") || lower.contains("missing")) {
			action.append("A migration applied to the database is missing from the application: restore the file, "
					+ "or set spring.flyway.ignore-migration-patterns=*:missing if it was removed on purpose. ");
		}
		if (action.isEmpty()) {
			action.append("Fix the mismatch above and start again; list every migration and its state with "
					+ "java -jar app.jar --neon.migrations.command=history.");
		}
		return new FailureAnalysis("Validating the migrations against flyway_schema_history on the direct endpoint "
				+ endpoint + " failed: " + message, action.toString().trim(), cause);
	}

}
