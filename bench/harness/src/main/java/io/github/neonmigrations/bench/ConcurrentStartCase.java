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
 * Several instances of one application booting at once on one database, as in a rolling
 * deployment: the time until all of them have answered their first query, the direct
 * sessions they opened, and proof that every migration was applied exactly once. With
 * pending migrations each round gets a fresh database; without, the instances boot
 * against the warm-up database, already migrated.
 */
final class ConcurrentStartCase implements BenchCase {

	static final List<String> HEADER = List.of("App", "all ready", "all first queries", "applied by the instances",
			"history: rows / versions / failed", "direct: opened", "direct: most at once");

	/** With pending migrations, the most direct sessions open at once. */
	static final int MOST_DIRECT_AT_ONCE = 2;

	private final int instances;

	private final int pending;

	ConcurrentStartCase(int instances, int pending) {
		this.instances = instances;
		this.pending = pending;
	}

	@Override
	public String name() {
		return "concurrent-" + this.instances + "-" + this.pending;
	}

	@Override
	public int defaultRuns() {
		return 3;
	}

	private String title() {
		String migrations = (this.pending == 0) ? "0 pending (" + Bench.WARM_UP_MIGRATIONS + " applied)"
				: this.pending + " pending";
		return this.instances + " instances booting at once on one database, " + migrations
				+ " (ms from the first JVM start)";
	}

	@Override
	public void run(Bench bench, int runs) throws Exception {
		NeonDatabase migrated = bench.warmUp();
		MigrationSet set = bench.migrations((this.pending == 0) ? Bench.WARM_UP_MIGRATIONS : this.pending);
		Map<App, List<Measurement>> measurements = new EnumMap<>(App.class);
		for (int round = 1; round <= runs; round++) {
			for (App app : App.COMPARED) {
				NeonDatabase database = (this.pending == 0) ? migrated : bench.topology().createDatabase();
				Measurement measurement = measure(bench, app, database, set);
				measurements.computeIfAbsent(app, (key) -> new ArrayList<>()).add(measurement);
				Bench.progress(name() + " round " + round + "/" + runs + " " + app.label() + ": " + measurement);
			}
		}
		for (App app : App.COMPARED) {
			List<Measurement> runsOfApp = measurements.get(app);
			boolean exactlyOnce = runsOfApp.stream().allMatch((m) -> m.exactlyOnce(this.pending, set.count()));
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
		List<Measurement> starter = measurements.get(App.STARTER);
		int opened = (int) Summary.of(starter.stream().map((m) -> m.counts().opened()).toList()).max();
		int mostAtOnce = (int) Summary.of(starter.stream().map((m) -> m.counts().maxOpenAtOnce()).toList()).max();
		if (this.pending == 0) {
			bench.results()
				.note(title(), HEADER, MigrationsCase.verdict("starter opens no direct connection", opened == 0,
						"at most " + opened + " in a round"));
		}
		else {
			bench.results()
				.note(title(), HEADER,
						MigrationsCase.verdict("starter at most " + MOST_DIRECT_AT_ONCE + " direct at once",
								mostAtOnce <= MOST_DIRECT_AT_ONCE, "at most " + mostAtOnce + " in a round"));
		}
	}

	private Measurement measure(Bench bench, App app, NeonDatabase database, MigrationSet set) throws Exception {
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

		boolean exactlyOnce(int pending, int migrations) {
			return this.appliedByInstances == pending && this.historyRows == migrations
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
