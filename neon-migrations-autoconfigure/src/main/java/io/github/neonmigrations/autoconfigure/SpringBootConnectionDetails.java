package io.github.neonmigrations.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * The connection details Spring Boot builds from its own properties, for an application
 * the library steps aside from: its beans stand in for Boot's, which back off for them,
 * so they must answer as Boot's would.
 */
final class SpringBootConnectionDetails {

	private SpringBootConnectionDetails() {
	}

	/**
	 * As Spring Boot's from {@code spring.datasource.*}, an embedded database's URL
	 * included.
	 */
	static final class Jdbc implements JdbcConnectionDetails {

		private final DataSourceProperties properties;

		Jdbc(DataSourceProperties properties) {
			this.properties = properties;
		}

		@Override
		public @Nullable String getUsername() {
			return this.properties.determineUsername();
		}

		@Override
		public @Nullable String getPassword() {
			return this.properties.determinePassword();
		}

		@Override
		public String getJdbcUrl() {
			return this.properties.determineUrl();
		}

		@Override
		public String getDriverClassName() {
			return this.properties.determineDriverClassName();
		}

		@Override
		public @Nullable String getXaDataSourceClassName() {
			String configured = this.properties.getXa().getDataSourceClassName();
			return (configured != null) ? configured : JdbcConnectionDetails.super.getXaDataSourceClassName();
		}

	}

	/**
	 * As Spring Boot's from {@code spring.flyway.url}, {@code user} and {@code password}.
	 */
	static final class Flyway implements FlywayConnectionDetails {

		private final FlywayProperties properties;

		Flyway(FlywayProperties properties) {
			this.properties = properties;
		}

		@Override
		public @Nullable String getUsername() {
			return this.properties.getUser();
		}

		@Override
		public @Nullable String getPassword() {
			return this.properties.getPassword();
		}

		@Override
		public @Nullable String getJdbcUrl() {
			return this.properties.getUrl();
		}

		@Override
		public @Nullable String getDriverClassName() {
			return this.properties.getDriverClassName();
		}

	}

}
