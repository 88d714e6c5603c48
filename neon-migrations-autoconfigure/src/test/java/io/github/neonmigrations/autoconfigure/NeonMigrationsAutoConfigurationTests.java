package io.github.neonmigrations.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and precedence of {@link NeonMigrationsAutoConfiguration}, without a
 * database: a {@link FlywayMigrationStrategy} that does nothing stands in for migrating,
 * so the tests look at how Flyway and the pool are configured.
 */
@ExtendWith(OutputCaptureExtension.class)
class NeonMigrationsAutoConfigurationTests {

	private static final String POOLED = "postgresql://alice:s3cr%40t@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require&channel_binding=require";

	private static final String DIRECT_HOST = "ep-cool-darkness-123456.us-east-2.aws.neon.tech";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NeonMigrationsAutoConfiguration.class,
				DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class))
		.withUserConfiguration(NoMigration.class);

	@Test
	void libpqDatabaseUrlBecomesTheApplicationPoolWithoutCredentialsInTheUrl() {
		this.contextRunner.withPropertyValues("DATABASE_URL=" + POOLED).run((context) -> {
			HikariDataSource pool = context.getBean(HikariDataSource.class);
			assertThat(pool.getJdbcUrl()).isEqualTo(
					"jdbc:postgresql://ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require&channelBinding=require");
			assertThat(pool.getUsername()).isEqualTo("alice");
			assertThat(pool.getPassword()).isEqualTo("s3cr@t");
		});
	}

	@Test
	void flywayGetsAnUnpooledDirectDataSourceThatIsNotABean() {
		this.contextRunner.withPropertyValues("DATABASE_URL=" + POOLED).run((context) -> {
			assertThat(context).hasSingleBean(DataSource.class);
			DataSource flywayDataSource = context.getBean(Flyway.class).getConfiguration().getDataSource();
			assertThat(flywayDataSource).isInstanceOf(DirectMigrationDataSource.class);
			DirectMigrationDataSource direct = (DirectMigrationDataSource) flywayDataSource;
			assertThat(direct.endpoint().connection().host()).isEqualTo(DIRECT_HOST);
			assertThat(direct.endpoint().connection().toJdbcUrl()).doesNotContain("s3cr")
				.contains("channelBinding=require");
			assertThat(direct.endpoint().connection().parameters()).containsEntry("ApplicationName", "neon-migrations");
		});
	}

	@Test
	void directApplicationNameFollowsTheSpringApplicationName() {
		this.contextRunner.withPropertyValues("DATABASE_URL=" + POOLED, "spring.application.name=orders")
			.run((context) -> assertThat(direct(context).endpoint().connection().parameters())
				.containsEntry("ApplicationName", "orders-migrations"));
	}

	@Test
	void hikariPropertiesStillApplyToTheApplicationPool() {
		this.contextRunner
			.withPropertyValues("DATABASE_URL=" + POOLED, "spring.datasource.hikari.maximum-pool-size=7",
					"spring.datasource.hikari.pool-name=notes-pool")
			.run((context) -> {
				HikariDataSource pool = context.getBean(HikariDataSource.class);
				assertThat(pool.getMaximumPoolSize()).isEqualTo(7);
				assertThat(pool.getPoolName()).isEqualTo("notes-pool");
			});
	}

	@Test
	void transactionalLockDefaultsToFalseSoFlywayUsesOneConnection() {
		this.contextRunner.withPropertyValues("DATABASE_URL=" + POOLED)
			.run((context) -> assertThat(postgresqlExtension(context).isTransactionalLock()).isFalse());
	}

	@Test
	void transactionalLockSetByTheUserIsObeyed() {
		this.contextRunner
			.withPropertyValues("DATABASE_URL=" + POOLED, "spring.flyway.postgresql.transactional-lock=true")
			.run((context) -> assertThat(postgresqlExtension(context).isTransactionalLock()).isTrue());
	}

	@Test
	void lockRetryCountIsRaisedUnlessSet() {
		this.contextRunner.withPropertyValues("DATABASE_URL=" + POOLED)
			.run((context) -> assertThat(context.getBean(Flyway.class).getConfiguration().getLockRetryCount())
				.isEqualTo(600));
		this.contextRunner.withPropertyValues("DATABASE_URL=" + POOLED, "spring.flyway.lock-retry-count=5")
			.run((context) -> assertThat(context.getBean(Flyway.class).getConfiguration().getLockRetryCount())
				.isEqualTo(5));
	}

	@Test
	void vendorPlaceholderIsResolvedWithoutAConnection() {
		this.contextRunner
			.withPropertyValues("DATABASE_URL=" + POOLED, "spring.flyway.locations=classpath:db/{vendor}/migration")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(Flyway.class).getConfiguration().getLocations()).extracting(Object::toString)
					.containsExactly("classpath:db/postgresql/migration");
				assertThat(direct(context).openedConnections()).isZero();
			});
	}

	@Test
	void otherFlywayPropertiesStillApply() {
		this.contextRunner
			.withPropertyValues("DATABASE_URL=" + POOLED, "spring.flyway.baseline-on-migrate=true",
					"spring.flyway.schemas=app", "spring.flyway.placeholders.owner=alice", "spring.flyway.target=3")
			.run((context) -> {
				var configuration = context.getBean(Flyway.class).getConfiguration();
				assertThat(configuration.isBaselineOnMigrate()).isTrue();
				assertThat(configuration.getSchemas()).containsExactly("app");
				assertThat(configuration.getPlaceholders()).containsEntry("owner", "alice");
				assertThat(configuration.getTarget().getVersion()).isEqualTo("3");
			});
	}

	@Test
	void userConnectionDetailsBeansWinOverProperties() {
		this.contextRunner
			.withPropertyValues("DATABASE_URL=" + POOLED, "neon.migrations.url=postgresql://x:y@other.example.com/db")
			.withUserConfiguration(UserConnectionDetailsBeans.class)
			.run((context) -> {
				assertThat(context.getBean(HikariDataSource.class).getJdbcUrl())
					.isEqualTo("jdbc:postgresql://localhost:6432/test");
				assertThat(context).doesNotHaveBean(EndpointConnectionDetails.class);
				DirectMigrationDataSource direct = direct(context);
				assertThat(direct.endpoint().connection().host()).isEqualTo("localhost");
				assertThat(direct.endpoint().connection().port()).isEqualTo(5432);
				assertThat(direct.endpoint().connection().username()).isEqualTo("owner");
			});
	}

	@Test
	void poolerAsMigrationEndpointFailsStartup() {
		this.contextRunner.withPropertyValues("DATABASE_URL=" + POOLED,
				"neon.migrations.url=postgresql://alice:s3cr%40t@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(PoolerMigrationEndpointException.class)
				.hasMessageContaining("session advisory lock")
				.hasMessageContaining("neon.migrations.url")
				.hasMessageNotContaining("s3cr"));
	}

	@Test
	void poolerAsMigrationEndpointIsAllowedWhenAskedFor() {
		this.contextRunner
			.withPropertyValues("DATABASE_URL=" + POOLED, "neon.migrations.allow-pooler=true",
					"neon.migrations.url=" + POOLED)
			.run((context) -> assertThat(direct(context).endpoint().connection().isPooler()).isTrue());
	}

	@Test
	void disabledLibraryLeavesSpringBootAlone() {
		this.contextRunner
			.withPropertyValues("neon.migrations.enabled=false", "DATABASE_URL=" + POOLED,
					"spring.datasource.url=jdbc:postgresql://localhost/app")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ResolvedEndpoints.class)
					.doesNotHaveBean(EndpointConnectionDetails.class);
				assertThat(context.getBean(HikariDataSource.class).getJdbcUrl())
					.isEqualTo("jdbc:postgresql://localhost/app");
			});
	}

	@Test
	void disabledFlywayKeepsThePooledConnectionDetails() {
		this.contextRunner.withPropertyValues("DATABASE_URL=" + POOLED, "spring.flyway.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(Flyway.class)
					.doesNotHaveBean(DirectMigrationFlywayCustomizer.class)
					.doesNotHaveBean(FlywayMigrationInitializer.class);
				assertThat(context.getBean(HikariDataSource.class).getJdbcUrl()).contains("-pooler");
			});
	}

	@Test
	void withoutAnyUrlTheLibraryStepsAsideAndSpringBootUsesTheEmbeddedDatabase(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(HikariDataSource.class).getJdbcUrl()).startsWith("jdbc:h2:mem:");
			assertSpringBootsFlyway(context);
			assertThat(output).contains("neon-migrations steps aside, so Spring Boot configures the DataSource and "
					+ "Flyway as it does without it: no PostgreSQL URL is configured");
		});
	}

	@Test
	void anotherDatabasesUrlMakesTheLibraryStepAside(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:inventory;USER=sa;PASSWORD=h2-secret",
					"DATABASE_URL=" + POOLED)
			.run((context) -> {
				assertThat(context.getBean(HikariDataSource.class).getJdbcUrl()).startsWith("jdbc:h2:mem:inventory");
				assertSpringBootsFlyway(context);
				assertThat(output).contains("steps aside")
					.contains(
							"spring.datasource.url is not a PostgreSQL URL (jdbc:h2:mem:inventory;USER=sa;PASSWORD=****)")
					.doesNotContain("h2-secret");
			});
	}

	@Test
	void aDataSourceOfTheApplicationsOwnMakesTheLibraryStepAside(CapturedOutput output) {
		this.contextRunner.withPropertyValues("DATABASE_URL=" + POOLED)
			.withUserConfiguration(UserDataSource.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(DataSource.class);
				assertThat(context.getBean(Flyway.class).getConfiguration().getDataSource())
					.isSameAs(context.getBean("inventoryDataSource"));
				assertThat(output).contains("the application defines its own DataSource bean 'inventoryDataSource'");
			});
	}

	@Test
	void withFlywayOffAPoolerAsTheOnlyUrlIsFine() {
		String supabase = "postgresql://postgres.ref:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres";
		this.contextRunner.withPropertyValues("DATABASE_URL=" + supabase, "spring.flyway.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(Flyway.class);
				assertThat(context.getBean(HikariDataSource.class).getJdbcUrl())
					.startsWith("jdbc:postgresql://aws-0-eu-central-1.pooler.supabase.com:6543/postgres");
			});
	}

	@Test
	void supabaseSessionModeIsAValidMigrationEndpointAndTheLogSaysSo(CapturedOutput output) {
		String pooler = "postgresql://postgres.ref:pw@aws-0-eu-central-1.pooler.supabase.com";
		this.contextRunner
			.withPropertyValues("DATABASE_URL=" + pooler + ":6543/postgres?prepareThreshold=0",
					"neon.migrations.url=" + pooler + ":5432/postgres")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(Flyway.class);
				assertThat(output)
					.contains("Migrations: aws-0-eu-central-1.pooler.supabase.com is Supabase's pooler in "
							+ "session mode (port 5432), which keeps one server connection per client: a valid migration "
							+ "endpoint");
				assertThat(output).doesNotContain("Application pool: pgjdbc prepares statements");
			});
	}

	@Test
	void theDoctorWarnsAboutTheApplicationPoolAtStartup(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues(
					"DATABASE_URL=postgresql://app:pw@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb",
					"spring.datasource.hikari.schema=app", "spring.flyway.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("WARN")
					.contains("Application pool: spring.datasource.hikari.schema makes "
							+ "Hikari set the connection's schema once per connection");
			});
	}

	@Test
	void libpqVariablesAloneMakeTheLibraryTakePart() {
		this.contextRunner
			.withPropertyValues("PGHOST=ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech", "PGDATABASE=neondb",
					"PGUSER=app", "PGPASSWORD=pw", "spring.flyway.enabled=false")
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getJdbcUrl())
				.startsWith("jdbc:postgresql://ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb"));
	}

	@Test
	void credentialsOfAFlywayConnectionDetailsBeanWinOverProperties() {
		this.contextRunner
			.withPropertyValues("spring.flyway.user=production", "spring.flyway.password=production-secret",
					"neon.migrations.username=production", "neon.migrations.password=production-secret")
			.withUserConfiguration(UserConnectionDetailsBeans.class)
			.run((context) -> {
				DirectMigrationDataSource direct = direct(context);
				assertThat(direct.endpoint().connection().username()).isEqualTo("owner");
				assertThat(direct.endpoint().connection().password()).isEqualTo("owner-secret");
			});
	}

	@Test
	void credentialsOfAJdbcConnectionDetailsBeanWinForTheDirectEndpointDerivedFromIt() {
		this.contextRunner
			.withPropertyValues("spring.flyway.user=production", "spring.flyway.password=production-secret")
			.withUserConfiguration(UserJdbcConnectionDetailsOnly.class)
			.run((context) -> {
				DirectMigrationDataSource direct = direct(context);
				assertThat(direct.endpoint().connection().host()).isEqualTo(DIRECT_HOST);
				assertThat(direct.endpoint().connection().username()).isEqualTo("app");
				assertThat(direct.endpoint().connection().password()).isEqualTo("app-secret");
			});
	}

	@Test
	void secretParametersReachThePoolAsDriverPropertiesNotInTheUrl() {
		this.contextRunner.withPropertyValues("DATABASE_URL=" + POOLED + "&sslpassword=k3y-s3cret").run((context) -> {
			HikariDataSource pool = context.getBean(HikariDataSource.class);
			assertThat(pool.getJdbcUrl()).doesNotContain("k3y-s3cret").doesNotContain("sslpassword");
			// HikariCP logs its data source properties with only "password" masked.
			assertThat(pool.getDataSourceProperties()).doesNotContainKey("sslpassword");
			assertThat(pool.getDataSource())
				.isInstanceOf(PooledEndpointSecretsPostProcessor.SecretParametersDataSource.class)
				.hasToString("SecretParametersDataSource " + pool.getJdbcUrl()
						+ " (user alice, password ****, sslpassword ****)");
			assertThat(((PooledEndpointSecretsPostProcessor.SecretParametersDataSource) pool.getDataSource())
				.secretParameters()).containsEntry("sslpassword", "k3y-s3cret");
			assertThat(direct(context).endpoint().connection().toJdbcUrl()).doesNotContain("k3y-s3cret");
			assertThat(direct(context).endpoint().connection().driverProperties()).containsEntry("sslpassword",
					"k3y-s3cret");
		});
	}

	private static void assertSpringBootsFlyway(org.springframework.context.ApplicationContext context) {
		var configuration = context.getBean(Flyway.class).getConfiguration();
		assertThat(configuration.getDataSource()).isNotInstanceOf(DirectMigrationDataSource.class);
		assertThat(configuration.getLockRetryCount()).as("Spring Boot's default").isEqualTo(50);
		assertThat(configuration.getPluginRegister()
			.getExact(PostgreSQLConfigurationExtension.class)
			.isTransactionalLock()).as("Spring Boot's default").isTrue();
	}

	@Test
	void malformedUrlNamesItsSourceAndMasksThePassword() {
		this.contextRunner.withPropertyValues("DATABASE_URL=postgresql://alice:hunter2@host:99999/db")
			.run((context) -> {
				assertThat(context).hasFailed();
				NeonMigrationsException failure = cause(context.getStartupFailure(), NeonMigrationsException.class);
				assertThat(failure).hasMessageContaining("DATABASE_URL")
					.hasMessageContaining("port")
					.hasMessageNotContaining("hunter2");
				assertThat(failure.getCause()).hasMessageNotContaining("hunter2");
			});
	}

	@Test
	void disabledLibraryRegistersNothingOfItsOwn() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(allAutoConfigurations()))
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class))
			.withUserConfiguration(NoMigration.class)
			.withPropertyValues("neon.migrations.enabled=false", "neon.pool.scale-to-zero=true",
					"spring.datasource.url=jdbc:postgresql://localhost/app", "neon.migrations.command=history")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(Arrays.stream(context.getBeanDefinitionNames())
					.map((name) -> context.getBeanFactory().getType(name).getName()))
					.filteredOn((type) -> !type.contains("Tests$"))
					.noneMatch((type) -> type.startsWith("io.github.neonmigrations"));
				assertThat(context.getBean(HikariDataSource.class).getMinimumIdle()).isNotZero();
			});
	}

	@Test
	void enabledLibraryRegistersEachOfItsAutoConfigurations() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(allAutoConfigurations()))
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class))
			.withUserConfiguration(NoMigration.class)
			.withPropertyValues("DATABASE_URL=" + POOLED)
			.run((context) -> assertThat(context.getBeansOfType(Object.class).values())
				.extracting((bean) -> bean.getClass().getPackageName())
				.contains("io.github.neonmigrations.autoconfigure", "io.github.neonmigrations.autoconfigure.pool",
						"io.github.neonmigrations.autoconfigure.command",
						"io.github.neonmigrations.autoconfigure.actuate",
						"io.github.neonmigrations.autoconfigure.health",
						"io.github.neonmigrations.autoconfigure.metrics"));
	}

	@Test
	void userMigrationStrategyIsCalledAtStartupWithTheDirectEndpoint() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(NeonMigrationsAutoConfiguration.class,
					DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class))
			.withPropertyValues("DATABASE_URL=" + POOLED)
			.withUserConfiguration(RecordingStrategy.class)
			.run((context) -> {
				List<Flyway> calls = context.getBean(RecordingStrategy.class).calls;
				assertThat(calls).containsExactly(context.getBean(Flyway.class));
				assertThat(calls.get(0).getConfiguration().getDataSource())
					.isInstanceOf(DirectMigrationDataSource.class);
				assertThat(context.getBean(MigrationOutcome.class).result())
					.hasValueSatisfying((result) -> assertThat(result.migrationsApplied()).isEqualTo(-1));
			});
	}

	@Test
	void userFlywayDataSourceWinsAndTheLogSaysSo(CapturedOutput output) {
		this.contextRunner.withPropertyValues("DATABASE_URL=" + POOLED)
			.withUserConfiguration(UserFlywayDataSource.class)
			.run((context) -> {
				assertThat(context.getBean(Flyway.class).getConfiguration().getDataSource())
					.isSameAs(context.getBean("userFlywayDataSource"));
				assertThat(output).contains("Migrations: Flyway migrates over the @FlywayDataSource bean, not the "
						+ "direct endpoint jdbc:postgresql://" + DIRECT_HOST);
				assertThat(context.getBean(MigrationOutcome.class).result()).isEmpty();
			});
	}

	@Test
	void dataSourceSetByAUserCustomizerIsReportedAsSuch(CapturedOutput output) {
		this.contextRunner.withPropertyValues("DATABASE_URL=" + POOLED)
			.withUserConfiguration(UserCustomizerDataSource.class)
			.run((context) -> {
				assertThat(context.getBean(Flyway.class).getConfiguration().getDataSource())
					.isInstanceOf(SimpleDriverDataSource.class);
				assertThat(output).contains("Migrations: Flyway migrates over a SimpleDriverDataSource set by a "
						+ "FlywayConfigurationCustomizer, not the direct endpoint");
				assertThat(output).doesNotContain("over the direct endpoint " + DIRECT_HOST);
				assertThat(context.getBean(MigrationOutcome.class).result()).isEmpty();
			});
	}

	@Test
	void directConnectionBoundsConnectingAndLoggingInByDefault() {
		this.contextRunner.withPropertyValues("DATABASE_URL=" + POOLED)
			.run((context) -> assertThat(direct(context).endpoint().connection().parameters())
				.containsEntry("connectTimeout", "10")
				.containsEntry("loginTimeout", "20")
				.doesNotContainKey("socketTimeout"));
	}

	@Test
	void timeoutsOfTheDirectUrlWinOverTheDefaults() {
		this.contextRunner
			.withPropertyValues("DATABASE_URL=" + POOLED,
					"neon.migrations.url=postgresql://alice@" + DIRECT_HOST
							+ "/neondb?connect_timeout=3&loginTimeout=7")
			.run((context) -> assertThat(direct(context).endpoint().connection().parameters())
				.containsEntry("connectTimeout", "3")
				.containsEntry("loginTimeout", "7"));
	}

	@Test
	void oldDriverWithChannelBindingIsWarnedAboutOncePerEndpoint() {
		ResolvedEndpoints endpoints = new ResolvedEndpoints(
				Endpoint.configured(io.github.neonmigrations.connection.ConnectionString.parse(POOLED), "DATABASE_URL"),
				Endpoint.configured(
						io.github.neonmigrations.connection.ConnectionString
							.parse("postgresql://alice@" + DIRECT_HOST + "/neondb?channel_binding=require"),
						"DATABASE_URL"));
		assertThat(NeonMigrationsAutoConfiguration.driverWarnings(endpoints, "42.7.11")).hasSize(2)
			.allSatisfy((warning) -> assertThat(warning).contains("CVE-2026-54291").contains("42.7.11"));
		assertThat(NeonMigrationsAutoConfiguration.driverWarnings(endpoints, "42.7.12")).isEmpty();
	}

	@Test
	void retrySettingsThatWouldHammerTheEndpointFailStartup() {
		this.contextRunner
			.withPropertyValues("DATABASE_URL=" + POOLED, "neon.migrations.connect-retry.initial-interval=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("neon.migrations.connect-retry.initial-interval must be at least 10ms"));
		this.contextRunner
			.withPropertyValues("DATABASE_URL=" + POOLED, "neon.migrations.connect-retry.max-interval=-1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("max-interval must be at least 10ms"));
	}

	static Class<?>[] allAutoConfigurations() {
		return ImportCandidates
			.load(AutoConfiguration.class, NeonMigrationsAutoConfigurationTests.class.getClassLoader())
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("io.github.neonmigrations."))
			.map((name) -> ClassUtils.resolveClassName(name, null))
			.toArray(Class<?>[]::new);
	}

	static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
		}
		throw new AssertionError("No " + type.getSimpleName() + " in the causes of " + failure);
	}

	private static DirectMigrationDataSource direct(org.springframework.context.ApplicationContext context) {
		return (DirectMigrationDataSource) context.getBean(Flyway.class).getConfiguration().getDataSource();
	}

	private static PostgreSQLConfigurationExtension postgresqlExtension(
			org.springframework.context.ApplicationContext context) {
		return context.getBean(Flyway.class)
			.getConfiguration()
			.getPluginRegister()
			.getExact(PostgreSQLConfigurationExtension.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class NoMigration {

		@Bean
		FlywayMigrationStrategy noMigration() {
			return (flyway) -> {
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingStrategy {

		final List<Flyway> calls = new ArrayList<>();

		@Bean
		FlywayMigrationStrategy recordingStrategy() {
			return this.calls::add;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserCustomizerDataSource {

		@Bean
		FlywayConfigurationCustomizer userDataSourceCustomizer() {
			return (configuration) -> configuration.dataSource(DataSourceBuilder.create()
				.type(SimpleDriverDataSource.class)
				.url("jdbc:postgresql://localhost/flyway")
				.build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserFlywayDataSource {

		@Bean(defaultCandidate = false)
		@FlywayDataSource
		SimpleDriverDataSource userFlywayDataSource() {
			return DataSourceBuilder.create()
				.type(SimpleDriverDataSource.class)
				.url("jdbc:postgresql://localhost/flyway")
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserDataSource {

		@Bean
		SimpleDriverDataSource inventoryDataSource() {
			return DataSourceBuilder.create()
				.type(SimpleDriverDataSource.class)
				.url("jdbc:h2:mem:inventory-own")
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserJdbcConnectionDetailsOnly {

		@Bean
		JdbcConnectionDetails containerJdbcConnectionDetails() {
			return new JdbcConnectionDetails() {

				@Override
				public String getUsername() {
					return "app";
				}

				@Override
				public String getPassword() {
					return "app-secret";
				}

				@Override
				public String getJdbcUrl() {
					return "jdbc:postgresql://ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb";
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserConnectionDetailsBeans {

		@Bean
		JdbcConnectionDetails containerJdbcConnectionDetails() {
			return new JdbcConnectionDetails() {

				@Override
				public String getUsername() {
					return "app";
				}

				@Override
				public String getPassword() {
					return "app-secret";
				}

				@Override
				public String getJdbcUrl() {
					return "jdbc:postgresql://localhost:6432/test";
				}

			};
		}

		@Bean
		FlywayConnectionDetails containerFlywayConnectionDetails() {
			return new FlywayConnectionDetails() {

				@Override
				public String getUsername() {
					return "owner";
				}

				@Override
				public String getPassword() {
					return "owner-secret";
				}

				@Override
				public String getJdbcUrl() {
					return "jdbc:postgresql://localhost:5432/test";
				}

			};
		}

	}

}
