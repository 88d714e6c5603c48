package io.github.neonmigrations.autoconfigure.command;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.neonmigrations.autoconfigure.command.DowngradePlan.Applied;
import io.github.neonmigrations.autoconfigure.command.DowngradePlan.Forward;
import io.github.neonmigrations.autoconfigure.command.DowngradePlan.Request;
import io.github.neonmigrations.autoconfigure.command.DowngradePlan.Step;
import io.github.neonmigrations.flyway.FlywayInternals;
import io.github.neonmigrations.flyway.FlywayInternals.HistoryRow;
import io.github.neonmigrations.flyway.FlywayInternals.JudgedHistory;
import io.github.neonmigrations.flyway.FlywayInternals.MigrationScript;
import io.github.neonmigrations.lint.MigrationLinter;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.Configuration;
import org.jspecify.annotations.Nullable;

/**
 * The {@code downgrade} command: undoes the latest applied versioned migrations with
 * their undo scripts, newest first, so that Flyway sees them as pending again. It runs on
 * one direct connection that holds Flyway's advisory lock throughout, so that no
 * {@code migrate} runs meanwhile. An undo script and the removal of its migration's row
 * from the schema history commit together; consecutive transactional undo scripts share
 * one transaction, so a failure leaves them all as they were. An undo script that cannot
 * run in a transaction runs alone, and the output says so. Before it changes anything, it
 * decides everything it will do, and refuses with every reason it finds.
 */
final class Downgrade {

	/** Prefix of undo scripts, as in Flyway's paid editions. */
	static final String UNDO_PREFIX = "U";

	/** SQLSTATE {@code lock_not_available}: a statement gave up at its lock timeout. */
	private static final String LOCK_NOT_AVAILABLE = "55P03";

	private static final Duration LOCK_RETRY_INTERVAL = Duration.ofSeconds(1);

	private final Flyway flyway;

	private final Request request;

	private final Duration lockTimeout;

	private final PrintStream out;

	/**
	 * Creates the command.
	 * @param flyway the application's Flyway, on the direct endpoint
	 * @param request what to undo
	 * @param lockTimeout the lock timeout of each transaction, or zero for none
	 * @param out where it prints
	 */
	Downgrade(Flyway flyway, Request request, Duration lockTimeout, PrintStream out) {
		this.flyway = flyway;
		this.request = request;
		this.lockTimeout = lockTimeout;
		this.out = out;
	}

	/**
	 * Downgrades.
	 * @return {@link MigrationCommands#SUCCESS}, or {@link MigrationCommands#FAILURE}
	 * when it refused or an undo script failed
	 * @throws SQLException when the database cannot be reached or read
	 */
	int run() throws SQLException {
		Configuration configuration = this.flyway.getConfiguration();
		try (Connection connection = configuration.getDataSource().getConnection()) {
			HistoryTable table = HistoryTable.of(connection, configuration);
			if (!table.exists(connection)) {
				return refuse(List.of("the schema history table " + table + " does not exist: no migration was "
						+ "applied to this database, so there is nothing to undo"));
			}
			long key = FlywayInternals.advisoryLockKey(table.schema(), table.name());
			if (!lock(connection, key, configuration.getLockRetryCount())) {
				return refuse(List.of("another session holds Flyway's lock on " + table
						+ " (a migrate running?): run the downgrade again once it has finished, or raise "
						+ "spring.flyway.lock-retry-count to wait longer"));
			}
			try {
				return downgrade(connection, table, configuration);
			}
			finally {
				unlock(connection, key);
			}
		}
	}

	private int downgrade(Connection connection, HistoryTable table, Configuration configuration) throws SQLException {
		Map<String, String> placeholders = FlywayInternals.placeholders(connection, configuration);
		JudgedHistory history = FlywayInternals.judge(configuration, table.rows(connection), placeholders);
		List<String> failed = new ArrayList<>();
		List<MigrationInfo> applied = new ArrayList<>();
		for (MigrationInfo migration : history.all()) {
			if (migration.getState().isFailed()) {
				failed.add(describe(migration));
			}
			else if (isUndoable(migration) || isBaseline(migration)) {
				applied.add(migration);
			}
		}
		List<Applied> candidates = new ArrayList<>();
		for (MigrationScript script : FlywayInternals.scripts(configuration, applied, placeholders)) {
			MigrationInfo migration = script.migration();
			Forward forward = !script.sql() || script.unreadable() != null ? Forward.UNKNOWN
					: script.transactional() ? Forward.TRANSACTIONAL : Forward.NON_TRANSACTIONAL;
			candidates.add(new Applied(migration.getVersion(), migration.getDescription(), migration.getScript(),
					(migration.getInstalledRank() != null) ? migration.getInstalledRank() : -1, isBaseline(migration),
					forward, history.changed().contains(migration.getVersion())));
		}
		DowngradePlan plan = DowngradePlan.plan(this.request, candidates, failed,
				FlywayInternals.undoScripts(configuration, UNDO_PREFIX, placeholders), UNDO_PREFIX);
		if (!plan.refusals().isEmpty()) {
			return refuse(plan.refusals());
		}
		if (plan.steps().isEmpty()) {
			Applied current = plan.remaining();
			this.out.println("Nothing to undo: the schema is at version "
					+ ((current != null) ? current.version() + " (" + current.description() + ")" : "none")
					+ ", the target");
			return MigrationCommands.SUCCESS;
		}
		setSearchPath(connection, configuration);
		return execute(connection, table, plan);
	}

