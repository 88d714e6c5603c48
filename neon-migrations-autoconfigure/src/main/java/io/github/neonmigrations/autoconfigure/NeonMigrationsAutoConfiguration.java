package io.github.neonmigrations.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.github.neonmigrations.connection.DriverVersion;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
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
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

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
	Participation neonParticipation(NeonMigrationsProperties properties, Environment environment,
			ConfigurableListableBeanFactory beanFactory) {
		Participation participation = Participation.decide(properties, environment, beanFactory,
				JDBC_CONNECTION_DETAILS_BEAN, FLYWAY_CONNECTION_DETAILS_BEAN);
		if (!participation.active()) {
			logger.info("neon-migrations steps aside, so Spring Boot configures the DataSource and Flyway as it "
					+ "does without it: " + participation.stepAsideReason());
		}
		return participation;
	}

	@Bean
	@Lazy
	ResolvedEndpoints neonEndpoints(NeonMigrationsProperties properties, Environment environment,
			ListableBeanFactory beanFactory) {
		Endpoint pooledDetails = UserConnectionDetails.jdbc(beanFactory, JDBC_CONNECTION_DETAILS_BEAN);
		Endpoint directDetails = UserConnectionDetails.flyway(beanFactory, FLYWAY_CONNECTION_DETAILS_BEAN);
		boolean migrations = ClassUtils.isPresent("org.flywaydb.core.Flyway", null)
				&& environment.getProperty("spring.flyway.enabled", Boolean.class, true);
		ResolvedEndpoints endpoints = new EndpointResolver(properties, environment).resolve(pooledDetails,
				directDetails, migrations);
		logger.info("Application pool: " + endpoints.pooled());
		Endpoint direct = endpoints.direct();
		logger.info("Migrations: " + ((direct != null) ? direct : "off (spring.flyway.enabled=false)"));
		if (direct != null && direct.connection().isSessionPooler()) {
			logger.info("Migrations: " + direct.connection().host() + " is Supabase's pooler in session mode (port "
					+ direct.connection().portOrDefault() + "), which keeps one server connection per client: "
					+ "a valid migration endpoint");
		}
		driverWarnings(endpoints, DriverVersion.current()).forEach(logger::warn);
		PooledEndpointDoctor.warnings(endpoints.pooled().connection(), environment)
			.forEach((warning) -> logger.warn("Application pool: " + warning));
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
			.filter(Objects::nonNull)
			.map((endpoint) -> DriverVersion.channelBindingWarning(endpoint.connection(), driverVersion))
			.filter(Objects::nonNull)
			.distinct()
			.toList();
	}

	@Bean(JDBC_CONNECTION_DETAILS_BEAN)
	@ConditionalOnMissingBean(JdbcConnectionDetails.class)
	JdbcConnectionDetails neonJdbcConnectionDetails(Participation participation,
			ObjectProvider<ResolvedEndpoints> endpoints, ObjectProvider<DataSourceProperties> dataSourceProperties) {
		if (!participation.active()) {
			return new SpringBootConnectionDetails.Jdbc(dataSourceProperties.getObject());
		}
		return new EndpointConnectionDetails.Pooled(endpoints.getObject().pooled().connection());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HikariDataSource.class)
	static class PooledSecrets {

		@Bean
		static PooledEndpointSecretsPostProcessor neonPooledEndpointSecretsPostProcessor(
				ObjectProvider<Participation> participation, ObjectProvider<ResolvedEndpoints> endpoints) {
			return new PooledEndpointSecretsPostProcessor(participation, endpoints);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Flyway.class)
	@ConditionalOnBooleanProperty(name = "spring.flyway.enabled", matchIfMissing = true)
	static class FlywayWiring {

		@Bean
		static FlywayPropertiesDefaults neonFlywayPropertiesDefaults(Environment environment,
				ObjectProvider<Participation> participation) {
			return new FlywayPropertiesDefaults(environment, participation);
		}

		@Bean(FLYWAY_CONNECTION_DETAILS_BEAN)
		@ConditionalOnMissingBean(FlywayConnectionDetails.class)
		FlywayConnectionDetails neonFlywayConnectionDetails(Participation participation,
				ObjectProvider<ResolvedEndpoints> endpoints, ObjectProvider<FlywayProperties> flywayProperties) {
			if (!participation.active()) {
				return new SpringBootConnectionDetails.Flyway(flywayProperties.getObject());
			}
			return new EndpointConnectionDetails.Direct(endpoints.getObject().requireDirect().connection());
		}

		@Bean
		MigrationRecorder neonMigrationOutcome() {
			return new MigrationRecorder();
		}

		@Bean
		@Lazy
		DirectMigrationSource neonDirectMigrationSource(ResolvedEndpoints endpoints,
				NeonMigrationsProperties properties, MigrationRecorder recorder) {
			return new DirectMigrationSource(new DirectMigrationDataSource(endpoints.requireDirect(),
					new RetryingConnector(properties.getConnectRetry(), recorder)));
		}

		@Bean
		DirectMigrationFlywayCustomizer neonDirectMigrationFlywayCustomizer(Participation participation,
				ObjectProvider<DirectMigrationSource> direct,
				@FlywayDataSource ObjectProvider<DataSource> flywayDataSource, NeonMigrationsProperties properties) {
			List<LibraryCallback> callbacks = new ArrayList<>();
			if (properties.getLint().isEnabled()) {
				callbacks.add(new LintCallback(properties.getLint().isFailOnFindings()));
			}
			if (!properties.getLockTimeout().isZero()) {
				callbacks.add(new LockTimeoutCallback(properties.getLockTimeout()));
			}
			return new DirectMigrationFlywayCustomizer(directDataSource(participation, direct),
					flywayDataSource.getIfAvailable() != null, callbacks);
		}

		@Bean
		MigrationRunner neonMigrationRunner(ObjectProvider<FlywayMigrationStrategy> migrationStrategy,
				Participation participation, ObjectProvider<DirectMigrationSource> direct,
				@FlywayDataSource ObjectProvider<DataSource> flywayDataSource, ObjectProvider<DataSource> dataSource,
				NeonMigrationsProperties properties, MigrationRecorder recorder) {
			// A migration command opens no pooled connection: it goes straight to Flyway.
			DataSource pooled = (properties.getCommand() == null) ? dataSource.getIfUnique() : null;
			UpToDateCheck check = (properties.getFastPath().isEnabled() && pooled != null)
					? new UpToDateCheck(pooled, LibraryCallback.class::isInstance) : null;
			return new MigrationRunner(migrationStrategy.getIfAvailable(), directDataSource(participation, direct),
					flywayDataSource.getIfAvailable(), check,
					new MigrationRunner.LockRetries(properties.getLockTimeout(), properties.getLockRetries(),
							properties.getLockRetryInterval()),
					recorder);
		}

		private static @Nullable DirectMigrationDataSource directDataSource(Participation participation,
				ObjectProvider<DirectMigrationSource> direct) {
			return participation.active() ? direct.getObject().dataSource() : null;
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
