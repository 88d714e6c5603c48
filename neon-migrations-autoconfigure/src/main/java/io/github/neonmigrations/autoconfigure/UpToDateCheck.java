package io.github.neonmigrations.autoconfigure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import javax.sql.DataSource;

import io.github.neonmigrations.flyway.FlywayInternals;
import io.github.neonmigrations.flyway.FlywayInternals.HistoryRow;
import io.github.neonmigrations.flyway.FlywayInternals.OfflineInfo;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.Configuration;
import org.jspecify.annotations.Nullable;

/**
 * Decides over the pooled endpoint whether Flyway has work, so that an up-to-date schema
 * costs no direct connection. Through a transaction pooler it sends only plain
 * {@code SELECT}s, each marked with {@value #MARKER}: no {@code SET}, no
 * {@code SET ROLE}, no advisory lock, no temporary table. It judges as Flyway's
 * {@code migrate()} and {@code validate()} would, by Flyway's own logic; anything it
 * cannot rule out is a doubt, and a doubt leaves the decision to Flyway over the direct
 * endpoint.
 */
final class UpToDateCheck {

	/** Marks the check's statements in the server's log. */
	static final String MARKER = "/* neon-migrations: pooled check */ ";

	/** Marks the linter's reads of the history over Flyway's direct connection. */
	static final String LINT_MARKER = "/* neon-migrations: lint */ ";

	private final DataSource pooled;

	private final Predicate<Callback> ownCallback;

	/**
	 * Creates a check.
	 * @param pooled the application's pool on the pooled endpoint
	 * @param ownCallback which Flyway callbacks are the library's own, which expect
	 * nothing of {@code migrate()}
	 */
	UpToDateCheck(DataSource pooled, Predicate<Callback> ownCallback) {
		this.pooled = pooled;
		this.ownCallback = ownCallback;
	}

