package io.github.neonmigrations.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.github.neonmigrations.bench.AppProcess.AppRun;
import io.github.neonmigrations.test.ConnectionCounts;
import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.ServerLog;

/**
 * Startup with a number of pending migrations: time to the first query, direct
 * connections, and the migrate phase against {@code psql -1}. Each round runs the
 * starter, the baseline and psql, each on a fresh database, so that drift of the machine
 * hits all three alike. With no pending migration both applications boot against the
 * warm-up database, already migrated.
 */
final class MigrationsCase implements BenchCase {

	static final String FIRST_QUERY = "Time from JVM start to the first application query (ms)";

	static final List<String> FIRST_QUERY_HEADER = List.of("Migrations", "starter: ready", "starter: first query",
			"baseline: ready", "baseline: first query", "starter/baseline (first query)");

	static final String CONNECTIONS = "Direct connections per startup";

	static final List<String> CONNECTIONS_HEADER = List.of("Migrations", "starter: opened", "starter: most at once",
			"starter: open after ready", "baseline: opened", "baseline: most at once", "baseline: open after ready");

	static final String MIGRATE = "Migrate phase on the direct endpoint (ms, server log)";

	static final List<String> MIGRATE_HEADER = List.of("Migrations", "psql -1 (floor)", "starter", "baseline",
			"starter/floor", "baseline/floor", "per migration psql / starter / baseline",
			"statements psql / starter / baseline");

	/** Nothing pending: the starter skips the direct endpoint, so it should be faster. */
	static final double FIRST_QUERY_TARGET_UP_TO_DATE = 0.95;

	static final double FIRST_QUERY_TARGET_PENDING = 1.05;

	private final int pending;

	MigrationsCase(int pending) {
		this.pending = pending;
	}

	@Override
	public String name() {
		return "migrations-" + this.pending;
	}

	@Override
	public void run(Bench bench, int runs) throws Exception {
		NeonDatabase migrated = bench.warmUp();
		MigrationSet migrations = bench.migrations((this.pending == 0) ? Bench.WARM_UP_MIGRATIONS : this.pending);
		Map<App, List<Measurement>> measurements = new EnumMap<>(App.class);
		List<Measurement> floor = new ArrayList<>();
		for (int round = 1; round <= runs; round++) {
			for (App app : App.COMPARED) {
				NeonDatabase database = (this.pending == 0) ? migrated : bench.topology().createDatabase();
				Measurement measurement = measureApp(bench, app, database, migrations);
				measurements.computeIfAbsent(app, (key) -> new ArrayList<>()).add(measurement);
				Bench.progress(name() + " round " + round + "/" + runs + " " + app.label() + ": " + measurement);
			}
			if (this.pending > 0) {
				Measurement measurement = measurePsql(bench, migrations);
				floor.add(measurement);
				Bench.progress(name() + " round " + round + "/" + runs + " psql: " + measurement);
			}
		}
		report(bench.results(), runs, measurements, floor);
	}

	private Measurement measureApp(Bench bench, App app, NeonDatabase database, MigrationSet migrations)
			throws IOException {
		ServerLog.Mark mark = bench.topology().serverLog().mark();
		AppRun run = bench.run(app, database, migrations, List.of());
		if (run.applied() != this.pending || run.historyRows() != migrations.count()) {
			throw new IllegalStateException(app.label() + " applied " + run.applied() + " migrations and saw "
					+ run.historyRows() + " in the history; expected " + this.pending + " and " + migrations.count());
		}
		DirectSessions sessions = DirectSessions.of(bench.entriesSince(mark, database.name()), database.name());
		return new Measurement(run.toReady(), run.toFirstQuery(), sessions.counts(), sessions.openAt(run.ready()),
				sessions.busy(), sessions.statements(), sessions.perMigrationMillis());
	}

	private Measurement measurePsql(Bench bench, MigrationSet migrations) throws IOException {
		NeonDatabase database = bench.topology().createDatabase();
		ServerLog.Mark mark = bench.topology().serverLog().mark();
		Duration took = Psql.apply(bench.topology(), database, migrations, bench.outputFile("psql"), Bench.RUN_TIMEOUT);
		DirectSessions sessions = DirectSessions.of(bench.entriesSince(mark, database.name()), database.name());
		return new Measurement(took, took, sessions.counts(), 0, sessions.busy(), sessions.statements(),
				sessions.perMigrationMillis());
	}

