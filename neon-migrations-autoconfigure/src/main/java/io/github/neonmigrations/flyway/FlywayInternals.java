package io.github.neonmigrations.flyway;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.github.neonmigrations.lint.MigrationLinter;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationPattern;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.RepairResult;
import org.flywaydb.core.api.resolver.ResolvedMigration;
import org.flywaydb.core.api.resource.LoadableResource;
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
import org.flywaydb.core.internal.sqlscript.SqlScript;
import org.flywaydb.core.internal.sqlscript.SqlScriptFactory;
import org.flywaydb.core.internal.sqlscript.SqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatementIterator;
import org.flywaydb.database.postgresql.PostgreSQLDatabaseType;
import org.jspecify.annotations.Nullable;

/**
 * Every use of Flyway's internal API, in one place: Flyway's public API does not say
 * which migration failed, at which statement, or whether it ran in a transaction, cannot
 * judge a schema history read over another connection, and does not show a migration's
 * statements as it splits them. {@code FlywayInternalsTests} breaks when a Flyway upgrade
 * changes what is used here.
 * <p>
 * Not part of the library's API: public only for the library's own packages and its Maven
 * plugin, and changed with any Flyway upgrade.
 */
public final class FlywayInternals {

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
	public static @Nullable FailedMigration failedMigration(Throwable failure) {
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
	public static OfflineInfo offlineInfo(Configuration configuration, List<HistoryRow> rows) {
		Scanner<JavaMigration> scanner = new Scanner<>(JavaMigration.class, configuration,
				configuration.getLocations());
		MigrationInfoServiceImpl info = infoService(configuration, rows, scanner, new ParsingContext());
		MigrationInfo current = info.current();
		List<String> invalid = info.validate()
			.stream()
			.map((output) -> (output.errorDetails != null)
					? output.errorDetails.errorMessage.lines().findFirst().orElse("") : output.description)
			.toList();
		return new OfflineInfo(List.of(info.pending()), info.failed().length, invalid,
				(current != null && current.getVersion() != null) ? current.getVersion().getVersion() : null,
				hasCallbackScripts(scanner, configuration));
	}

	/**
	 * Every migration as {@code info()} judges it against schema history rows the caller
	 * read, and the applied versions whose script changed since they were applied.
	 * @param configuration Flyway's configuration
	 * @param rows the rows of the schema history, in installed order
	 * @param placeholders Flyway's own placeholders, see
	 * {@link #placeholders(Connection, Configuration)}
	 * @return the migrations
	 */
	public static JudgedHistory judge(Configuration configuration, List<HistoryRow> rows,
			Map<String, String> placeholders) {
		ParsingContext parsingContext = new ParsingContext();
		parsingContext.getPlaceholders().putAll(placeholders);
		Scanner<JavaMigration> scanner = new Scanner<>(JavaMigration.class, configuration,
				configuration.getLocations());
		MigrationInfoServiceImpl info = infoService(configuration, rows, scanner, parsingContext);
		Set<MigrationVersion> changed = info.validate()
			.stream()
			.filter((output) -> output.errorDetails != null && output.errorDetails.errorCode != null
					&& "CHECKSUM_MISMATCH".equals(output.errorDetails.errorCode.toString()))
			.filter((output) -> output.version != null && !output.version.isEmpty())
			.map((output) -> MigrationVersion.fromVersion(output.version))
			.collect(Collectors.toSet());
		return new JudgedHistory(List.of(info.all()), changed);
	}

	private static MigrationInfoServiceImpl infoService(Configuration configuration, List<HistoryRow> rows,
			Scanner<JavaMigration> scanner, ParsingContext parsingContext) {
		CompositeMigrationResolver resolver = new CompositeMigrationResolver(scanner, scanner, configuration, null,
				new PostgreSQLDatabaseType().createSqlScriptFactory(configuration, parsingContext), parsingContext,
				null);
		List<AppliedMigration> applied = rows.stream().map((row) -> applied(configuration, row)).toList();
		MigrationInfoServiceImpl info = new MigrationInfoServiceImpl(resolver, new RowsSchemaHistory(applied), null,
				configuration, configuration.getTarget(), configuration.isOutOfOrder(),
				configuration.getIgnoreMigrationPatterns(), configuration.getCherryPick());
		info.refresh();
		return info;
	}

	/**
	 * The undo scripts in the locations: SQL files named like versioned migrations but
	 * with another prefix ({@code U2__add_label.sql}), which Flyway Community neither
	 * resolves nor runs. Each is read as Flyway would read a migration: its statements as
	 * Flyway splits them, with placeholders replaced, and whether it can run in a
	 * transaction.
	 * @param configuration Flyway's configuration
	 * @param prefix the prefix of undo scripts
	 * @param placeholders Flyway's own placeholders, see
	 * {@link #placeholders(Connection, Configuration)}
	 * @return the undo scripts, in no particular order
	 */
	public static List<UndoScript> undoScripts(Configuration configuration, String prefix,
			Map<String, String> placeholders) {
		ParsingContext parsingContext = new ParsingContext();
		parsingContext.getPlaceholders().putAll(placeholders);
		Scanner<JavaMigration> scanner = new Scanner<>(JavaMigration.class, configuration,
				configuration.getLocations());
		SqlScriptFactory factory = new PostgreSQLDatabaseType().createSqlScriptFactory(configuration, parsingContext);
		List<UndoScript> undoScripts = new ArrayList<>();
		for (LoadableResource resource : scanner.getResources(prefix, configuration.getSqlMigrationSuffixes())) {
			MigrationVersion version = undoVersion(resource.getFilename(), prefix, configuration);
			if (version == null) {
				continue;
			}
			parsingContext.getPlaceholders().put("flyway:filename", resource.getFilename());
			try {
				ReadScript read = read(factory.createSqlScript(resource, configuration.isMixed(), scanner));
				undoScripts.add(new UndoScript(version, resource.getRelativePath(), read.transactional(),
						read.statements(), null));
			}
			catch (FlywayException ex) {
				undoScripts.add(new UndoScript(version, resource.getRelativePath(), true, List.of(), ex.getMessage()));
			}
		}
		return undoScripts;
	}

	private static @Nullable MigrationVersion undoVersion(String filename, String prefix, Configuration configuration) {
		String separator = configuration.getSqlMigrationSeparator();
		int end = filename.indexOf(separator);
		if (!filename.startsWith(prefix) || end <= prefix.length()) {
			return null;
		}
		try {
			return MigrationVersion.fromVersion(filename.substring(prefix.length(), end));
		}
		catch (FlywayException ex) {
			// Not a version: a file of another kind that happens to start with the
			// prefix.
			return null;
		}
	}

	/**
	 * Migrations as Flyway would run them: for an SQL migration, its statements as Flyway
	 * splits them, with placeholders replaced, and whether it runs in a transaction.
	 * @param configuration Flyway's configuration
	 * @param migrations the migrations, e.g. the pending ones
	 * @param placeholders Flyway's own placeholders ({@code flyway:user}, ...), which
	 * only a connection knows; without them a script that uses one cannot be read
	 * @return the migrations, in the given order
	 */
	public static List<MigrationScript> scripts(Configuration configuration, List<MigrationInfo> migrations,
			Map<String, String> placeholders) {
		ParsingContext parsingContext = new ParsingContext();
		parsingContext.getPlaceholders().putAll(placeholders);
		Scanner<JavaMigration> scanner = new Scanner<>(JavaMigration.class, configuration,
				configuration.getLocations());
		Map<String, LoadableResource> resources = new HashMap<>();
		for (LoadableResource resource : scanner.getResources("", configuration.getSqlMigrationSuffixes())) {
			resources.put(resource.getRelativePath(), resource);
		}
		SqlScriptFactory factory = new PostgreSQLDatabaseType().createSqlScriptFactory(configuration, parsingContext);
		List<MigrationScript> scripts = new ArrayList<>();
		for (MigrationInfo migration : migrations) {
			LoadableResource resource = resources.get(migration.getScript());
			if (resource == null) {
				scripts.add(new MigrationScript(migration, false, true, List.of(), null));
				continue;
			}
			parsingContext.getPlaceholders().put("flyway:filename", resource.getFilename());
			try {
				ReadScript read = read(factory.createSqlScript(resource, configuration.isMixed(), scanner));
				scripts.add(new MigrationScript(migration, true, read.transactional(), read.statements(), null));
			}
			catch (FlywayException ex) {
				scripts.add(new MigrationScript(migration, true, false, List.of(), ex.getMessage()));
			}
		}
		return scripts;
	}

	/**
	 * Lints the SQL migrations among the given ones; the others have no statements to
	 * read.
	 * @param scripts the migrations as {@link #scripts} read them
	 * @return the linter's report
	 */
	public static MigrationLinter.Report lint(List<MigrationScript> scripts) {
		return new MigrationLinter()
			.lint(scripts.stream().filter(MigrationScript::sql).map(MigrationScript::forLinter).toList());
	}

	/**
	 * Flyway's own placeholders, as it fills them from a connection before it migrates:
	 * {@code flyway:user}, {@code flyway:database}, {@code flyway:defaultSchema},
	 * {@code flyway:table}, {@code flyway:timestamp}, {@code flyway:workingDirectory}.
	 * @param connection a connection to the database
	 * @param configuration Flyway's configuration
	 * @return the placeholders
	 * @throws SQLException when the connection cannot answer
	 */
	public static Map<String, String> placeholders(Connection connection, Configuration configuration)
			throws SQLException {
		Map<String, String> placeholders = new HashMap<>();
		try (Statement statement = connection.createStatement();
				ResultSet result = statement
					.executeQuery("SELECT current_user, current_database(), current_schema()")) {
			result.next();
			placeholders.put("flyway:user", result.getString(1));
			placeholders.put("flyway:database", result.getString(2));
			String schema = configuration.getDefaultSchema();
			if (schema == null && configuration.getSchemas().length > 0) {
				schema = configuration.getSchemas()[0];
			}
			placeholders.put("flyway:defaultSchema", (schema != null) ? schema : result.getString(3));
		}
		placeholders.put("flyway:table", configuration.getTable());
		placeholders.put("flyway:timestamp", new SimpleDateFormat("yyyy-MM-dd HH:mm:ss").format(new Date()));
		placeholders.put("flyway:workingDirectory", System.getProperty("user.dir"));
		placeholders.put("flyway:environment", "");
		return placeholders;
	}

	private static ReadScript read(SqlScript script) {
		List<MigrationLinter.Statement> statements = new ArrayList<>();
		try (SqlStatementIterator iterator = script.getSqlStatements()) {
			while (iterator.hasNext()) {
				SqlStatement statement = iterator.next();
				statements.add(new MigrationLinter.Statement(statement.getLineNumber(), statement.getSql()));
			}
		}
		boolean transactional;
		try {
			transactional = script.executeInTransaction();
		}
		catch (FlywayException ex) {
			// Transactional and non-transactional statements, without
			// spring.flyway.mixed.
			transactional = false;
		}
		return new ReadScript(transactional, List.copyOf(statements));
	}

	private record ReadScript(boolean transactional, List<MigrationLinter.Statement> statements) {
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
	public static long advisoryLockKey(String schema, String table) {
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
	public record HistoryRow(int installedRank, @Nullable String version, String description, String type,
			String script, @Nullable Integer checksum, Date installedOn, String installedBy, int executionTime,
			boolean success) {
	}

	/**
	 * What Flyway decides offline.
	 *
	 * @param pending the migrations {@code migrate()} would apply, in order
	 * @param failed failed rows in the history
	 * @param invalid what {@code validate()} would report, one line each
	 * @param currentVersion the schema version, or {@code null}
	 * @param callbackScripts whether SQL callbacks are in the locations
	 */
	public record OfflineInfo(List<MigrationInfo> pending, int failed, List<String> invalid,
			@Nullable String currentVersion, boolean callbackScripts) {
	}

	/**
	 * Every migration as {@code info()} judges it.
	 *
	 * @param all every migration, applied, pending and missing, as {@code info().all()}
	 * @param changed the applied versions whose script changed since they were applied
	 */
	public record JudgedHistory(List<MigrationInfo> all, Set<MigrationVersion> changed) {
	}

	/**
	 * An undo script, as Flyway would run it if it were a migration.
	 *
	 * @param version the version it undoes
	 * @param script its path relative to its location
	 * @param transactional whether it can run in a transaction
	 * @param statements its statements, as Flyway splits them, placeholders replaced
	 * @param unreadable why its statements could not be read, or {@code null}
	 */
	public record UndoScript(MigrationVersion version, String script, boolean transactional,
			List<MigrationLinter.Statement> statements, @Nullable String unreadable) {
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
	 * A migration as Flyway would run it.
	 *
	 * @param migration the migration
	 * @param sql whether it is an SQL migration, whose statements are known
	 * @param transactional whether Flyway runs it in a transaction
	 * @param statements its statements, as Flyway splits them, placeholders replaced
	 * @param unreadable why its statements could not be read, or {@code null}
	 */
	public record MigrationScript(MigrationInfo migration, boolean sql, boolean transactional,
			List<MigrationLinter.Statement> statements, @Nullable String unreadable) {

		/**
		 * The migration as the linter reads it.
		 * @return the script
		 */
		public MigrationLinter.Script forLinter() {
			return new MigrationLinter.Script(this.migration.getScript(), this.transactional, this.statements);
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
	public record FailedMigration(MigrationInfo migration, @Nullable String sqlState, boolean executableInTransaction,
			int lineNumber, @Nullable String statement) {
	}

}
