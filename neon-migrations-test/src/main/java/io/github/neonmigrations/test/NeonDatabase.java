package io.github.neonmigrations.test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A database of the {@link NeonTopology}, with its connection strings in the two forms
 * Neon users meet: libpq URIs (as in Neon's console and {@code DATABASE_URL}) and JDBC
 * URLs.
 *
 * @since 0.1.0
 */
public final class NeonDatabase {

	private final NeonTopology topology;

	private final String name;

	private final String username;

	private final String password;

	NeonDatabase(NeonTopology topology, String name, String username, String password) {
		this.topology = topology;
		this.name = name;
		this.username = username;
		this.password = password;
	}

	/**
	 * The database name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The role that owns the database.
	 * @return the role name
	 */
	public String username() {
		return this.username;
	}

	/**
	 * The owner's password.
	 * @return the password, unencoded
	 */
	public String password() {
		return this.password;
	}

	/**
	 * The same database seen with another role's credentials.
	 * @param username the role
	 * @param password its password
	 * @return a view of this database for that role
	 */
	public NeonDatabase as(String username, String password) {
		return new NeonDatabase(this.topology, this.name, username, password);
	}

	/**
	 * The pooled endpoint as a libpq URI with credentials, as Neon's console shows it,
	 * plus the two parameters the local PgBouncer needs ({@code channel_binding=prefer},
	 * {@code prepareThreshold=0}).
	 * @return the pooled URI
	 */
	public String pooledUrl() {
		requirePooler();
		return "postgresql://" + userInfo() + "@" + NeonTopology.POOLED_HOST + ":" + this.topology.port() + "/"
				+ this.name + "?sslmode=require&channel_binding=prefer&prepareThreshold=0";
	}

	/**
	 * The direct endpoint as a libpq URI with credentials, as Neon's console shows it.
	 * @return the direct URI
	 */
	public String directUrl() {
		return "postgresql://" + userInfo() + "@" + NeonTopology.DIRECT_HOST + ":" + this.topology.port() + "/"
				+ this.name + "?sslmode=require&channel_binding=require";
	}

	/**
	 * The pooled endpoint as a JDBC URL without credentials.
	 * @return the pooled JDBC URL
	 */
	public String pooledJdbcUrl() {
		requirePooler();
		return "jdbc:postgresql://" + NeonTopology.POOLED_HOST + ":" + this.topology.port() + "/" + this.name
				+ "?sslmode=require&channelBinding=prefer&prepareThreshold=0";
	}

	/**
	 * The direct endpoint as a JDBC URL without credentials.
	 * @return the direct JDBC URL
	 */
	public String directJdbcUrl() {
		return "jdbc:postgresql://" + NeonTopology.DIRECT_HOST + ":" + this.topology.port() + "/" + this.name
				+ "?sslmode=require&channelBinding=require";
	}

	/**
	 * Opens a connection through PgBouncer.
	 * @return a new connection; close it
	 * @throws SQLException if it cannot be opened
	 */
	public Connection openPooled() throws SQLException {
		return DriverManager.getConnection(pooledJdbcUrl(), credentials());
	}

	/**
	 * Opens a connection to the direct endpoint.
	 * @return a new connection; close it
	 * @throws SQLException if it cannot be opened
	 */
	public Connection openDirect() throws SQLException {
		return DriverManager.getConnection(directJdbcUrl(), credentials());
	}

	/**
	 * Opens a superuser connection to this database over the Unix socket.
	 * @return a new connection; close it
	 */
	public Connection openAdmin() {
		return this.topology.admin().connection(this.name);
	}

	/**
	 * Reads Flyway's schema history of this database over the admin connection, so that
	 * reading it opens no connection a test counts.
	 * @return one entry per row in installed order, {@code "<version> <success>"}, e.g.
	 * {@code "2 true"}
	 * @throws SQLException if the history cannot be read
	 */
	public List<String> schemaHistory() throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection connection = openAdmin();
				ResultSet result = connection.createStatement()
					.executeQuery("SELECT version, success FROM flyway_schema_history ORDER BY installed_rank")) {
			while (result.next()) {
				rows.add(result.getString(1) + " " + result.getBoolean(2));
			}
		}
		return rows;
	}

	private Properties credentials() {
		Properties properties = new Properties();
		properties.setProperty("user", this.username);
		properties.setProperty("password", this.password);
		return properties;
	}

	private String userInfo() {
		return encode(this.username) + ":" + encode(this.password);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private void requirePooler() {
		if (!this.topology.hasPooler()) {
			throw new IllegalStateException("This topology runs without PgBouncer: use the direct URL");
		}
	}

	@Override
	public String toString() {
		return this.name + " (user " + this.username + ")";
	}

}
