package io.github.neonmigrations.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PgBouncer's admin console and log, to see which clients the pooled endpoint holds.
 *
 * @since 0.1.0
 */
public final class PgBouncerConsole {

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

	private final Path workDirectory;

	private final int port;

	private final Path logFile;

	PgBouncerConsole(Path workDirectory, int port, Path logFile) {
		this.workDirectory = workDirectory;
		this.port = port;
		this.logFile = logFile;
	}

	/**
	 * Runs a {@code SHOW} command, e.g. {@code SHOW CLIENTS}. It goes through
	 * {@code psql}: pgjdbc cannot talk to the console, which reports PgBouncer's own
	 * version and then rejects the {@code SET} pgjdbc sends to old servers.
	 * @param command the admin command
	 * @return one map per row, column name to value
	 */
	public List<Map<String, String>> show(String command) {
		Path output = this.workDirectory.resolve("psql.out");
		List<String> psql = List.of("psql", "-X", "-A", "-F", "\t", "-P", "footer=off", "-c", command,
				"host=" + NeonTopology.POOLED_HOST + " hostaddr=" + NeonTopology.POOLED_ADDRESS + " port=" + this.port
						+ " dbname=pgbouncer sslmode=require user=" + PgBouncer.ADMIN_USER);
		try {
			Files.deleteIfExists(output);
			Processes.run(psql, Map.of("PGPASSWORD", PgBouncer.ADMIN_PASSWORD), output, COMMAND_TIMEOUT);
			List<String> lines = Files.readAllLines(output);
			List<Map<String, String>> rows = new ArrayList<>();
			String[] header = lines.get(0).split("\t", -1);
			for (String line : lines.subList(1, lines.size())) {
				String[] values = line.split("\t", -1);
				Map<String, String> row = new LinkedHashMap<>();
				for (int i = 0; i < header.length; i++) {
					row.put(header[i], (i < values.length) ? values[i] : "");
				}
				rows.add(row);
			}
			return rows;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run '" + command + "' on PgBouncer's admin console", ex);
		}
	}

	/**
	 * Lists the client sessions PgBouncer holds, from {@code SHOW CLIENTS}, without the
	 * admin console's own.
	 * @return one map per client, column name to value ({@code user}, {@code database},
	 * {@code application_name}, {@code state}, {@code tls}, ...)
	 */
	public List<Map<String, String>> clients() {
		return show("SHOW CLIENTS").stream().filter((row) -> !"pgbouncer".equals(row.get("database"))).toList();
	}

	/**
	 * PgBouncer's log file.
	 * @return the path of the log
	 */
	public Path logFile() {
		return this.logFile;
	}

}
