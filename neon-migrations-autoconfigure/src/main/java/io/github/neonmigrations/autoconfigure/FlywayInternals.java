package io.github.neonmigrations.autoconfigure;

import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationPattern;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.RepairResult;
import org.flywaydb.core.api.resolver.ResolvedMigration;
import org.flywaydb.core.extensibility.AppliedMigration;
import org.flywaydb.core.extensibility.MigrationType;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.info.MigrationInfoServiceImpl;
import org.flywaydb.core.internal.parser.ParsingContext;
import org.flywaydb.core.internal.resolver.CompositeMigrationResolver;
import org.flywaydb.core.internal.scanner.Scanner;
import org.flywaydb.core.internal.schemahistory.BaseAppliedMigration;
import org.flywaydb.core.internal.schemahistory.SchemaHistory;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;
import org.flywaydb.database.postgresql.PostgreSQLDatabaseType;
import org.jspecify.annotations.Nullable;

/**
 * Every use of Flyway's internal API, in one place: Flyway's public API does not say
 * which migration failed, at which statement, or whether it ran in a transaction.
 * {@code FlywayInternalsTests} breaks when a Flyway upgrade changes what is used here.
 */
final class FlywayInternals {

	/** "Flyway" in ASCII, which Flyway adds to the hash of its table for its lock key. */
	private static final long FLYWAY_LOCK_MAGIC = 0x466C79776179L;

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

	/**
	 * What {@code migrate()} and {@code validate()} would decide, from schema history
	 * rows the caller read, instead of over a connection of Flyway's own: Flyway resolves
	 * the local migrations as {@code migrate()} does, and its MigrationInfoService judges
	 * them against the rows.
	 * @param configuration Flyway's configuration
	 * @param rows the rows of the schema history, in installed order
	 * @return the verdict
	 * @throws RuntimeException when Flyway cannot decide without a connection, e.g. for a
	 * migration that uses a placeholder only a connection can fill
	 */
	static OfflineInfo offlineInfo(Configuration configuration, List<HistoryRow> rows) {
		ParsingContext parsingContext = new ParsingContext();
		Scanner<JavaMigration> scanner = new Scanner<>(JavaMigration.class, configuration,
				configuration.getLocations());
		CompositeMigrationResolver resolver = new CompositeMigrationResolver(scanner, scanner, configuration, null,
				new PostgreSQLDatabaseType().createSqlScriptFactory(configuration, parsingContext), parsingContext,
				null);
		List<AppliedMigration> applied = rows.stream().map((row) -> applied(configuration, row)).toList();
		MigrationInfoServiceImpl info = new MigrationInfoServiceImpl(resolver, new RowsSchemaHistory(applied), null,
				configuration, configuration.getTarget(), configuration.isOutOfOrder(),
				configuration.getIgnoreMigrationPatterns(), configuration.getCherryPick());
		info.refresh();
		MigrationInfo current = info.current();
		List<String> invalid = info.validate()
			.stream()
			.map((output) -> (output.errorDetails != null)
					? output.errorDetails.errorMessage.lines().findFirst().orElse("") : output.description)
			.toList();
		return new OfflineInfo(info.pending().length, info.failed().length, invalid,
				(current != null && current.getVersion() != null) ? current.getVersion().getVersion() : null,
				hasCallbackScripts(scanner, configuration));
	}

	/**
	 * The key of Flyway's PostgreSQL advisory lock on a schema history table, as
	 * {@code PostgreSQLAdvisoryLockTemplate} computes it: "Flyway" in ASCII plus the hash
	 * of the quoted table name. Another session sees the lock in {@code pg_locks} with
	 * the key's high and low 32 bits as {@code classid} and {@code objid}.
	 * @param schema the schema of the history table
	 * @param table the history table
	 * @return the lock key
	 */
	static long advisoryLockKey(String schema, String table) {
		return FLYWAY_LOCK_MAGIC + ("\"" + schema + "\".\"" + table + "\"").hashCode();
	}

	private static AppliedMigration applied(Configuration configuration, HistoryRow row) {
		AppliedMigration factory = configuration.getPluginRegister()
			.getInstancesOf(AppliedMigration.class)
			.stream()
			.filter((candidate) -> candidate.handlesType(row.type()))
			.findFirst()
			.orElseGet(BaseAppliedMigration::new);
		return factory.create(row.installedRank(),
				(row.version() != null) ? MigrationVersion.fromVersion(row.version()) : null, row.description(),
				row.type(), row.script(), row.checksum(), row.installedOn(), row.installedBy(), row.executionTime(),
				row.success());
	}

	/**
	 * Whether the locations hold SQL callbacks ({@code afterMigrate.sql}, ...): they
	 * expect {@code migrate()} to run.
	 */
	private static boolean hasCallbackScripts(Scanner<JavaMigration> scanner, Configuration configuration) {
		Set<String> events = Arrays.stream(Event.values()).map(Event::getId).collect(Collectors.toSet());
		return scanner.getResources("", configuration.getSqlMigrationSuffixes()).stream().anyMatch((resource) -> {
			String name = resource.getFilename();
			int end = name.indexOf(configuration.getSqlMigrationSeparator());
			String event = (end >= 0) ? name.substring(0, end) : name.substring(0, name.lastIndexOf('.'));
			return events.contains(event);
		});
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
	 * A row of the schema history table.
	 *
	 * @param installedRank the order in which it was applied
	 * @param version the version, {@code null} for a repeatable migration
	 * @param description the description
	 * @param type the type, e.g. {@code SQL} or {@code BASELINE}
	 * @param script the script
	 * @param checksum the checksum, or {@code null}
	 * @param installedOn when
	 * @param installedBy by whom
	 * @param executionTime how long it took, in milliseconds
	 * @param success whether it succeeded
	 */
	record HistoryRow(int installedRank, @Nullable String version, String description, String type, String script,
			@Nullable Integer checksum, Date installedOn, String installedBy, int executionTime, boolean success) {
	}

	/**
	 * What Flyway decides offline.
	 *
	 * @param pending migrations {@code migrate()} would apply
	 * @param failed failed rows in the history
	 * @param invalid what {@code validate()} would report, one line each
	 * @param currentVersion the schema version, or {@code null}
	 * @param callbackScripts whether SQL callbacks are in the locations
	 */
	record OfflineInfo(int pending, int failed, List<String> invalid, @Nullable String currentVersion,
			boolean callbackScripts) {
	}

	/**
	 * The rows the caller read, as Flyway's schema history; nothing else is asked of it.
	 */
	private static final class RowsSchemaHistory extends SchemaHistory {

		private final List<AppliedMigration> applied;

		RowsSchemaHistory(List<AppliedMigration> applied) {
			this.applied = applied;
		}

		@Override
		public <T> T lock(Callable<T> callable) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean exists() {
			return true;
		}

		@Override
		public void create(boolean baseline) {
			throw new UnsupportedOperationException();
		}

		@Override
		public List<AppliedMigration> allAppliedMigrations() {
			return this.applied;
		}

		@Override
		public boolean removeFailedMigrations(RepairResult result, MigrationPattern[] patterns) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void update(AppliedMigration applied, ResolvedMigration resolved) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void delete(AppliedMigration applied) {
			throw new UnsupportedOperationException();
		}

		@Override
		protected void doAddAppliedMigration(int installedRank, MigrationVersion version, String description,
				MigrationType type, String script, Integer checksum, int executionTime, boolean success) {
			throw new UnsupportedOperationException();
		}

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