	private static boolean isUndoable(MigrationInfo migration) {
		MigrationState state = migration.getState();
		return migration.getVersion() != null && state.isApplied() && state != MigrationState.DELETED
				&& state != MigrationState.UNDONE && !migration.getType().isSynthetic();
	}

	private static boolean isBaseline(MigrationInfo migration) {
		return migration.getVersion() != null && migration.getType().isBaseline() && migration.getState().isApplied();
	}

	/**
	 * Runs the steps, newest first, on a connection that holds Flyway's lock.
	 */
	private int execute(Connection connection, HistoryTable table, DowngradePlan plan) throws SQLException {
		List<Step> committed = new ArrayList<>();
		List<Step> uncommitted = new ArrayList<>();
		List<Long> durations = new ArrayList<>();
		Step current = null;
		MigrationLinter.Statement statement = null;
		connection.setAutoCommit(false);
		try {
			for (Step step : plan.steps()) {
				current = step;
				boolean transactional = step.undo().transactional();
				if (!transactional) {
					// Whatever ran before commits first: this one cannot join it.
					connection.commit();
					committed.addAll(uncommitted);
					uncommitted.clear();
					connection.setAutoCommit(true);
				}
				else if (uncommitted.isEmpty()) {
					setLockTimeout(connection);
				}
				long start = System.nanoTime();
				for (MigrationLinter.Statement undo : step.undo().statements()) {
					statement = undo;
					try (Statement jdbc = connection.createStatement()) {
						jdbc.execute(undo.sql());
					}
				}
				statement = null;
				table.delete(connection, step.migration().installedRank());
				durations.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
				if (transactional) {
					uncommitted.add(step);
				}
				else {
					committed.add(step);
					connection.setAutoCommit(false);
				}
			}
			connection.commit();
			committed.addAll(uncommitted);
			uncommitted.clear();
		}
		catch (SQLException ex) {
			rollback(connection);
			printFailure(current, statement, ex, committed, uncommitted);
			return MigrationCommands.FAILURE;
		}
		finally {
			connection.setAutoCommit(true);
		}
		printUndone(plan, durations);
		return MigrationCommands.SUCCESS;
	}

	private void printUndone(DowngradePlan plan, List<Long> durations) {
		List<Step> steps = plan.steps();
		Applied remaining = plan.remaining();
		this.out.println("Undid " + steps.size() + " migration(s) over the direct endpoint; schema version now "
				+ ((remaining != null) ? remaining.version() + " (" + remaining.description() + ")" : "none"));
		TextTable table = new TextTable("Version", "Description", "Undo script", "Transaction", "Execution time");
		for (int i = 0; i < steps.size(); i++) {
			Step step = steps.get(i);
			table.row(step.migration().version().toString(), step.migration().description(), step.undo().script(),
					step.undo().transactional() ? "yes" : "none", durations.get(i) + " ms");
		}
		table.print(this.out);
		for (Step step : steps) {
			if (!step.undo().transactional()) {
				this.out.println("- " + step.undo().script() + " cannot run in a transaction: it ran alone, and the "
						+ "row of version " + step.migration().version() + " was removed from the schema history "
						+ "right after it, not in the same transaction");
			}
			if (step.migration().changed()) {
				this.out.println("- " + step.migration().script() + " changed since it was applied: "
						+ step.undo().script() + " undid what it is now, which may differ from what was applied");
			}
		}
		this.out.println("The undone migrations are pending again: migrate applies them.");
	}

	private void printFailure(@Nullable Step step, MigrationLinter.@Nullable Statement statement, SQLException ex,
			List<Step> committed, List<Step> uncommitted) {
		String where = (step != null) ? step.undo().script() + ((statement != null) ? ":" + statement.line() : "")
				: "the downgrade";
		this.out.println("Failed: " + where + ": " + ex.getMessage()
				+ ((ex.getSQLState() != null) ? " (SQLState " + ex.getSQLState() + ")" : ""));
		if (LOCK_NOT_AVAILABLE.equals(ex.getSQLState())) {
			this.out.println("It gave up waiting for a lock after " + this.lockTimeout.toMillis()
					+ " ms (neon.migrations.lock-timeout): the application's queries hold it; run the downgrade "
					+ "again when the table is less busy");
		}
		List<Step> rolledBack = new ArrayList<>(uncommitted);
		if (step != null && !rolledBack.contains(step)) {
			rolledBack.add(step);
		}
		if (step != null && !step.undo().transactional()) {
			this.out.println(step.undo().script() + " ran without a transaction: check what it left, e.g. an "
					+ "INVALID index (SELECT indexrelid::regclass FROM pg_index WHERE NOT indisvalid), and drop it");
		}
		this.out.println("Still applied: " + versions(rolledBack)
				+ ((uncommitted.isEmpty()) ? "" : " (rolled back together with the failed one)"));
		this.out.println("Undone and committed before the failure: " + versions(committed));
	}

