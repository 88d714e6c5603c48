package io.github.neonmigrations.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Running the topology's server processes.
 */
final class Processes {

	private Processes() {
	}

	/**
	 * The prefix that lets PostgreSQL and PgBouncer run when the JVM is root: both refuse
	 * to, so they run in a user namespace where they are not, as zonky's embedded
	 * PostgreSQL does.
	 */
	static List<String> unprivileged() {
		return isRoot() ? List.of("unshare", "-U") : List.of();
	}

	private static boolean isRoot() {
		try {
			return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
		}
		catch (IOException | UnsupportedOperationException ex) {
			return "root".equals(System.getProperty("user.name"));
		}
	}

	static void run(List<String> command, Path output, Duration timeout) throws IOException {
		run(command, Map.of(), output, timeout);
	}

	static void run(List<String> command, Map<String, String> environment, Path output, Duration timeout)
			throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
		builder.environment().putAll(environment);
		Process process = builder.start();
		try {
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IOException(String.join(" ", command) + " did not finish within " + timeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
		if (process.exitValue() != 0) {
			throw new IOException(
					String.join(" ", command) + " failed with exit code " + process.exitValue() + ": " + tail(output));
		}
	}

	static String tail(Path file) {
		try {
			List<String> lines = Files.readAllLines(file);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		}
		catch (IOException ex) {
			return "(no output in " + file + ")";
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