	/**
	 * Checks.
	 * @param configuration Flyway's configuration
	 * @return the verdict; never throws, as a failure is a doubt
	 */
	Verdict check(Configuration configuration) {
		long start = System.nanoTime();
		try {
			String configuredDoubt = configuredDoubt(configuration);
			if (configuredDoubt != null) {
				return Verdict.doubt(configuredDoubt, since(start));
			}
			try (Connection connection = this.pooled.getConnection()) {
				HistoryTable table = historyTable(connection, configuration, MARKER);
				if (!exists(connection, table, MARKER)) {
					return Verdict.doubt("the schema history table " + table + " does not exist yet", since(start));
				}
				OfflineInfo info = FlywayInternals.offlineInfo(configuration, rows(connection, table, MARKER));
				if (info.failed() > 0) {
					return Verdict.doubt("the schema history has a failed migration", since(start));
				}
				if (info.callbackScripts()) {
					return Verdict.doubt("SQL callbacks in the locations expect migrate() to run", since(start));
				}
				if (!info.invalid().isEmpty() && info.pending().isEmpty()) {
					return Verdict.doubt("validation would fail: " + info.invalid().get(0), since(start));
				}
				if (!info.pending().isEmpty()) {
					return new Verdict(Kind.PENDING, info.pending().size() + " pending", info.currentVersion(),
							since(start));
				}
				return new Verdict(Kind.UP_TO_DATE, "up to date", info.currentVersion(), since(start));
			}
		}
		catch (SQLException | RuntimeException ex) {
			return Verdict.doubt("the check failed (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")",
					since(start));
		}
	}

	/**
	 * Looks for another instance's migration: Flyway's advisory lock, visible in
	 * {@code pg_locks} from any session, or a session with the migrations' application
	 * name.
	 * @param configuration Flyway's configuration
	 * @param migrationApplicationName the {@code application_name} of migration sessions
	 * @return what is going on
	 * @throws SQLException when the pooled endpoint cannot be read
	 */
	Activity activity(Configuration configuration, String migrationApplicationName) throws SQLException {
		try (Connection connection = this.pooled.getConnection()) {
			HistoryTable table = historyTable(connection, configuration, MARKER);
			long key = FlywayInternals.advisoryLockKey(table.schema(), table.name());
			// Before the first migration the history table does not exist yet, and a
			// statement that names it would fail.
			String lastRank = exists(connection, table, MARKER)
					? "(SELECT coalesce(max(installed_rank), 0) FROM " + table.quoted() + ")" : "0";
			String sql = MARKER + "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted "
					+ "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
					+ "AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 1), "
					+ "(SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
					+ "AND application_name = ?), " + lastRank;
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				statement.setLong(1, key >>> 32);
				statement.setLong(2, key & 0xFFFFFFFFL);
				statement.setString(3, migrationApplicationName);
				try (ResultSet result = statement.executeQuery()) {
					result.next();
					return new Activity(result.getBoolean(1), result.getInt(2), result.getInt(3));
				}
			}
		}
	}

	private @Nullable String configuredDoubt(Configuration configuration) {
		if (!MigrationVersion.LATEST.equals(configuration.getTarget())) {
			return "a target is set (spring.flyway.target=" + configuration.getTarget() + ")";
		}
		for (Callback callback : configuration.getCallbacks()) {
			if (!this.ownCallback.test(callback)) {
				return "the Flyway callback " + callback.getClass().getName() + " expects migrate() to run";
			}
		}
		return null;
	}

	/**
	 * The migrations {@code migrate()} would apply, judged by Flyway's own logic from the
	 * schema history read over the given connection.
	 * @param connection any connection to the database
	 * @param configuration Flyway's configuration
	 * @return the pending migrations, in order
	 * @throws SQLException when the history cannot be read
	 */
	static List<MigrationInfo> pending(Connection connection, Configuration configuration) throws SQLException {
		HistoryTable table = historyTable(connection, configuration, LINT_MARKER);
		List<HistoryRow> rows = exists(connection, table, LINT_MARKER) ? rows(connection, table, LINT_MARKER)
				: List.of();
		return FlywayInternals.offlineInfo(configuration, rows).pending();
	}

	private static HistoryTable historyTable(Connection connection, Configuration configuration, String marker)
			throws SQLException {
		String schema = configuration.getDefaultSchema();
		if (schema == null && configuration.getSchemas().length > 0) {
			schema = configuration.getSchemas()[0];
		}
		if (schema == null) {
			schema = queryString(connection, marker + "SELECT current_schema()");
		}
		return new HistoryTable(schema, configuration.getTable());
	}

	private static boolean exists(Connection connection, HistoryTable table, String marker) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(marker + "SELECT to_regclass(?) IS NOT NULL")) {
			statement.setString(1, table.quoted());
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getBoolean(1);
			}
		}
	}

	private static List<HistoryRow> rows(Connection connection, HistoryTable table, String marker) throws SQLException {
		List<HistoryRow> rows = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(marker
				+ "SELECT installed_rank, version, description, type, script, checksum, installed_on, installed_by, "
				+ "execution_time, success FROM " + table.quoted() + " ORDER BY installed_rank");
				ResultSet result = statement.executeQuery()) {
			while (result.next()) {
				Object checksum = result.getObject(6);
				rows.add(new HistoryRow(result.getInt(1), result.getString(2), result.getString(3), result.getString(4),
						result.getString(5), (checksum != null) ? ((Number) checksum).intValue() : null,
						result.getTimestamp(7), result.getString(8), result.getInt(9), result.getBoolean(10)));
			}
		}
		return rows;
	}

	private static String queryString(Connection connection, String sql) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet result = statement.executeQuery()) {
			if (!result.next() || result.getString(1) == null) {
				throw new SQLException("No result for " + sql);
			}
			return result.getString(1);
		}
	}

	private static Duration since(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

	/**
	 * What the check found.
	 */
	enum Kind {

		/** {@code migrate()} would apply nothing and {@code validate()} would pass. */
		UP_TO_DATE,

		/** Flyway has migrations to apply, and nothing else to report. */
		PENDING,

		/** The check cannot rule out work or a failure: Flyway decides. */
		DOUBT

	}

	/**
	 * The verdict.
	 *
	 * @param kind what was found
	 * @param detail why, in a few words
	 * @param schemaVersion the schema version, or {@code null}
	 * @param took how long the check took
	 */
	record Verdict(Kind kind, String detail, @Nullable String schemaVersion, Duration took) {

		static Verdict doubt(String reason, Duration took) {
			return new Verdict(Kind.DOUBT, reason, null, took);
		}

	}

	/**
	 * Another instance's migration, as seen over the pooled endpoint.
	 *
	 * @param locked whether Flyway's advisory lock is held
	 * @param migrationSessions sessions with the migrations' application name
	 * @param lastInstalledRank the last rank in the schema history, to see progress
	 */
	record Activity(boolean locked, int migrationSessions, int lastInstalledRank) {

		boolean busy() {
			return this.locked || this.migrationSessions > 0;
		}

	}

	/**
	 * The schema history table.
	 *
	 * @param schema its schema
	 * @param name its name
	 */
	record HistoryTable(String schema, String name) {

		String quoted() {
			return quote(this.schema) + "." + quote(this.name);
		}

		private static String quote(String identifier) {
			return "\"" + identifier.replace("\"", "\"\"") + "\"";
		}

		@Override
		public String toString() {
			return quoted();
		}

	}

}
