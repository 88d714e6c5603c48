package io.github.neonmigrations.autoconfigure;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.github.neonmigrations.connection.DriverVersion;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration that gives the application's HikariCP pool the pooled endpoint and
 * Flyway an unpooled DataSource of its own on the direct endpoint.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = { DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class })
@ConditionalOnClass({ DataSource.class, org.postgresql.Driver.class })
@ConditionalOnBooleanProperty(name = "neon.migrations.enabled", matchIfMissing = true)
@EnableConfigurationProperties(NeonMigrationsProperties.class)
public final class NeonMigrationsAutoConfiguration {

	static final String JDBC_CONNECTION_DETAILS_BEAN = "neonJdbcConnectionDetails";

	static final String FLYWAY_CONNECTION_DETAILS_BEAN = "neonFlywayConnectionDetails";

	private static final Log logger = LogFactory.getLog(NeonMigrationsAutoConfiguration.class);

	@Bean
	ResolvedEndpoints neonEndpoints(NeonMigrationsProperties properties, Environment environment,
			ListableBeanFactory beanFactory) {
		Endpoint pooledDetails = UserConnectionDetails.jdbc(beanFactory, JDBC_CONNECTION_DETAILS_BEAN);
		Endpoint directDetails = UserConnectionDetails.flyway(beanFactory, FLYWAY_CONNECTION_DETAILS_BEAN);
		ResolvedEndpoints endpoints = new EndpointResolver(properties, environment).resolve(pooledDetails,
				directDetails);
		logger.info("Application pool: " + endpoints.pooled());
		logger.info("Migrations: " + endpoints.direct());
		driverWarnings(endpoints, DriverVersion.current()).forEach(logger::warn);
		return endpoints;
	}

	/**
	 * Warnings about the driver for each endpoint that will be connected to.
	 * @param endpoints the endpoints
	 * @param driverVersion the version of the PostgreSQL JDBC driver
	 * @return one warning per endpoint that requires channel binding the driver cannot
	 * enforce
	 */
	static List<String> driverWarnings(ResolvedEndpoints endpoints, String driverVersion) {
		return Stream.of(endpoints.pooled(), endpoints.direct())
			.map((endpoint) -> DriverVersion.channelBindingWarning(endpoint.connection(), driverVersion))
			.filter(Objects::nonNull)
			.distinct()
			.toList();
	}

	@Bean(JDBC_CONNECTION_DETAILS_BEAN)
	@ConditionalOnMissingBean(JdbcConnectionDetails.class)
	EndpointConnectionDetails.Pooled neonJdbcConnectionDetails(ResolvedEndpoints endpoints) {
		return new EndpointConnectionDetails.Pooled(endpoints.pooled().connection());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Flyway.class)
	@ConditionalOnBooleanProperty(name = "spring.flyway.enabled", matchIfMissing = true)
	static class FlywayWiring {

		@Bean
		static FlywayPropertiesDefaults neonFlywayPropertiesDefaults(Environment environment) {
			return new FlywayPropertiesDefaults(environment);
		}

		@Bean(FLYWAY_CONNECTION_DETAILS_BEAN)
		@ConditionalOnMissingBean(FlywayConnectionDetails.class)
		EndpointConnectionDetails.Direct neonFlywayConnectionDetails(ResolvedEndpoints endpoints) {
			return new EndpointConnectionDetails.Direct(endpoints.direct().connection());
		}

		@Bean
		MigrationRecorder neonMigrationOutcome() {
			return new MigrationRecorder();
		}

		@Bean
		DirectMigrationSource neonDirectMigrationSource(ResolvedEndpoints endpoints,
				NeonMigrationsProperties properties, MigrationRecorder recorder) {
			return new DirectMigrationSource(new DirectMigrationDataSource(endpoints.direct(),
					new RetryingConnector(properties.getConnectRetry(), recorder)));
		}

		@Bean
		DirectMigrationFlywayCustomizer neonDirectMigrationFlywayCustomizer(DirectMigrationSource direct,
				@FlywayDataSource ObjectProvider<DataSource> flywayDataSource) {
			return new DirectMigrationFlywayCustomizer(direct.dataSource(), flywayDataSource.getIfAvailable() != null);
		}

		@Bean
		MigrationRunner neonMigrationRunner(ObjectProvider<FlywayMigrationStrategy> migrationStrategy,
				DirectMigrationSource direct, @FlywayDataSource ObjectProvider<DataSource> flywayDataSource,
				MigrationRecorder recorder) {
			return new MigrationRunner(migrationStrategy.getIfAvailable(), direct.dataSource(),
					flywayDataSource.getIfAvailable(), recorder);
		}

		@Bean
		@ConditionalOnMissingBean
		FlywayMigrationInitializer flywayInitializer(Flyway flyway, MigrationRunner runner,
				NeonMigrationsProperties properties) {
			if (properties.getCommand() != null) {
				// The migration command migrates itself, or not at all, once the context
				// is refreshed.
				return new FlywayMigrationInitializer(flyway, (commandRunsInstead) -> {
				});
			}
			return new FlywayMigrationInitializer(flyway, runner::migrate);
		}

	}

}
