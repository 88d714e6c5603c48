package io.github.neonmigrations.maven;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.maven.plugin.MojoFailureException;

/**
 * An embedded PostgreSQL that lives for one run of {@code neon-migrations:generate}, with
 * two empty databases: one for the existing migrations, one for the entities' schema. It
 * needs no Docker, and no network unless it runs binaries other than the ones the plugin
 * carries that are not in the local repository yet. It is tuned for speed, not
 * durability: nothing in it outlives the run.
 */
final class ShadowDatabases implements AutoCloseable {

	static final String MIGRATED = "migrated";

	static final String ENTITIES = "entities";

	private final EmbeddedPostgres postgres;

	private final String serverVersion;

	private ShadowDatabases(EmbeddedPostgres postgres, String serverVersion) {
		this.postgres = postgres;
		this.serverVersion = serverVersion;
	}

	/**
	 * Starts the server and creates the two databases.
	 * @param version the PostgreSQL to run
	 * @param binaries where binaries other than the bundled ones come from
	 * @return the running server; close it when done
	 * @throws MojoFailureException if the binaries of the version cannot be had
	 * @throws IOException if the server cannot start
	 * @throws SQLException if the databases cannot be created
	 */
	static ShadowDatabases start(ShadowPostgresVersion version, ShadowPostgresBinaries binaries)
			throws MojoFailureException, IOException, SQLException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setServerConfig("fsync", "off")
			.setServerConfig("synchronous_commit", "off")
			.setServerConfig("full_page_writes", "off")
			.setPGStartupWait(Duration.ofSeconds(30))
			// The server's own log would bury the goal's summary.
			.setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
			.setErrorRedirector(ProcessBuilder.Redirect.DISCARD);
		if (!version.bundled()) {
			builder.setPgBinaryResolver(binaries.resolve(version));
		}
		EmbeddedPostgres postgres = builder.start();
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + MIGRATED);
			statement.execute("CREATE DATABASE " + ENTITIES);
			try (ResultSet rows = statement.executeQuery("SHOW server_version")) {
				rows.next();
				return new ShadowDatabases(postgres, rows.getString(1));
			}
		}
		catch (SQLException ex) {
			stop(postgres);
			throw ex;
		}
	}

	/**
	 * The version of the running server, as it reports it.
	 * @return such as {@code 17.11}
	 */
	String serverVersion() {
		return this.serverVersion;
	}

	/**
	 * One of the databases.
	 * @param name {@link #MIGRATED} or {@link #ENTITIES}
	 * @return its data source, which opens a new connection each time
	 */
	DataSource dataSource(String name) {
		return this.postgres.getDatabase("postgres", name);
	}

	@Override
	public void close() {
		stop(this.postgres);
	}

	private static void stop(EmbeddedPostgres postgres) {
		try {
			postgres.close();
		}
		catch (IOException ex) {
			// The schema is read and the files written: a failed stop does not change the
			// result.
		}
	}

}
