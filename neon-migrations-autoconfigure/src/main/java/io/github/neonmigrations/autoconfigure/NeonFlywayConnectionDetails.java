package io.github.neonmigrations.autoconfigure;

import io.github.neonmigrations.connection.ConnectionString;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;

/**
 * The direct endpoint as Spring Boot's Flyway auto-configuration sees it. It replaces Boot's
 * adapter of {@code spring.flyway.url}, which the library reads itself, and keeps Boot from
 * falling back to the application's pool.
 */
final class NeonFlywayConnectionDetails implements FlywayConnectionDetails {

	private final ConnectionString direct;

	NeonFlywayConnectionDetails(ConnectionString direct) {
		this.direct = direct;
	}

	@Override
	public @Nullable String getUsername() {
		return this.direct.username();
	}

	@Override
	public @Nullable String getPassword() {
		return this.direct.password();
	}

	@Override
	public String getJdbcUrl() {
		return this.direct.toJdbcUrl();
	}

	@Override
	public String toString() {
		return "NeonFlywayConnectionDetails " + this.direct;
	}

}
