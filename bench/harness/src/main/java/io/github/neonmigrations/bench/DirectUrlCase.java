package io.github.neonmigrations.bench;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.neonmigrations.bench.AppProcess.AppRun;
import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.ServerLog;

/**
 * A diagnosis, not a comparison target: where the starter's migrate phase loses to the
 * baseline's with many migrations. The direct connection the starter derives from
 * {@code DATABASE_URL} keeps the pooled URL's parameters, here {@code prepareThreshold=0}
 * that the local PgBouncer needs, so Flyway never gets server-side prepared statements;
 * the starter with the direct URL set explicitly shows what that costs. The baseline with
 * Flyway's session lock on one connection, the starter's default, shows what that costs.
 */
final class DirectUrlCase implements BenchCase {

	static final List<String> HEADER = List.of("App", "direct connection parameters", "migrate phase", "per migration",
			"direct statements", "of which server-prepared");

	private static final Pattern STARTER_DIRECT_URL = Pattern
		.compile("Migrations: jdbc:postgresql://[^?\\s]+\\?(\\S+)");

	private static final List<App> APPS = List.of(App.STARTER, App.STARTER_DIRECT_URL, App.BASELINE,
			App.BASELINE_SESSION_LOCK);

	private final int migrations;

	DirectUrlCase(int migrations) {
		this.migrations = migrations;
	}

	@Override
	public String name() {
		return "direct-url-" + this.migrations;
	}

	/**
	 * Three runs: the time per migration, a trimmed mean over hundreds of migrations,
	 * varies little between runs, and the full benchmark stays near 15 minutes.
	 */
	@Override
	public int defaultRuns() {
		return 3;
	}

	@Override
	public void run(Bench bench, int runs) throws Exception {
		bench.warmUp();
		MigrationSet set = bench.migrations(this.migrations);
		Map<App, List<MigrationsCase.Measurement>> measurements = new EnumMap<>(App.class);
		Map<App, List<Long>> prepared = new EnumMap<>(App.class);
		Map<App, String> parameters = new EnumMap<>(App.class);
		for (int round = 1; round <= runs; round++) {
			for (App app : APPS) {
				NeonDatabase database = bench.topology().createDatabase();
				ServerLog.Mark mark = bench.topology().serverLog().mark();
				AppRun run = bench.run(app, database, set, List.of());
				DirectSessions sessions = DirectSessions.of(bench.entriesSince(mark, database.name()), database.name());
				MigrationsCase.Measurement measurement = new MigrationsCase.Measurement(run.toReady(),
						run.toFirstQuery(), sessions.counts(), sessions.openAt(run.ready()), sessions.busy(),
						sessions.statements(), sessions.perMigrationMillis());
				measurements.computeIfAbsent(app, (key) -> new ArrayList<>()).add(measurement);
				prepared.computeIfAbsent(app, (key) -> new ArrayList<>()).add(sessions.serverPrepared());
				parameters.put(app, directParameters(app, run, database));
				Bench.progress(name() + " round " + round + "/" + runs + " " + app.label() + ": " + measurement + ", "
						+ sessions.serverPrepared() + " server-prepared");
			}
		}
		String title = "Diagnosis: what the migrate phase depends on, " + this.migrations
				+ " migrations (ms; not a comparison target)";
		for (App app : APPS) {
			List<MigrationsCase.Measurement> runsOfApp = measurements.get(app);
			bench.results()
				.row(title, HEADER, app.label(), parameters.get(app),
						Summary.of(runsOfApp.stream().map((m) -> m.busy().toMillis()).toList()).format(),
						MigrationsCase.perMigration(runsOfApp),
						Summary.of(runsOfApp.stream().map(MigrationsCase.Measurement::statements).toList()).format(),
						Summary.of(prepared.get(app)).format());
		}
	}

	/**
	 * The query string of the direct connection: as the starter logs it, or the
	 * baseline's {@code spring.flyway.url}.
	 */
	private static String directParameters(App app, AppRun run, NeonDatabase database) throws Exception {
		if (app == App.BASELINE || app == App.BASELINE_SESSION_LOCK) {
			String url = database.directJdbcUrl();
			return url.substring(url.indexOf('?') + 1);
		}
		Matcher matcher = STARTER_DIRECT_URL.matcher(Files.readString(run.log()));
		return matcher.find() ? matcher.group(1) : "(not logged)";
	}

}
