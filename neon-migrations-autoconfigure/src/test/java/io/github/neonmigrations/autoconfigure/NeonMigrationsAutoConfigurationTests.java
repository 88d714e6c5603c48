package io.github.neonmigrations.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and precedence of {@link NeonMigrationsAutoConfiguration}, without a database:
 * migrations are replaced by a strategy that records what Flyway was given.
 */
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
			assertThat(direct.endpoint().host()).isEqualTo(DIRECT_HOST);
			assertThat(direct.endpoint().toJdbcUrl()).doesNotContain("s3cr").contains("channelBinding=require");
			assertThat(direct.endpoint().parameters()).containsEntry("ApplicationName", "neon-migrations");
		});
	}

	@Test
	void directApplicationNameFollowsTheSpringApplicationName() {
		this.contextRunner.withPropertyValues("DATABASE_URL=" + POOLED, "spring.application.name=orders")
			.run((context) -> assertThat(direct(context).endpoint().parameters()).containsEntry("ApplicationName",
					"orders-migrations"));
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
		this.contextRunner.withPropertyValues("DATABASE_URL=" + POOLED, "spring.flyway.postgresql.transactional-lock=true")
			.run((context) -> assertThat(postgresqlExtension(context).isTransactionalLock()).isTrue());
	}

	@Test
	void lockRetryCountIsRaisedUnlessSet() {
		this.contextRunner.withPropertyValues("DATABASE_URL=" + POOLED)
			.run((context) -> assertThat(context.getBean(Flyway.class).getConfiguration().getLockRetryCount())
				.isEqualTo(FlywayPropertiesDefaults.LOCK_RETRY_COUNT));
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
				assertThat(context.getBean(Flyway.class).getConfiguration().getLocations())
					.extracting(Object::toString)
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
	void userFlywayDataSourceWins() {
		this.contextRunner.withPropertyValues("DATABASE_URL=" + POOLED)
			.withUserConfiguration(UserFlywayDataSource.class)
			.run((context) -> assertThat(context.getBean(Flyway.class).getConfiguration().getDataSource())
				.isSameAs(context.getBean("userFlywayDataSource")));
	}

	@Test
	void userConnectionDetailsBeansWinOverProperties() {
		this.contextRunner
			.withPropertyValues("DATABASE_URL=" + POOLED, "neon.migrations.url=postgresql://x:y@other.example.com/db")
			.withUserConfiguration(UserConnectionDetailsBeans.class)
			.run((context) -> {
				assertThat(context.getBean(HikariDataSource.class).getJdbcUrl())
					.isEqualTo("jdbc:postgresql://localhost:6432/test");
				assertThat(context).doesNotHaveBean(NeonJdbcConnectionDetails.class)
					.doesNotHaveBean(NeonFlywayConnectionDetails.class);
				DirectMigrationDataSource direct = direct(context);
				assertThat(direct.endpoint().host()).isEqualTo("localhost");
				assertThat(direct.endpoint().port()).isEqualTo(5432);
				assertThat(direct.endpoint().username()).isEqualTo("owner");
			});
	}

	@Test
	void poolerAsMigrationEndpointFailsStartup() {
		this.contextRunner
			.withPropertyValues("DATABASE_URL=" + POOLED,
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
			.run((context) -> assertThat(direct(context).endpoint().isPooler()).isTrue());
	}

	@Test
	void disabledLibraryLeavesSpringBootAlone() {
		this.contextRunner
			.withPropertyValues("neon.migrations.enabled=false", "DATABASE_URL=" + POOLED,
					"spring.datasource.url=jdbc:postgresql://localhost/app")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ResolvedEndpoints.class)
					.doesNotHaveBean(NeonJdbcConnectionDetails.class);
				assertThat(context.getBean(HikariDataSource.class).getJdbcUrl()).isEqualTo("jdbc:postgresql://localhost/app");
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
	void missingUrlFailsWithTheSourcesToSet() {
		this.contextRunner.run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.isInstanceOf(EndpointException.class)
			.hasMessageContaining("DATABASE_URL")
			.hasMessageContaining("neon.migrations.enabled=false"));
	}

	@Test
	void malformedUrlNamesItsSourceAndMasksThePassword() {
		this.contextRunner.withPropertyValues("DATABASE_URL=postgresql://alice:hunter2@host:99999/db")
			.run((context) -> {
				assertThat(context).hasFailed();
				EndpointException failure = cause(context.getStartupFailure(), EndpointException.class);
				assertThat(failure).hasMessageContaining("DATABASE_URL")
					.hasMessageContaining("port")
					.hasMessageNotContaining("hunter2");
				assertThat(failure.getCause()).hasMessageNotContaining("hunter2");
			});
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
	static class UserFlywayDataSource {

		@Bean
		@FlywayDataSource
		SimpleDriverDataSource userFlywayDataSource() {
			return DataSourceBuilder.create()
				.type(SimpleDriverDataSource.class)
				.url("jdbc:postgresql://localhost/flyway")
				.build();
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