	private void report(Results results, int runs, Map<App, List<Measurement>> measurements, List<Measurement> floor) {
		String label = (this.pending == 0) ? "0 pending (" + Bench.WARM_UP_MIGRATIONS + " applied)"
				: String.valueOf(this.pending);
		List<Measurement> starter = measurements.get(App.STARTER);
		List<Measurement> baseline = measurements.get(App.BASELINE);

		Summary starterQuery = summarize(starter, (m) -> m.firstQuery().toMillis());
		Summary baselineQuery = summarize(baseline, (m) -> m.firstQuery().toMillis());
		double queryRatio = Summary.ratio(starterQuery, baselineQuery);
		results.row(FIRST_QUERY, FIRST_QUERY_HEADER, label, summarize(starter, (m) -> m.ready().toMillis()).format(),
				starterQuery.format(), summarize(baseline, (m) -> m.ready().toMillis()).format(),
				baselineQuery.format(), Summary.formatRatio(queryRatio));
		double queryTarget = (this.pending == 0) ? FIRST_QUERY_TARGET_UP_TO_DATE : FIRST_QUERY_TARGET_PENDING;
		results.note(FIRST_QUERY, FIRST_QUERY_HEADER, verdict("starter/baseline ≤ " + queryTarget + " at " + label,
				queryRatio <= queryTarget, Summary.formatRatio(queryRatio) + "; " + runs + " runs each"));

		results.row(CONNECTIONS, CONNECTIONS_HEADER, label, summarize(starter, (m) -> m.counts().opened()).format(),
				summarize(starter, (m) -> m.counts().maxOpenAtOnce()).format(),
				summarize(starter, Measurement::openAfterReady).format(),
				summarize(baseline, (m) -> m.counts().opened()).format(),
				summarize(baseline, (m) -> m.counts().maxOpenAtOnce()).format(),
				summarize(baseline, Measurement::openAfterReady).format());
		int opened = (int) summarize(starter, (m) -> m.counts().opened()).max();
		int mostAtOnce = (int) summarize(starter, (m) -> m.counts().maxOpenAtOnce()).max();
		int afterReady = (int) summarize(starter, Measurement::openAfterReady).max();
		if (this.pending == 0) {
			results.note(CONNECTIONS, CONNECTIONS_HEADER,
					verdict("starter opens no direct connection at " + label, opened == 0, "at most " + opened));
		}
		else {
			results.note(CONNECTIONS, CONNECTIONS_HEADER,
					verdict("starter at most 1 open at once and 0 after ready at " + label,
							mostAtOnce <= 1 && afterReady == 0, "most " + mostAtOnce + ", after ready " + afterReady));
		}

		Summary starterMigrate = summarize(starter, (m) -> m.busy().toMillis());
		Summary baselineMigrate = summarize(baseline, (m) -> m.busy().toMillis());
		String statements = summarize(starter, Measurement::statements).format() + " / "
				+ summarize(baseline, Measurement::statements).format();
		if (floor.isEmpty()) {
			results.row(MIGRATE, MIGRATE_HEADER, label, "—", starterMigrate.format(), baselineMigrate.format(), "—",
					"—", "—", "— / " + statements);
			return;
		}
		String perMigration = perMigration(floor) + " / " + perMigration(starter) + " / " + perMigration(baseline);
		Summary floorMigrate = summarize(floor, (m) -> m.busy().toMillis());
		double starterRatio = Summary.ratio(starterMigrate, floorMigrate);
		results.row(MIGRATE, MIGRATE_HEADER, label, floorMigrate.format(), starterMigrate.format(),
				baselineMigrate.format(), Summary.formatRatio(starterRatio),
				Summary.formatRatio(Summary.ratio(baselineMigrate, floorMigrate)), perMigration,
				summarize(floor, Measurement::statements).format() + " / " + statements);
		if (this.pending == 200) {
			results.note(MIGRATE, MIGRATE_HEADER, verdict("starter ≤ 1.5 × psql floor at 200", starterRatio <= 1.5,
					Summary.formatRatio(starterRatio) + " ×"));
		}
	}

	/**
	 * The median over the runs of each run's time per migration, to a tenth of a
	 * millisecond.
	 */
	static String perMigration(List<Measurement> measurements) {
		return String.format(java.util.Locale.ROOT, "%.1f",
				Summary.of(measurements.stream().map(Measurement::perMigrationMillis).toList()).median());
	}

	static String verdict(String target, boolean met, String measured) {
		return "Target " + target + ": " + (met ? "met" : "MISSED") + " (" + measured + ").";
	}

	private static Summary summarize(List<Measurement> measurements,
			java.util.function.ToLongFunction<Measurement> value) {
		return Summary.of(measurements.stream().map(value::applyAsLong).toList());
	}

	/**
	 * One run of an application or of psql.
	 *
	 * @param ready JVM start to ready (psql: the process's duration)
	 * @param firstQuery JVM start to the first application query (psql: the process's
	 * duration)
	 * @param counts direct sessions of the run's database
	 * @param openAfterReady direct sessions still open when the application was ready
	 * @param busy first direct authorization to last direct disconnection
	 * @param statements statements of the direct sessions
	 * @param perMigrationMillis milliseconds from one migration to the next (trimmed
	 * mean)
	 */
	record Measurement(Duration ready, Duration firstQuery, ConnectionCounts counts, long openAfterReady, Duration busy,
			long statements, double perMigrationMillis) {

		@Override
		public String toString() {
			return "ready " + this.ready.toMillis() + " ms, first query " + this.firstQuery.toMillis()
					+ " ms, direct opened " + this.counts.opened() + " / most at once " + this.counts.maxOpenAtOnce()
					+ " / open after ready " + this.openAfterReady + ", migrate phase " + this.busy.toMillis()
					+ String.format(java.util.Locale.ROOT, " ms (%.2f ms per migration), ", this.perMigrationMillis)
					+ this.statements + " direct statements";
		}

	}

}
