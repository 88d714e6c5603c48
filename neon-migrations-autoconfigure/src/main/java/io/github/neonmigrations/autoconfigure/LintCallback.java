package io.github.neonmigrations.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;

import io.github.neonmigrations.flyway.FlywayInternals;
import io.github.neonmigrations.flyway.FlywayInternals.MigrationScript;
import io.github.neonmigrations.lint.Finding;
import io.github.neonmigrations.lint.MigrationLinter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * Lints the pending migrations before Flyway applies any: one WARN line per finding, or a
 * failure before anything changed. It runs when the validation that precedes a migration
 * ends, over Flyway's main connection: a callback on {@code BEFORE_MIGRATE} would make
 * Flyway open a second direct connection for it. So it runs only for a migration the
 * library starts (not for the {@code validate} command), once per startup, and not with
 * {@code spring.flyway.validate-on-migrate=false}.
 */
final class LintCallback implements LibraryCallback {

	private static final Log logger = LogFactory.getLog(LintCallback.class);

	private static final ThreadLocal<Boolean> migrating = ThreadLocal.withInitial(() -> false);

	private final boolean failOnFindings;

	LintCallback(boolean failOnFindings) {
		this.failOnFindings = failOnFindings;
	}

	@Override
	public boolean supports(Event event, Context context) {
		return event == Event.AFTER_VALIDATE && migrating.get();
	}

	/**
	 * Runs a migration during which the validation before it lints the pending
	 * migrations, once.
	 * @param migration the migration
	 * @return its result
	 */
	static <T> T lintingBefore(Supplier<T> migration) {
		migrating.set(true);
		try {
			return migration.get();
		}
		finally {
			migrating.remove();
		}
	}

	@Override
	public void handle(Event event, Context context) {
		// Once: a migration retried after a lock timeout is not linted again.
		migrating.set(false);
		Configuration configuration = context.getConfiguration();
		Connection connection = context.getConnection();
		MigrationLinter.Report report;
		try {
			List<MigrationInfo> pending = UpToDateCheck.pending(connection, configuration);
			if (pending.isEmpty()) {
				return;
			}
			List<MigrationScript> scripts = FlywayInternals.scripts(configuration, pending,
					FlywayInternals.placeholders(connection, configuration));
			report = FlywayInternals.lint(scripts);
		}
		catch (SQLException ex) {
			throw new FlywayException(
					"Could not read the schema history to lint the pending migrations: " + ex.getMessage(), ex);
		}
		for (Finding finding : report.findings()) {
			logger.warn("Migrations: lint: " + finding);
		}
		for (String unread : report.unread()) {
			logger.info("Migrations: lint: not checked, the linter cannot read " + unread);
		}
		if (this.failOnFindings && !report.findings().isEmpty()) {
			throw new LintFindingsException(report.findings());
		}
	}

	@Override
	public String getCallbackName() {
		return "neon-migrations lint";
	}

}
