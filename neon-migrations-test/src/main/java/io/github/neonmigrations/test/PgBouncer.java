package io.github.neonmigrations.test;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A PgBouncer process in transaction mode, configured like Neon's pooler: client TLS,
 * SCRAM, and only the startup parameters Neon's pooler accepts.
 */
final class PgBouncer implements AutoCloseable {

	/**
	 * Environment variable naming the {@code pgbouncer} binary when it is not on the
	 * path.
	 */
	static final String BINARY_VARIABLE = "NEON_MIGRATIONS_PGBOUNCER";

	static final String ADMIN_USER = "pgbouncer_admin";

	static final String ADMIN_PASSWORD = "pgbouncer-admin-secret";

	private static final Duration STARTUP_WAIT = Duration.ofSeconds(15);

	private final Process process;

	private final Path logFile;

	private final PgBouncerConsole console;

	private PgBouncer(Process process, Path directory, int port, Path logFile) {
		this.process = process;
		this.logFile = logFile;
		this.console = new PgBouncerConsole(directory, port, logFile);
	}

	/**
	 * Finds the binary: {@value #BINARY_VARIABLE}, then the {@code PATH}, then
	 * {@code /usr/sbin} where Debian installs it.
	 */
	static Optional<Path> findBinary() {
		String configured = System.getenv(BINARY_VARIABLE);
		if (configured != null && !configured.isBlank()) {
			return Optional.of(Path.of(configured)).filter(Files::isExecutable);
		}
		String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
		return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/sbin", "/usr/local/sbin"))
			.filter((dir) -> !dir.isEmpty())
			.map((dir) -> Path.of(dir, "pgbouncer"))
			.filter(Files::isExecutable)
			.findFirst();
	}

	static PgBouncer start(Path binary, Path directory, String listenAddress, int port, Path postgresSocketDirectory,
			int postgresPort, SelfSignedCertificate certificate) throws IOException {
		Path config = directory.resolve("pgbouncer.ini");
		Path userList = directory.resolve("userlist.txt");
		Path logFile = directory.resolve("pgbouncer.log");
		Files.writeString(userList, "\"" + ADMIN_USER + "\" \"" + ADMIN_PASSWORD + "\"\n");
		Files.writeString(config,
				String.join("\n", "[databases]", "* = host=" + postgresSocketDirectory + " port=" + postgresPort,
						"[pgbouncer]", "listen_addr = " + listenAddress, "listen_port = " + port, "unix_socket_dir =",
						"pool_mode = transaction", "auth_type = scram-sha-256", "auth_file = " + userList,
						// Any role of the server can log in; its SCRAM secret is read
						// over the trusted socket.
						"auth_user = postgres",
						"auth_query = SELECT usename, passwd FROM pg_catalog.pg_shadow WHERE usename = $1",
						"admin_users = " + ADMIN_USER, "stats_users = " + ADMIN_USER, "client_tls_sslmode = require",
						"client_tls_cert_file = " + certificate.certificateFile(),
						"client_tls_key_file = " + certificate.privateKeyFile(), "server_tls_sslmode = disable",
						// pgjdbc sends extra_float_digits; Neon's pooler ignores it too.
						// Everything else but the five tracked parameters is rejected, as
						// by Neon's pooler.
						"ignore_startup_parameters = extra_float_digits", "max_client_conn = 1000",
						"default_pool_size = 20",
						// Tests stop and start PostgreSQL; the default (15 s) would fail
						// clients for that long.
						"server_login_retry = 1", "logfile = " + logFile,
						"pidfile = " + directory.resolve("pgbouncer.pid"), ""));
		List<String> command = new ArrayList<>(Processes.unprivileged());
		command.add(binary.toString());
		command.add(config.toString());
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(directory.resolve("pgbouncer.out").toFile())
			.start();
		PgBouncer pgBouncer = new PgBouncer(process, directory, port, logFile);
		pgBouncer.awaitListening(listenAddress, port, directory);
		return pgBouncer;
	}

	private void awaitListening(String address, int port, Path directory) throws IOException {
		long deadline = System.nanoTime() + STARTUP_WAIT.toNanos();
		@Nullable IOException last = null;
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IOException("PgBouncer exited with code " + this.process.exitValue() + ": "
						+ Processes.tail(directory.resolve("pgbouncer.out")) + Processes.tail(this.logFile));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(address, port), 200);
				return;
			}
			catch (IOException ex) {
				last = ex;
			}
			Processes.sleep(Duration.ofMillis(50));
		}
		close();
		throw new IOException("PgBouncer did not listen on " + address + ":" + port + " within " + STARTUP_WAIT, last);
	}

	PgBouncerConsole console() {
		return this.console;
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
