package io.github.neonmigrations.autoconfigure;

import java.util.Objects;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.github.neonmigrations.connection.DriverVersion;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

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
import org.springframework.util.StringUtils;

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
	ResolvedEndpoints neonEndpoints(Environment environment, ListableBeanFactory beanFactory) {
		Endpoint pooledDetails = UserConnectionDetails.jdbc(beanFactory, JDBC_CONNECTION_DETAILS_BEAN);
		Endpoint directDetails = UserConnectionDetails.flyway(beanFactory, FLYWAY_CONNECTION_DETAILS_BEAN);
		ResolvedEndpoints endpoints = new EndpointResolver(environment).resolve(pooledDetails, directDetails);
		logger.info("Application pool: " + endpoints.pooled());
		logger.info("Migrations: " + endpoints.describeDirect());
		Stream.of(endpoints.pooled(), endpoints.direct())
			.map((endpoint) -> DriverVersion.channelBindingWarning(endpoint.connection(), DriverVersion.current()))
			.filter(Objects::nonNull)
			.distinct()
			.forEach(logger::warn);
		return endpoints;
	}

	@Bean(JDBC_CONNECTION_DETAILS_BEAN)
	@ConditionalOnMissingBean(JdbcConnectionDetails.class)
	NeonJdbcConnectionDetails neonJdbcConnectionDetails(ResolvedEndpoints endpoints) {
		return new NeonJdbcConnectionDetails(endpoints.pooled().connection());
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
		NeonFlywayConnectionDetails neonFlywayConnectionDetails(ResolvedEndpoints endpoints) {
			return new NeonFlywayConnectionDetails(endpoints.direct().connection());
		}

		@Bean
		MigrationOutcome neonMigrationOutcome() {
			return new MigrationOutcome();
		}

		@Bean
		DirectMigrationFlywayCustomizer neonDirectMigrationFlywayCustomizer(ResolvedEndpoints endpoints,
				NeonMigrationsProperties properties, MigrationOutcome outcome,
				@FlywayDataSource ObjectProvider<DataSource> userFlywayDataSource) {
			NeonMigrationsProperties.ConnectRetry retry = properties.getConnectRetry();
			ConnectRetry.Settings settings = new ConnectRetry.Settings(retry.isEnabled(), retry.getInitialInterval(),
					retry.getMaxInterval(), retry.getBudget());
			DirectMigrationDataSource dataSource = new DirectMigrationDataSource(endpoints.direct(),
					new ConnectRetry(settings, outcome));
			return new DirectMigrationFlywayCustomizer(dataSource, userFlywayDataSource.getIfAvailable() != null,
					outcome);
		}

		@Bean
		@ConditionalOnMissingBean
		FlywayMigrationInitializer flywayInitializer(Flyway flyway,
				ObjectProvider<FlywayMigrationStrategy> migrationStrategy, ResolvedEndpoints endpoints,
				DirectMigrationFlywayCustomizer customizer, Environment environment) {
			if (StringUtils.hasText(environment.getProperty("neon.migrations.command"))) {
				// The migration command migrates itself, or not at all, once the context is refreshed.
				return new FlywayMigrationInitializer(flyway, (commandRunsInstead) -> {
				});
			}
			@Nullable FlywayMigrationStrategy userStrategy = migrationStrategy.getIfAvailable();
			return new FlywayMigrationInitializer(flyway,
					new ReportingMigrationStrategy(userStrategy, endpoints, customizer));
		}

	}

}