	private static String versions(List<Step> steps) {
		return steps.isEmpty() ? "none"
				: String.join(", ", steps.stream().map((step) -> "version " + step.migration().version()).toList());
	}

	private int refuse(List<String> reasons) {
		this.out.println("Refused, nothing was changed:");
		reasons.forEach((reason) -> this.out.println("- " + reason));
		return MigrationCommands.FAILURE;
	}

	private static String describe(MigrationInfo migration) {
		return (migration.getVersion() != null)
				? "version " + migration.getVersion() + " (" + migration.getDescription() + ")"
				: "repeatable migration '" + migration.getDescription() + "'";
	}

	/**
	 * Takes Flyway's session advisory lock on the schema history table, as Flyway does:
	 * one try a second, as often as {@code spring.flyway.lock-retry-count} allows.
	 */
	private static boolean lock(Connection connection, long key, int retries) throws SQLException {
		for (int attempt = 0;; attempt++) {
			try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
				statement.setLong(1, key);
				try (ResultSet result = statement.executeQuery()) {
					if (result.next() && result.getBoolean(1)) {
						return true;
					}
				}
			}
			if (retries >= 0 && attempt >= retries) {
				return false;
			}
			try {
				Thread.sleep(LOCK_RETRY_INTERVAL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
	}

	private static void unlock(Connection connection, long key) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
			statement.setLong(1, key);
			statement.execute();
		}
	}

	private void setLockTimeout(Connection connection) throws SQLException {
		if (this.lockTimeout.isZero()) {
			return;
		}
		try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
			statement.setString(1, this.lockTimeout.toMillis() + "ms");
			statement.execute();
		}
	}

	/**
	 * Unqualified names in an undo script resolve as in its migration: Flyway runs
	 * migrations with the search path set to its default schema.
	 */
	private static void setSearchPath(Connection connection, Configuration configuration) throws SQLException {
		String schema = HistoryTable.configuredSchema(configuration);
		if (schema == null) {
			return;
		}
		try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('search_path', ?, false)")) {
			statement.setString(1, HistoryTable.quote(schema));
			statement.execute();
		}
	}

	private static void rollback(Connection connection) {
		try {
			if (!connection.getAutoCommit()) {
				connection.rollback();
			}
		}
		catch (SQLException ex) {
			// The connection is closed next, which rolls back as well.
		}
	}

	/**
	 * Flyway's schema history table.
	 *
	 * @param schema its schema
	 * @param name its name
	 */
	record HistoryTable(String schema, String name) {

		static HistoryTable of(Connection connection, Configuration configuration) throws SQLException {
			String schema = configuredSchema(configuration);
			if (schema == null) {
				try (Statement statement = connection.createStatement();
						ResultSet result = statement.executeQuery("SELECT current_schema()")) {
					schema = (result.next()) ? result.getString(1) : null;
				}
			}
			if (schema == null) {
				throw new SQLException("The connection has no current schema: set spring.flyway.default-schema");
			}
			return new HistoryTable(schema, configuration.getTable());
		}

		static @Nullable String configuredSchema(Configuration configuration) {
			String schema = configuration.getDefaultSchema();
			if (schema == null && configuration.getSchemas().length > 0) {
				schema = configuration.getSchemas()[0];
			}
			return schema;
		}

		boolean exists(Connection connection) throws SQLException {
			try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
				statement.setString(1, quoted());
				try (ResultSet result = statement.executeQuery()) {
					return result.next() && result.getBoolean(1);
				}
			}
		}

		List<HistoryRow> rows(Connection connection) throws SQLException {
			List<HistoryRow> rows = new ArrayList<>();
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT installed_rank, version, description, type, script, checksum, installed_on, "
						+ "installed_by, execution_time, success FROM " + quoted() + " ORDER BY installed_rank");
					ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					Object checksum = result.getObject(6);
					rows.add(new HistoryRow(result.getInt(1), result.getString(2), result.getString(3),
							result.getString(4), result.getString(5),
							(checksum != null) ? ((Number) checksum).intValue() : null, result.getTimestamp(7),
							result.getString(8), result.getInt(9), result.getBoolean(10)));
				}
			}
			return rows;
		}

		void delete(Connection connection, int installedRank) throws SQLException {
			try (PreparedStatement statement = connection
				.prepareStatement("DELETE FROM " + quoted() + " WHERE installed_rank = ? AND success")) {
				statement.setInt(1, installedRank);
				if (statement.executeUpdate() != 1) {
					throw new SQLException("The schema history row " + installedRank + " of " + quoted()
							+ " was not found; it changed while the downgrade held Flyway's lock");
				}
			}
		}

		String quoted() {
			return quote(this.schema) + "." + quote(this.name);
		}

		static String quote(String identifier) {
			return "\"" + identifier.replace("\"", "\"\"") + "\"";
		}

		@Override
		public String toString() {
			return quoted();
		}

	}

}
