package io.github.neonmigrations.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import io.github.neonmigrations.connection.ConnectionString;
import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * Hands the application's HikariCP pool the pooled endpoint's secret parameters, such as
 * {@code sslpassword}: Spring Boot's connection details carry only a URL and the
 * credentials, a secret inside the URL would be logged wherever the URL is, and HikariCP
 * logs its data source properties with only {@code password} masked. So the pool gets a
 * DataSource that adds them to each connection, and that shows them masked.
 */
final class PooledEndpointSecretsPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<Participation> participation;

	private final ObjectProvider<ResolvedEndpoints> endpoints;

	PooledEndpointSecretsPostProcessor(ObjectProvider<Participation> participation,
			ObjectProvider<ResolvedEndpoints> endpoints) {
		this.participation = participation;
		this.endpoints = endpoints;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource pool) {
			Participation participation = this.participation.getIfAvailable();
			if (participation != null && participation.active()) {
				ConnectionString pooled = this.endpoints.getObject().pooled().connection();
				if (!pooled.secretParameters().isEmpty() && pooled.toJdbcUrl().equals(pool.getJdbcUrl())) {
					pool.setDataSource(new SecretParametersDataSource(pooled));
				}
			}
		}
		return bean;
	}

	/**
	 * Connects to the pooled endpoint with its secret parameters as driver properties.
	 */
	static final class SecretParametersDataSource extends AbstractDataSource {

		private final ConnectionString endpoint;

		private final Driver driver = new Driver();

		SecretParametersDataSource(ConnectionString endpoint) {
			this.endpoint = endpoint;
		}

		@Override
		public Connection getConnection() throws SQLException {
			return connect(this.endpoint.driverProperties());
		}

		@Override
		public Connection getConnection(@Nullable String username, @Nullable String password) throws SQLException {
			Properties properties = new Properties();
			this.endpoint.secretParameters().forEach(properties::setProperty);
			if (username != null) {
				properties.setProperty("user", username);
			}
			if (password != null) {
				properties.setProperty("password", password);
			}
			return connect(properties);
		}

		private Connection connect(Properties properties) throws SQLException {
			String url = this.endpoint.toJdbcUrl();
			Connection connection = this.driver.connect(url, properties);
			if (connection == null) {
				throw new SQLException("pgjdbc does not accept the URL " + url, "08001");
			}
			return connection;
		}

		Map<String, String> secretParameters() {
			return this.endpoint.secretParameters();
		}

		@Override
		public String toString() {
			return "SecretParametersDataSource " + this.endpoint;
		}

	}

}
