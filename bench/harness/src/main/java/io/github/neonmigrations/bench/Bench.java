package io.github.neonmigrations.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.neonmigrations.bench.AppProcess.AppRun;
import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.ServerLog;

/**
 * What the cases share: the running topology, the jars, generated migrations and the
 * results.
 */
final class Bench {

	/**
	 * Generous: 1000 migrations take well under a minute here; a stuck application is
	 * killed.
	 */
	static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

	/** Migrations of the warm-up runs, and of the already migrated database. */
	static final int WARM_UP_MIGRATIONS = 50;

	private final NeonTopology topology;

	private final Workspace workspace;

	private Results results = new Results();

	private final Map<Integer, MigrationSet> migrationSets = new HashMap<>();

	private NeonDatabase warmedUp;

	private int outputCounter;

	Bench(NeonTopology topology, Workspace workspace) {
		this.topology = topology;
		this.workspace = workspace;
	}

	/**
	 * Starts the results of the next case.
	 * @return its results, empty
	 */
	Results beginCase() {
		this.results = new Results();
		return this.results;
	}

	NeonTopology topology() {
		return this.topology;
	}

	Workspace workspace() {
		return this.workspace;
	}

	Results results() {
		return this.results;
	}

	MigrationSet migrations(int count) throws IOException {
		MigrationSet set = this.migrationSets.get(count);
		if (set == null) {
			set = MigrationSet.generate(Files.createDirectories(this.workspace.scratch().resolve("set-" + count)),
					count);
			this.migrationSets.put(count, set);
		}
		return set;
	}

	/**
	 * A new file for the output of one process.
	 * @param label what runs, e.g. {@code starter}
	 * @return the file
	 */
	Path outputFile(String label) {
		return this.workspace.scratch().resolve(String.format("%03d-%s.log", ++this.outputCounter, label));
	}

	AppProcess launch(App app, NeonDatabase database, MigrationSet migrations, List<String> arguments)
			throws IOException {
		return AppProcess.launch(this.workspace, app, database, migrations, outputFile(app.label()), arguments);
	}

	AppRun run(App app, NeonDatabase database, MigrationSet migrations, List<String> arguments) throws IOException {
		return launch(app, database, migrations, arguments).await(RUN_TIMEOUT);
	}

	/**
	 * The server log since the mark, once every direct session of the database has logged
	 * its disconnection (a backend logs it just after its client went away).
	 * @param mark the start of the window
	 * @param database the database of the run
	 * @return the entries of the window
	 */
	List<ServerLog.Entry> entriesSince(ServerLog.Mark mark, String database) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (true) {
			List<ServerLog.Entry> entries = this.topology.serverLog().since(mark);
			if (DirectSessions.of(entries, database).counts().openAtEnd() == 0 || System.nanoTime() > deadline) {
				return entries;
			}
			sleep(Duration.ofMillis(50));
		}
	}

	/**
	 * Runs each application once, untimed, so that the first measured run does not pay
	 * for a cold page cache. The database is left with {@value #WARM_UP_MIGRATIONS}
	 * migrations applied.
	 * @return the migrated database
	 * @throws IOException if a run fails
	 */
	NeonDatabase warmUp() throws IOException {
		if (this.warmedUp == null) {
			NeonDatabase database = this.topology.createDatabase();
			MigrationSet migrations = migrations(WARM_UP_MIGRATIONS);
			for (App app : App.COMPARED) {
				AppRun run = run(app, database, migrations, List.of());
				progress("warm-up " + app.label() + ": first query after " + run.toFirstQuery().toMillis() + " ms");
			}
			this.warmedUp = database;
		}
		return this.warmedUp;
	}

	static void progress(String line) {
		System.err.println("[bench] " + line);
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(Math.max(0, duration.toMillis()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
