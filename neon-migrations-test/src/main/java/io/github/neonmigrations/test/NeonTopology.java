package io.github.neonmigrations.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * A local database shaped like a Neon project: embedded PostgreSQL 17 is the direct
 * endpoint and a real PgBouncer in transaction mode is the pooled one, each under a Neon
 * host name on the same port.
 *
 * <p>
 * Direct clients reach PostgreSQL over TCP, so their backends show
 * {@code client_addr = 127.0.0.1}; PgBouncer reaches it over its Unix socket, so pooled
 * backends show {@code client_addr IS NULL}. The host names resolve only where the JVM
 * reads {@link #hostsFileContent() the topology's hosts file} through
 * {@code -Djdk.net.hosts.file}.
 *
 * <p>
 * Local differences from Neon: PgBouncer supports no SCRAM channel binding, so pooled
 * URLs carry {@code channel_binding=prefer}; PgBouncer 1.18 has no protocol-level
 * prepared statements, so pooled URLs carry {@code prepareThreshold=0}. Neon's pooler
 * needs neither.
 *
 * @since 0.1.0
 */
public final class NeonTopology implements AutoCloseable {

	/** Host name of the pooled endpoint. */
	public static final String POOLED_HOST = "ep-quiet-meadow-a1b2c3d4-pooler.us-east-2.aws.neon.tech";

	/** Host name of the direct endpoint: the pooled one without {@code -pooler}. */
	public static final String DIRECT_HOST = "ep-quiet-meadow-a1b2c3d4.us-east-2.aws.neon.tech";

	/**
	 * The role that owns the databases the topology creates, as {@code neondb_owner} on
	 * Neon.
	 */
	public static final String OWNER = "neondb_owner";

	/** The owner's password: every character that needs percent-encoding in a URL. */
	public static final String OWNER_PASSWORD = "n3on@Pa:ss/w%rd?#&=+ !";

	/**
	 * Environment variable that makes a missing PgBouncer fail tests instead of skipping
	 * them.
	 */
	public static final String REQUIRE_PGBOUNCER_VARIABLE = "NEON_MIGRATIONS_REQUIRE_PGBOUNCER";

	static final String POOLED_ADDRESS = "127.0.0.2";

	static final String DIRECT_ADDRESS = "127.0.0.3";

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

	private static final AtomicInteger databaseCounter = new AtomicInteger();

	private static @Nullable NeonTopology shared;

	private final Path directory;

	private final Path socketDirectory;

	private final EmbeddedPostgres postgres;

	private final String binDirectory;

	private final String dataDirectory;

	private final SelfSignedCertificate certificate;

	private final Admin admin;

	private final @Nullable PgBouncer pgBouncer;

	private final ServerLog serverLog;

	private NeonTopology(boolean withPooler) throws IOException {
		checkHostNames();
		this.directory = Files.createTempDirectory("neon-topology");
		// Unix socket paths are limited to about 100 bytes: keep this one short.
		this.socketDirectory = Files.createDirectories(this.directory.resolve("s"));
		this.certificate = SelfSignedCertificate.create(this.directory, List.of(DIRECT_HOST, POOLED_HOST, "localhost"));
		Path logDirectory = Files.createDirectories(this.directory.resolve("log"));
		this.postgres = EmbeddedPostgres.builder()
			.setDataDirectoryCustomizer((dataDirectory) -> configure(dataDirectory.toPath(), logDirectory))
			.setPGStartupWait(Duration.ofSeconds(30))
			.start();
		this.admin = new Admin(this.socketDirectory.resolve(".s.PGSQL." + this.postgres.getPort()));
		this.serverLog = new ServerLog(logDirectory.resolve("postgresql.log"), this.admin);
		this.binDirectory = Objects
			.requireNonNull(this.admin.queryString("SELECT setting FROM pg_config WHERE name = 'BINDIR'"));
		this.dataDirectory = Objects.requireNonNull(this.admin.queryString("SHOW data_directory"));
		this.admin.execute("CREATE ROLE " + OWNER + " LOGIN CREATEDB PASSWORD '" + OWNER_PASSWORD + "'");
		this.pgBouncer = withPooler ? startPgBouncer() : null;
	}

	/**
	 * Starts a topology with both endpoints. Fails when PgBouncer cannot be found.
	 * @return the running topology; close it when done
	 * @throws IOException if a server cannot be started
	 */
	public static NeonTopology start() throws IOException {
		return new NeonTopology(true);
	}

	/**
	 * Starts PostgreSQL alone, for machines without PgBouncer: the direct endpoint serves
	 * as both.
	 * @return the running topology; close it when done
	 * @throws IOException if PostgreSQL cannot be started
	 */
	public static NeonTopology startWithoutPooler() throws IOException {
		return new NeonTopology(false);
	}

	/**
	 * The topology shared by every test of this JVM, with both endpoints, started on
	 * first use and stopped when the JVM exits.
	 * @return the shared topology
	 */
	public static synchronized NeonTopology shared() {
		if (shared == null) {
			try {
				NeonTopology topology = start();
				Runtime.getRuntime().addShutdownHook(new Thread(topology::close, "neon-topology-shutdown"));
				shared = topology;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start the Neon-shaped test topology", ex);
			}
		}
		return shared;
	}

	/**
	 * Whether a {@code pgbouncer} binary can be found ({@code NEON_MIGRATIONS_PGBOUNCER},
	 * the {@code PATH}, or {@code /usr/sbin}).
	 * @return whether the pooled endpoint can be started
	 */
	public static boolean isPgBouncerAvailable() {
		return PgBouncer.findBinary().isPresent();
	}

	/**
	 * The hosts file that maps the topology's host names to loopback addresses; hand it
	 * to the test JVM with {@code -Djdk.net.hosts.file=<file>}.
	 * @return the content of the hosts file
	 */
	public static String hostsFileContent() {
		return "127.0.0.1 localhost\n" + POOLED_ADDRESS + " " + POOLED_HOST + "\n" + DIRECT_ADDRESS + " " + DIRECT_HOST
				+ "\n";
	}

	private static void checkHostNames() {
		try {
			if (InetAddress.getByName(DIRECT_HOST).getHostAddress().equals(DIRECT_ADDRESS)
					&& InetAddress.getByName(POOLED_HOST).getHostAddress().equals(POOLED_ADDRESS)) {
				return;
			}
		}
		catch (UnknownHostException ex) {
			// Reported below.
		}
		throw new IllegalStateException("The Neon host names of the test topology do not resolve to loopback. "
				+ "Start the JVM with -Djdk.net.hosts.file=<file> where the file contains:\n" + hostsFileContent());
	}

	private void configure(Path dataDirectory, Path logDirectory) {
		try {
			Files.writeString(dataDirectory.resolve("postgresql.conf"), String.join("\n", "",
					"# Neon-shaped test topology", "listen_addresses = '127.0.0.1," + DIRECT_ADDRESS + "'",
					"unix_socket_directories = '" + this.socketDirectory + "'", "ssl = on",
					"ssl_cert_file = '" + this.certificate.certificateFile() + "'",
					"ssl_key_file = '" + this.certificate.privateKeyFile() + "'",
					"password_encryption = 'scram-sha-256'", "max_connections = 300", "fsync = off",
					"synchronous_commit = off", "timezone = 'UTC'", "log_timezone = 'UTC'", "logging_collector = on",
					"log_directory = '" + logDirectory + "'", "log_filename = 'postgresql.log'", "log_rotation_age = 0",
					"log_rotation_size = 0", "log_connections = on", "log_disconnections = on", "log_statement = 'all'",
					"log_line_prefix = '" + ServerLog.linePrefix() + "'", ""), java.nio.file.StandardOpenOption.APPEND);
			Files.writeString(dataDirectory.resolve("pg_hba.conf"),
					String.join("\n",
							"# The Unix socket is for the admin connection and PgBouncer's server connections.",
							"local   all       all                    trust",
							"# zonky's readiness check connects as postgres without a password.",
							"hostssl postgres  postgres  127.0.0.1/32  trust",
							"hostssl all       all       127.0.0.0/8   scram-sha-256",
							"hostnossl all     all       0.0.0.0/0     reject", ""));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private @Nullable PgBouncer startPgBouncer() throws IOException {
		Path binary = PgBouncer.findBinary()
			.orElseThrow(() -> new IOException("PgBouncer was not found on the PATH, in /usr/sbin or in "
					+ PgBouncer.BINARY_VARIABLE + "; install it with 'apt-get install -y pgbouncer'"));
		Path pgBouncerDirectory = Files.createDirectories(this.directory.resolve("pgbouncer"));
		return PgBouncer.start(binary, pgBouncerDirectory, POOLED_ADDRESS, port(), this.socketDirectory, port(),
				this.certificate);
	}

	/**
	 * The port both endpoints listen on, each on its own loopback address.
	 * @return the port
	 */
	public int port() {
		return this.postgres.getPort();
	}

	/**
	 * Whether PgBouncer runs as the pooled endpoint.
	 * @return {@code false} for a topology started without the pooler
	 */
	public boolean hasPooler() {
		return this.pgBouncer != null;
	}

	/**
	 * Creates a fresh database owned by {@link #OWNER}.
	 * @return the database and its URLs
	 */
	public NeonDatabase createDatabase() {
		return createDatabase("neondb_" + databaseCounter.incrementAndGet() + "_" + ProcessHandle.current().pid());
	}

	/**
	 * Creates a database with the given name, owned by {@link #OWNER}.
	 * @param name the database name (a plain identifier)
	 * @return the database and its URLs
	 */
	public NeonDatabase createDatabase(String name) {
		this.admin.execute("CREATE DATABASE " + name + " OWNER " + OWNER);
		return new NeonDatabase(this, name, OWNER, OWNER_PASSWORD);
	}

	/**
	 * Superuser access to PostgreSQL, for setting up and looking at the database.
	 * @return the admin access
	 */
	public Admin admin() {
		return this.admin;
	}

	/**
	 * The server log of PostgreSQL, with every connection and statement and its client
	 * host.
	 * @return the server log
	 */
	public ServerLog serverLog() {
		return this.serverLog;
	}

	/**
	 * PgBouncer's admin console and log.
	 * @return the console
	 * @throws IllegalStateException when this topology runs without PgBouncer
	 */
	public PgBouncerConsole pgBouncer() {
		if (this.pgBouncer == null) {
			throw new IllegalStateException("This topology runs without PgBouncer");
		}
		return this.pgBouncer.console();
	}

	/**
	 * Stops PostgreSQL (fast shutdown) so that tests can start it again later, as a Neon
	 * compute is suspended and woken. PgBouncer keeps listening.
	 */
	public void stopPostgres() {
		pgCtl(List.of("-w", "stop", "-m", "fast"));
	}

	/**
	 * Starts a smart shutdown and returns at once: PostgreSQL waits for open sessions to
	 * end and meanwhile refuses new ones with
	 * {@code 57P03 the database system is shutting down}. Call {@link #startPostgres()}
	 * once the sessions are closed.
	 */
	public void beginSmartShutdown() {
		pgCtl(List.of("-W", "stop", "-m", "smart"));
	}

	/**
	 * Starts PostgreSQL again after {@link #stopPostgres()} and waits until it accepts
	 * connections.
	 */
	public void startPostgres() {
		pgCtl(List.of("-w", "start", "-o", "-p " + port()));
	}

	private void pgCtl(List<String> arguments) {
		List<String> command = new ArrayList<>(Processes.unprivileged());
		command.add(Path.of(this.binDirectory, "pg_ctl").toString());
		command.add("-D");
		command.add(this.dataDirectory);
		command.addAll(arguments);
		try {
			Processes.run(command, this.directory.resolve("pg_ctl.out"), COMMAND_TIMEOUT);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The certificate both endpoints present, for {@code sslrootcert} with
	 * {@code sslmode=verify-full}.
	 * @return the PEM file
	 */
	public Path certificateFile() {
		return this.certificate.certificateFile();
	}

	@Override
	public void close() {
		if (this.pgBouncer != null) {
			this.pgBouncer.close();
		}
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
