package io.github.neonmigrations.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.github.neonmigrations.bench.AppProcess.AppRun;
import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.ServerLog;

/**
 * A suspended compute: PostgreSQL is stopped when the application starts and started
 * {@code T} seconds later. Measured from PostgreSQL's own
 * {@code ready to accept connections} to the first direct session of the run's database.
 * The baseline retries with Flyway's {@code spring.flyway.connect-retries}, whose waits
 * double from 1 s.
 */
final class WakeUpCase implements BenchCase {

	static final String TITLE = "Wake-up: PostgreSQL accepting connections → the application's connections (ms)";

	static final List<String> HEADER = List.of("PostgreSQL started", "accepting, after JVM start",
			"starter: first connection", "baseline: first connection", "starter: migration connection",
			"starter: of which TLS + SCRAM",
			"baseline: migration connection (connect-retries=" + WakeUpCase.CONNECT_RETRIES + ")",
			"baseline: of which TLS + SCRAM", "starter: first query", "baseline: first query");

	static final int CONNECT_RETRIES = 10;

	static final int FIRST_CONNECTION_TARGET_MILLIS = 150;

	static final int MIGRATIONS = 50;

	private static final String ACCEPTING = "database system is ready to accept connections";

	private static final String RECEIVED = "connection received";

	private static final String AUTHORIZED = "connection authorized";

	private final int seconds;

	WakeUpCase(int seconds) {
		this.seconds = seconds;
	}

	@Override
	public String name() {
		return "wake-up-" + this.seconds;
	}

	@Override
	public void run(Bench bench, int runs) throws Exception {
		bench.warmUp();
		MigrationSet migrations = bench.migrations(MIGRATIONS);
		Map<App, List<Measurement>> measurements = new EnumMap<>(App.class);
		for (int round = 1; round <= runs; round++) {
			for (App app : App.COMPARED) {
				Measurement measurement = measure(bench, app, migrations);
				measurements.computeIfAbsent(app, (key) -> new ArrayList<>()).add(measurement);
				Bench.progress(name() + " round " + round + "/" + runs + " " + app.label() + ": " + measurement);
			}
		}
		List<Measurement> starter = measurements.get(App.STARTER);
		List<Measurement> baseline = measurements.get(App.BASELINE);
		List<Measurement> all = new ArrayList<>(starter);
		all.addAll(baseline);
		Summary starterFirst = Summary.of(starter.stream().map((m) -> m.firstConnection().toMillis()).toList());
		bench.results()
			.row(TITLE, HEADER, "T = " + this.seconds + " s",
					Summary.of(all.stream().map((m) -> m.accepting().toMillis()).toList()).format(),
					starterFirst.format(),
					Summary.of(baseline.stream().map((m) -> m.firstConnection().toMillis()).toList()).format(),
					Summary.of(starter.stream().map((m) -> m.gap().toMillis()).toList()).format(),
					Summary.of(starter.stream().map((m) -> m.handshake().toMillis()).toList()).format(),
					Summary.of(baseline.stream().map((m) -> m.gap().toMillis()).toList()).format(),
					Summary.of(baseline.stream().map((m) -> m.handshake().toMillis()).toList()).format(),
					Summary.of(starter.stream().map((m) -> m.firstQuery().toMillis()).toList()).format(),
					Summary.of(baseline.stream().map((m) -> m.firstQuery().toMillis()).toList()).format());
		bench.results()
			.note(TITLE, HEADER,
					MigrationsCase.verdict(
							"starter's first connection median ≤ " + FIRST_CONNECTION_TARGET_MILLIS + " ms at T = "
									+ this.seconds + " s",
							starterFirst.median() <= FIRST_CONNECTION_TARGET_MILLIS,
							starterFirst.format() + " ms; " + runs + " runs each"));
	}

	private Measurement measure(Bench bench, App app, MigrationSet migrations) throws Exception {
		NeonTopology topology = bench.topology();
		NeonDatabase database = topology.createDatabase();
		List<String> arguments = (app == App.BASELINE) ? List.of("--spring.flyway.connect-retries=" + CONNECT_RETRIES)
				: List.of();
		ServerLog.Mark mark = topology.serverLog().mark();
		topology.stopPostgres();
		AppProcess process;
		try {
			process = bench.launch(app, database, migrations, arguments);
			Bench.sleep(Duration.between(Instant.now(), process.launched().plusSeconds(this.seconds)));
		}
		finally {
			topology.startPostgres();
		}
		AppRun run = process.await(Bench.RUN_TIMEOUT);
		List<ServerLog.Entry> entries = bench.entriesSince(mark, database.name());
		Instant accepting = entries.stream()
			.filter((entry) -> entry.message().contains(ACCEPTING))
			.map(ServerLog.Entry::time)
			.reduce((earlier, later) -> later)
			.orElseThrow(() -> new IllegalStateException("PostgreSQL did not log '" + ACCEPTING + "'"));
		ServerLog.Entry migrationStarted = entries.stream()
			.filter((entry) -> entry.isDirect() && database.name().equals(entry.database())
					&& entry.message().startsWith(AUTHORIZED))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No direct session of " + database));
		ServerLog.Entry firstSession = entries.stream()
			.filter((entry) -> database.name().equals(entry.database()) && database.username().equals(entry.user())
					&& entry.message().startsWith(AUTHORIZED))
			.findFirst()
			.orElseThrow();
		return new Measurement(Duration.between(run.launched(), accepting),
				Duration.between(accepting, firstSession.time()), Duration.between(accepting, migrationStarted.time()),
				Duration.between(received(entries, migrationStarted), migrationStarted.time()), run.toFirstQuery());
	}

	/**
	 * When the backend of a session accepted its TCP connection; what follows until it is
	 * authorized is the TLS handshake and SCRAM, paced by the client JVM.
	 */
	private static Instant received(List<ServerLog.Entry> entries, ServerLog.Entry authorized) {
		return entries.stream()
			.filter((entry) -> entry.pid() == authorized.pid() && entry.message().startsWith(RECEIVED)
					&& !entry.time().isAfter(authorized.time()))
			.map(ServerLog.Entry::time)
			.reduce((earlier, later) -> later)
			.orElse(authorized.time());
	}

	/**
	 * One run.
	 *
	 * @param accepting JVM start to PostgreSQL accepting connections
	 * @param firstConnection accepting to the first session of the run's database and
	 * user on either endpoint (through PgBouncer: the server session it opened for the
	 * application)
	 * @param gap accepting to the first direct session of the run's database
	 * @param handshake the part of the gap from that session's TCP connection to its
	 * authorization
	 * @param firstQuery JVM start to the first application query
	 */
	record Measurement(Duration accepting, Duration firstConnection, Duration gap, Duration handshake,
			Duration firstQuery) {

		@Override
		public String toString() {
			return "accepting after " + this.accepting.toMillis() + " ms, first connection "
					+ this.firstConnection.toMillis() + " ms later, migration connection " + this.gap.toMillis()
					+ " ms later (TLS + SCRAM " + this.handshake.toMillis() + " ms), first query after "
					+ this.firstQuery.toMillis() + " ms";
		}

	}

}
