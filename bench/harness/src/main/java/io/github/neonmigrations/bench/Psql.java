package io.github.neonmigrations.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;

/**
 * The floor: the same SQL applied by {@code psql} in one transaction over the direct
 * endpoint, with the same TLS and SCRAM as the applications, and no migration tool.
 */
final class Psql {

	static final String APPLICATION_NAME = "bench-psql";

	private Psql() {
	}

	/**
	 * Applies every migration of the set with {@code psql -1 -f}.
	 * @param topology the topology (for the port)
	 * @param database a fresh database
	 * @param migrations the set; its combined file is applied
	 * @param output the file for psql's output
	 * @param timeout how long psql may take
	 * @return how long the process took
	 * @throws IOException if psql fails
	 */
	static Duration apply(NeonTopology topology, NeonDatabase database, MigrationSet migrations, Path output,
			Duration timeout) throws IOException {
		// libpq resolves names with the system resolver, not the JVM's hosts file: name
		// the host for TLS and give its address.
		String address = InetAddress.getByName(NeonTopology.DIRECT_HOST).getHostAddress();
		String connection = "host=" + NeonTopology.DIRECT_HOST + " hostaddr=" + address + " port=" + topology.port()
				+ " dbname=" + database.name() + " user=" + database.username()
				+ " sslmode=require channel_binding=require application_name=" + APPLICATION_NAME;
		ProcessBuilder builder = new ProcessBuilder(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-f",
				migrations.combined().toString(), connection))
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		builder.environment().put("PGPASSWORD", database.password());
		Instant start = Instant.now();
		Process process = builder.start();
		try {
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IOException("psql did not finish within " + timeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new IOException(ex);
		}
		Duration took = Duration.between(start, Instant.now());
		if (process.exitValue() != 0) {
			throw new IOException("psql failed with " + process.exitValue() + ": " + Files.readString(output));
		}
		return took;
	}

	/**
	 * The first line of {@code psql --version}.
	 */
	static String version() {
		return Commands.firstLine(List.of("psql", "--version"));
	}

}
