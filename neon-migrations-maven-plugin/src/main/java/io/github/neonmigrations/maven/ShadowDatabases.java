package io.github.neonmigrations.maven;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An embedded PostgreSQL that lives for one run of {@code neon-migrations:generate}, with
 * two empty databases: one for the existing migrations, one for the entities' schema. It
 * needs no Docker and no network, and is tuned for speed, not durability: nothing in it
 * outlives the run.
 */
final class ShadowDatabases implements AutoCloseable {

	static final String MIGRATED = "migrated";

	static final String ENTITIES = "entities";

	private final EmbeddedPostgres postgres;

	private ShadowDatabases(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	/**
	 * Starts the server and creates the two databases.
	 * @return the running server; close it when done
	 * @throws IOException if the server cannot start
	 * @throws SQLException if the databases cannot be created
	 */
	static ShadowDatabases start() throws IOException, SQLException {
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setServerConfig("fsync", "off")
			.setServerConfig("synchronous_commit", "off")
			.setServerConfig("full_page_writes", "off")
			.setPGStartupWait(Duration.ofSeconds(30))
			// The server's own log would bury the goal's summary.
			.setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
			.setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
			.start();
		ShadowDatabases databases = new ShadowDatabases(postgres);
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + MIGRATED);
			statement.execute("CREATE DATABASE " + ENTITIES);
		}
		catch (SQLException ex) {
			databases.close();
			throw ex;
		}
		return databases;
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
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			// The schema is read and the files written: a failed stop does not change the
			// result.
		}
	}

}
