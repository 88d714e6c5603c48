package io.github.neonmigrations.autoconfigure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.neonmigrations.connection.ConnectionString;
import org.postgresql.Driver;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * The unpooled DataSource of the direct endpoint, handed to Flyway alone. It is not a
 * bean, so health checks, pool metrics and {@code JdbcTemplate} never see it, and it
 * holds no connection between uses.
 *
 * <p>
 * The password and the other secrets travel as driver properties, never inside the URL.
 */
final class DirectMigrationDataSource extends AbstractDataSource {

	private final Endpoint endpoint;

	private final RetryingConnector connector;

	private final Driver driver = new Driver();

	private final AtomicInteger opened = new AtomicInteger();

	private final AtomicInteger open = new AtomicInteger();

	private volatile boolean checkWritable;

	DirectMigrationDataSource(Endpoint endpoint, RetryingConnector connector) {
		this.endpoint = endpoint;
		this.connector = connector;
	}

	Endpoint endpoint() {
		return this.endpoint;
	}

	/**
	 * Makes the next connection check that the endpoint accepts writes before it is
	 * handed out, so that a read replica is reported before Flyway starts instead of
	 * failing with SQLSTATE 25006 in the middle of its work.
	 */
	void checkWritableOnNextConnection() {
		this.checkWritable = true;
	}

	/**
	 * How many connections this DataSource has opened.
	 * @return the count since it was created
	 */
	int openedConnections() {
		return this.opened.get();
	}

	/**
	 * How many of its connections are open now.
	 * @return the count of connections not yet closed
	 */
	int openConnections() {
		return this.open.get();
	}

	@Override
	public Connection getConnection() throws SQLException {
		ConnectionString direct = this.endpoint.connection();
		Properties properties = direct.driverProperties();
		String url = direct.toJdbcUrl();
		Connection connection = this.connector.open(this.endpoint, () -> {
			Connection attempt = this.driver.connect(url, properties);
			if (attempt == null) {
				throw new SQLException("pgjdbc does not accept the URL " + url, "08001");
			}
			return attempt;
		});
		if (this.checkWritable) {
			this.checkWritable = false;
			checkWritable(connection);
		}
		this.opened.incrementAndGet();
		this.open.incrementAndGet();
		return tracked(connection);
	}

	private void checkWritable(Connection connection) throws SQLException {
		boolean inRecovery;
		boolean readOnly;
		try (Statement statement = connection.createStatement();
				ResultSet result = statement
					.executeQuery("SELECT pg_is_in_recovery(), current_setting('transaction_read_only') = 'on'")) {
			result.next();
			inRecovery = result.getBoolean(1);
			readOnly = result.getBoolean(2);
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
		if (inRecovery || readOnly) {
			connection.close();
			throw new NeonMigrationsException(
					"The migration endpoint " + this.endpoint + " is read-only: "
							+ (inRecovery ? "it is a read replica (pg_is_in_recovery() is true)"
									: "its transactions are read-only (default_transaction_read_only is on for this "
											+ "database or role)")
							+ ". Nothing was migrated.",
					"This endpoint is read-only: use the primary's direct connection string (in the Neon console, "
							+ "the read-write compute of the branch, without '-pooler') in DATABASE_URL_MIGRATIONS "
							+ "or neon.migrations.url" + (inRecovery ? "."
									: ", or turn default_transaction_read_only off for the migration role."));
		}
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new UnsupportedOperationException("The direct endpoint's credentials are configured, not passed");
	}

	private Connection tracked(Connection connection) {
		AtomicInteger open = this.open;
		return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
				new java.lang.reflect.InvocationHandler() {

					private boolean closed;

					@Override
					public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
						if ("close".equals(method.getName()) && !this.closed) {
							this.closed = true;
							open.decrementAndGet();
						}
						if ("unwrap".equals(method.getName()) && ((Class<?>) args[0]).isInstance(proxy)) {
							return proxy;
						}
						try {
							return method.invoke(connection, args);
						}
						catch (InvocationTargetException ex) {
							throw ex.getCause();
						}
					}

				});
	}

	@Override
	public String toString() {
		return "DirectMigrationDataSource " + this.endpoint;
	}

}
