package io.github.neonmigrations.autoconfigure;

import io.github.neonmigrations.connection.ConnectionString;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * A resolved endpoint as Spring Boot's connection details: a JDBC URL without
 * credentials, and the credentials beside it. The pooled one reaches Spring Boot's pool
 * before {@code DataSourceAutoConfiguration} decides, so that a libpq
 * {@code DATABASE_URL} works; the direct one replaces Boot's adapter of
 * {@code spring.flyway.url}, which the library reads itself, and keeps Boot from falling
 * back to the application's pool.
 */
abstract sealed class EndpointConnectionDetails {

	private final ConnectionString connection;

	private EndpointConnectionDetails(ConnectionString connection) {
		this.connection = connection;
	}

	public @Nullable String getUsername() {
		return this.connection.username();
	}

	public @Nullable String getPassword() {
		return this.connection.password();
	}

	public String getJdbcUrl() {
		return this.connection.toJdbcUrl();
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + " " + this.connection;
	}

	/**
	 * The pooled endpoint, for the application's pool.
	 */
	static final class Pooled extends EndpointConnectionDetails implements JdbcConnectionDetails {

		Pooled(ConnectionString pooled) {
			super(pooled);
		}

	}

	/**
	 * The direct endpoint, for Flyway.
	 */
	static final class Direct extends EndpointConnectionDetails implements FlywayConnectionDetails {

		Direct(ConnectionString direct) {
			super(direct);
		}

	}

}
