package io.github.neonmigrations.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.neonmigrations.test.NeonDatabase;

/**
 * One application JVM, started the way a deployment starts it ({@code java -jar}), with
 * its output in a file.
 */
final class AppProcess {

	private static final Pattern RESULT = Pattern
		.compile("^BENCH-RESULT ready=(\\d+) first-query=(\\d+) applied-migrations=(\\d+)$", Pattern.MULTILINE);

	private static final Pattern FLYWAY_APPLIED = Pattern.compile("Successfully applied (\\d+) migrations? ");

	private static final String FLYWAY_UP_TO_DATE = "No migration necessary";

	/** The starter's line when it found nothing pending and Flyway did not run. */
	private static final String STARTER_UP_TO_DATE = "Migrations: schema up to date";

	/** Variables a developer may have set that would reconfigure the applications. */
	private static final List<String> FOREIGN_VARIABLES = List.of("DATABASE_URL", "DATABASE_URL_MIGRATIONS",
			"DATABASE_URL_UNPOOLED", "POSTGRES_URL", "POSTGRES_URL_NON_POOLING", "DIRECT_URL", "JAVA_TOOL_OPTIONS",
			"JDK_JAVA_OPTIONS");

	private final App app;

	private final Process process;

	private final Instant launched;

	private final Path log;

	private AppProcess(App app, Process process, Instant launched, Path log) {
		this.app = app;
		this.process = process;
		this.launched = launched;
		this.log = log;
	}

	/**
	 * Starts an application JVM.
	 * @param workspace where the jars are
	 * @param app which application
	 * @param database the database it uses
	 * @param migrations the migrations it applies ({@code spring.flyway.locations})
	 * @param log the file for its output
	 * @param arguments more command-line arguments, e.g.
	 * {@code --spring.flyway.connect-retries=10}
	 * @return the running process
	 * @throws IOException if it cannot be started
	 */
	static AppProcess launch(Workspace workspace, App app, NeonDatabase database, MigrationSet migrations, Path log,
			List<String> arguments) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(workspace.java().toString());
		command.add("-Djdk.net.hosts.file=" + workspace.hostsFile());
		command.add("-jar");
		command.add(workspace.jar(app).toString());
		command.add("--spring.flyway.locations=filesystem:" + migrations.location());
		command.addAll(app.arguments());
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		Map<String, String> environment = builder.environment();
		FOREIGN_VARIABLES.forEach(environment::remove);
		environment.keySet().removeIf((name) -> name.startsWith("SPRING_") || name.startsWith("NEON_MIGRATIONS_"));
		environment.putAll(app.environment(database));
		Instant launched = Instant.now();
		return new AppProcess(app, builder.start(), launched, log);
	}

	Instant launched() {
		return this.launched;
	}

	/**
	 * Waits for the application to report and exit; kills it when it takes too long (an
	 * application stuck in a migration ignores SIGTERM).
	 * @param timeout how long to wait
	 * @return what it reported
	 * @throws IOException if it failed, did not report, or timed out
	 */
	AppRun await(Duration timeout) throws IOException {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.descendants().forEach(ProcessHandle::destroyForcibly);
				this.process.destroyForcibly();
				throw new IOException(this.app.label() + " did not exit within " + timeout + "; output in " + this.log);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
			throw new IOException(ex);
		}
		String output = Files.readString(this.log);
		Matcher result = RESULT.matcher(output);
		if (this.process.exitValue() != 0 || !result.find()) {
			throw new IOException(this.app.label() + " exited with " + this.process.exitValue()
					+ " without a result line; output in " + this.log + ":\n" + tail(output));
		}
		return new AppRun(this.app, this.launched, Instant.ofEpochMilli(Long.parseLong(result.group(1))),
				Instant.ofEpochMilli(Long.parseLong(result.group(2))), Long.parseLong(result.group(3)),
				flywayApplied(output), this.log);
	}

	/**
	 * How many migrations this instance applied, from Flyway's own summary line.
	 */
	static int flywayApplied(String output) {
		Matcher applied = FLYWAY_APPLIED.matcher(output);
		if (applied.find()) {
			return Integer.parseInt(applied.group(1));
		}
		if (output.contains(FLYWAY_UP_TO_DATE) || output.contains(STARTER_UP_TO_DATE)) {
			return 0;
		}
		throw new IllegalStateException("Flyway reported neither applied migrations nor an up-to-date schema");
	}

	private static String tail(String output) {
		String[] lines = output.split("\n");
		return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 30), lines.length));
	}

	/**
	 * What one application run reported.
	 *
	 * @param app the application
	 * @param launched when the harness started the JVM
	 * @param ready when the application was ready ({@code ApplicationReadyEvent})
	 * @param firstQuery when its first application query on the pool had answered
	 * @param historyRows successful rows in {@code flyway_schema_history}, as that query
	 * saw them
	 * @param applied migrations this instance applied, as Flyway logged
	 * @param log its output
	 */
	record AppRun(App app, Instant launched, Instant ready, Instant firstQuery, long historyRows, int applied,
			Path log) {

		Duration toReady() {
			return Duration.between(this.launched, this.ready);
		}

		Duration toFirstQuery() {
			return Duration.between(this.launched, this.firstQuery);
		}

	}

}
