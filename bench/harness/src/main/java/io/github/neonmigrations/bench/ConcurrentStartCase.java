package io.github.neonmigrations.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.github.neonmigrations.bench.AppProcess.AppRun;
import io.github.neonmigrations.test.ConnectionCounts;
import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.ServerLog;

/**
 * Several instances of one application booting at once on one fresh database, as in a
 * rolling deployment: the time until all of them have answered their first query, and
 * proof that every migration was applied exactly once.
 */
final class ConcurrentStartCase implements BenchCase {

	static final List<String> HEADER = List.of("App", "all ready", "all first queries", "applied by the instances",
			"history: rows / versions / failed", "direct: opened", "direct: most at once");

	private final int instances;

	private final int migrations;

	ConcurrentStartCase(int instances, int migrations) {
		this.instances = instances;
		this.migrations = migrations;
	}

	@Override
	public String name() {
		return "concurrent-" + this.instances;
	}

	private String title() {
		return this.instances + " instances booting at once on one database, " + this.migrations
				+ " migrations (ms from the first JVM start)";
	}

	@Override
	public void run(Bench bench, int runs) throws Exception {
		bench.warmUp();
		MigrationSet set = bench.migrations(this.migrations);
		Map<App, List<Measurement>> measurements = new EnumMap<>(App.class);
		for (int round = 1; round <= runs; round++) {
			for (App app : App.COMPARED) {
				Measurement measurement = measure(bench, app, set);
				measurements.computeIfAbsent(app, (key) -> new ArrayList<>()).add(measurement);
				Bench.progress(name() + " round " + round + "/" + runs + " " + app.label() + ": " + measurement);
			}
		}
		for (App app : App.COMPARED) {
			List<Measurement> runsOfApp = measurements.get(app);
			boolean exactlyOnce = runsOfApp.stream().allMatch((m) -> m.exactlyOnce(this.migrations));
			bench.results()
				.row(title(), HEADER, app.label(),
						Summary.of(runsOfApp.stream().map((m) -> m.allReady().toMillis()).toList()).format(),
						Summary.of(runsOfApp.stream().map((m) -> m.allFirstQueries().toMillis()).toList()).format(),
						Summary.of(runsOfApp.stream().map(Measurement::appliedByInstances).toList()).format(),
						Summary.of(runsOfApp.stream().map(Measurement::historyRows).toList()).format() + " / "
								+ Summary.of(runsOfApp.stream().map(Measurement::historyVersions).toList()).format()
								+ " / "
								+ Summary.of(runsOfApp.stream().map(Measurement::historyFailures).toList()).format(),
						Summary.of(runsOfApp.stream().map((m) -> m.counts().opened()).toList()).format(),
						Summary.of(runsOfApp.stream().map((m) -> m.counts().maxOpenAtOnce()).toList()).format());
			bench.results()
				.note(title(), HEADER, app.label() + ": every migration applied exactly once in all " + runs + " runs: "
						+ (exactlyOnce ? "yes" : "NO") + ".");
		}
	}

	private Measurement measure(Bench bench, App app, MigrationSet set) throws Exception {
		NeonDatabase database = bench.topology().createDatabase();
		ServerLog.Mark mark = bench.topology().serverLog().mark();
		List<AppProcess> processes = new ArrayList<>();
		for (int i = 0; i < this.instances; i++) {
			processes.add(bench.launch(app, database, set, List.of()));
		}
		List<AppRun> runs = new ArrayList<>();
		for (AppProcess process : processes) {
			runs.add(process.await(Bench.RUN_TIMEOUT));
		}
		Instant firstLaunch = runs.stream().map(AppRun::launched).min(Comparator.naturalOrder()).orElseThrow();
		Instant lastReady = runs.stream().map(AppRun::ready).max(Comparator.naturalOrder()).orElseThrow();
		Instant lastQuery = runs.stream().map(AppRun::firstQuery).max(Comparator.naturalOrder()).orElseThrow();
		int applied = runs.stream().mapToInt(AppRun::applied).sum();
		DirectSessions sessions = DirectSessions.of(bench.entriesSince(mark, database.name()), database.name());
		long[] history = history(database);
		return new Measurement(Duration.between(firstLaunch, lastReady), Duration.between(firstLaunch, lastQuery),
				applied, history[0], history[1], history[2], sessions.counts());
	}

	/**
	 * Rows, distinct versions and failed rows of versioned migrations in the history
	 * table.
	 */
	private static long[] history(NeonDatabase database) throws SQLException {
		try (Connection connection = database.openAdmin();
				Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery("SELECT count(*), count(DISTINCT version), "
						+ "count(*) FILTER (WHERE NOT success) FROM flyway_schema_history WHERE version IS NOT NULL")) {
			row.next();
			return new long[] { row.getLong(1), row.getLong(2), row.getLong(3) };
		}
	}

	/**
	 * One round: all instances of one application.
	 *
	 * @param allReady first JVM start to the last instance ready
	 * @param allFirstQueries first JVM start to the last instance's first query
	 * @param appliedByInstances migrations applied, summed over the instances' Flyway
	 * logs
	 * @param historyRows versioned rows in {@code flyway_schema_history}
	 * @param historyVersions distinct versions among them
	 * @param historyFailures failed rows among them
	 * @param counts direct sessions of the database
	 */
	record Measurement(Duration allReady, Duration allFirstQueries, long appliedByInstances, long historyRows,
			long historyVersions, long historyFailures, ConnectionCounts counts) {

		boolean exactlyOnce(int migrations) {
			return this.appliedByInstances == migrations && this.historyRows == migrations
					&& this.historyVersions == migrations && this.historyFailures == 0;
		}

		@Override
		public String toString() {
			return "all ready after " + this.allReady.toMillis() + " ms, all first queries after "
					+ this.allFirstQueries.toMillis() + " ms, applied " + this.appliedByInstances + " (history "
					+ this.historyRows + " rows, " + this.historyVersions + " versions, " + this.historyFailures
					+ " failed), direct opened " + this.counts.opened() + ", most at once "
					+ this.counts.maxOpenAtOnce();
		}

	}

}
