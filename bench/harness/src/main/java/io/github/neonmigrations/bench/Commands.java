package io.github.neonmigrations.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs short commands whose output describes the machine.
 */
final class Commands {

	private Commands() {
	}

	/**
	 * Runs a command and returns its output.
	 * @param command the command
	 * @return its standard output and error, trimmed; a note when it cannot be run
	 */
	static String output(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
			return new String(output, StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			return "(" + String.join(" ", command) + " could not be run: " + ex.getMessage() + ")";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String firstLine(List<String> command) {
		return output(command).lines().findFirst().orElse("");
	}

}
