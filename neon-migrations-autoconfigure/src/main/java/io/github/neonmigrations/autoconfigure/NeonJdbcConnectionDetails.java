package io.github.neonmigrations.autoconfigure;

import io.github.neonmigrations.connection.ConnectionString;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * The pooled endpoint, handed to Spring Boot's pool before {@code DataSourceAutoConfiguration}
 * decides, so that a libpq {@code DATABASE_URL} reaches HikariCP as a JDBC URL without
 * credentials.
 */
final class NeonJdbcConnectionDetails implements JdbcConnectionDetails {

	private final ConnectionString pooled;

	NeonJdbcConnectionDetails(ConnectionString pooled) {
		this.pooled = pooled;
	}

	@Override
	public @Nullable String getUsername() {
		return this.pooled.username();
	}

	@Override
	public @Nullable String getPassword() {
		return this.pooled.password();
	}

	@Override
	public String getJdbcUrl() {
		return this.pooled.toJdbcUrl();
	}

	@Override
	public String toString() {
		return "NeonJdbcConnectionDetails " + this.pooled;
	}

}
