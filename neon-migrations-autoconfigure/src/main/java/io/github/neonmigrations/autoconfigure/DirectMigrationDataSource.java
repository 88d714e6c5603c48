package io.github.neonmigrations.autoconfigure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
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

	DirectMigrationDataSource(Endpoint endpoint, RetryingConnector connector) {
		this.endpoint = endpoint;
		this.connector = connector;
	}

	Endpoint endpoint() {
		return this.endpoint;
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
		this.opened.incrementAndGet();
		this.open.incrementAndGet();
		return tracked(connection);
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
