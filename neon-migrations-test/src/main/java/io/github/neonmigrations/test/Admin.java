package io.github.neonmigrations.test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Superuser access to the topology's PostgreSQL over its Unix socket, named
 * {@code neon-topology-admin} in {@code pg_stat_activity}: what tests use to set up and
 * to look at the database without opening a connection they count.
 *
 * @since 0.1.0
 */
public final class Admin {

	static final String APPLICATION_NAME = "neon-topology-admin";

	private final Path socketFile;

	Admin(Path socketFile) {
		this.socketFile = socketFile;
	}

	/**
	 * Opens a superuser connection to the {@code postgres} database.
	 * @return a new connection; close it
	 */
	public Connection connection() {
		return connection("postgres");
	}

	/**
	 * Opens a superuser connection to the given database.
	 * @param database the database
	 * @return a new connection; close it
	 */
	public Connection connection(String database) {
		Properties properties = new Properties();
		properties.setProperty("user", "postgres");
		properties.setProperty("ApplicationName", APPLICATION_NAME);
		properties.setProperty("sslmode", "disable");
		properties.setProperty("socketFactory", "org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg");
		properties.setProperty("socketFactoryArg", this.socketFile.toString());
		try {
			return DriverManager.getConnection("jdbc:postgresql://localhost/" + database, properties);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not open the admin connection", ex);
		}
	}

	/**
	 * Runs a statement.
	 * @param sql the statement
	 */
	public void execute(String sql) {
		try (Connection connection = connection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Admin statement failed: " + sql, ex);
		}
	}

	/**
	 * Runs a query and returns the first column of the first row.
	 * @param sql the query
	 * @param arguments its parameters
	 * @return the value, or {@code null} when there is no row
	 */
	public @Nullable String queryString(String sql, Object... arguments) {
		try (Connection connection = connection(); PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < arguments.length; i++) {
				statement.setObject(i + 1, arguments[i]);
			}
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() ? rows.getString(1) : null;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Admin query failed: " + sql, ex);
		}
	}

	/**
	 * The backends currently connected over TCP, that is to the direct endpoint.
	 * @return their process ids
	 */
	public Set<Integer> liveDirectBackends() {
		Set<Integer> pids = new HashSet<>();
		try (Connection connection = connection();
				ResultSet rows = connection.createStatement()
					.executeQuery("SELECT pid FROM pg_stat_activity WHERE client_addr IS NOT NULL")) {
			while (rows.next()) {
				pids.add(rows.getInt(1));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return pids;
	}

	/**
	 * Creates a login role with a SCRAM password, unless it exists.
	 * @param name the role name (a plain identifier)
	 * @param password the password (no single quotes)
	 */
	public void createRole(String name, String password) {
		if (queryString("SELECT 1 FROM pg_roles WHERE rolname = ?", name) == null) {
			execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
		}
	}

}
