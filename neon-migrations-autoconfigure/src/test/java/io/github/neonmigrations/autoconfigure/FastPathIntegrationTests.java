package io.github.neonmigrations.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.neonmigrations.flyway.FlywayInternals;
import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.NeonTopologyExtension;
import io.github.neonmigrations.test.ServerLog;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Starts of a service whose schema is up to date open no direct connection, and a fleet
 * has one migrator: proven from PostgreSQL's own log.
 */
@ExtendWith({ NeonTopologyExtension.class, OutputCaptureExtension.class })
class FastPathIntegrationTests {

	@TempDir
	Path migrations;

	private NeonTopology topology;

	private NeonDatabase database;

	@BeforeEach
	void createDatabase(NeonTopology topology) throws IOException {
		this.topology = topology;
		this.database = topology.createDatabase();
		write("V1__notes.sql", "CREATE TABLE notes (id int);");
		write("V2__labels.sql", "CREATE TABLE labels (id int);");
	}

	@Test
	void upToDateSchemaOpensNoDirectConnection(CapturedOutput output) throws Exception {
		boot().close();
		ServerLog.Mark mark = this.topology.serverLog().mark();
		try (ConfigurableApplicationContext context = boot()) {
			context.getBean(JdbcClient.class).sql("SELECT count(*) FROM notes").query(Long.class).single();
			assertThat(context.getBean(MigrationOutcome.class).result()).hasValueSatisfying((result) -> {
				assertThat(result.path()).isEqualTo(MigrationOutcome.Path.UP_TO_DATE);
				assertThat(result.schemaVersion()).isEqualTo("2");
				assertThat(result.connectionAttempts()).isZero();
			});
		}
		assertThat(this.topology.serverLog().directConnectionsSince(mark).opened()).isZero();
		assertThat(output).containsPattern(
				"Migrations: schema up to date at version 2 \\(checked over the pooled endpoint in \\d+ ms\\); no "
						+ "direct connection opened");
		List<ServerLog.Entry> statements = this.topology.serverLog()
			.since(mark)
			.stream()
			.filter((entry) -> this.database.name().equals(entry.database()) && entry.statement() != null)
			.toList();
		// PgBouncer's own statements (its auth query, the SETs of tracked startup
		// parameters)
		// are left out: the rest came from the application and the library.
		assertThat(statements).filteredOn((entry) -> !entry.isSentByPgBouncer()).allSatisfy((entry) -> {
			assertThat(entry.isLocalSocket()).isTrue();
			assertThat(entry.statement()).doesNotStartWithIgnoringCase("SET")
				.doesNotContainIgnoringCase("advisory_lock")
				.doesNotContainIgnoringCase("set_config")
				.doesNotContainIgnoringCase("CREATE TEMP");
		});
	}

	@Test
	void pendingMigrationsAreAppliedOverTheDirectEndpoint(CapturedOutput output) throws Exception {
		boot().close();
		write("V3__tags.sql", "CREATE TABLE tags (id int);");
		ServerLog.Mark mark = this.topology.serverLog().mark();
		boot().close();
		assertThat(this.topology.serverLog().directConnectionsSince(mark).opened()).isOne();
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true", "3 true");
		assertThat(output).containsPattern("Migrations: 1 pending \\(checked over the pooled endpoint in \\d+ ms\\); "
				+ "Flyway takes over on the direct endpoint");
	}

	@Test
	void switchedOffEveryStartOpensTheDirectConnection() throws Exception {
		boot().close();
		ServerLog.Mark mark = this.topology.serverLog().mark();
		boot("neon.migrations.fast-path.enabled=false").close();
		assertThat(this.topology.serverLog().directConnectionsSince(mark).opened()).isOne();
	}

	@Test
	void aMigrationStrategyOfTheApplicationIsAlwaysCalledOverTheDirectEndpoint() throws Exception {
		boot().close();
		ServerLog.Mark mark = this.topology.serverLog().mark();
		try (ConfigurableApplicationContext context = TestApplication.run(List.of(MigrateStrategy.class),
				properties().toArray(String[]::new))) {
			assertThat(context.getBean(MigrateStrategy.class).calls).isOne();
		}
		assertThat(this.topology.serverLog().directConnectionsSince(mark).opened()).isOne();
	}

	@Test
	void anInstanceWaitsOverThePooledEndpointWhileAnotherMigrates(CapturedOutput output) throws Exception {
		boot().close();
		write("V3__slow.sql", "SELECT pg_sleep(4);");
		write("V4__tags.sql", "CREATE TABLE tags (id int);");
		CompletableFuture<Void> other = CompletableFuture.runAsync(this::migrateAsAnotherInstance);
		awaitFlywaysLock();
		ServerLog.Mark mark = this.topology.serverLog().mark();
		try (ConfigurableApplicationContext context = boot()) {
			assertThat(context.getBean(MigrationOutcome.class).result())
				.hasValueSatisfying((result) -> assertThat(result.path()).isEqualTo(MigrationOutcome.Path.UP_TO_DATE));
		}
		other.get(60, TimeUnit.SECONDS);
		assertThat(output)
			.contains("and another instance is migrating (it holds Flyway's lock); waiting over the "
					+ "pooled endpoint instead of opening a direct connection")
			.contains("Migrations: schema up to date at version 4");
		assertThat(this.topology.serverLog().since(mark))
			.filteredOn((entry) -> entry.isDirect() && "neon-migrations".equals(entry.applicationName()))
			.as("no direct session of the waiting instance")
			.isEmpty();
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true", "3 true", "4 true");
	}

	@Test
	void whenTheOtherInstanceStopsWithWorkLeftTheWaitingOneMigrates(CapturedOutput output) throws Exception {
		boot().close();
		write("V3__tags.sql", "CREATE TABLE tags (id int);");
		long key = FlywayInternals.advisoryLockKey("public", "flyway_schema_history");
		try (Connection holder = this.database.openAdmin()) {
			holder.createStatement().execute("SELECT pg_advisory_lock(" + key + ")");
			CompletableFuture<ConfigurableApplicationContext> boot = CompletableFuture.supplyAsync(() -> boot());
			awaitOutput(output, "waiting over the pooled endpoint");
			assertThat(boot).isNotDone();
			holder.createStatement().execute("SELECT pg_advisory_unlock(" + key + ")");
			boot.get(60, TimeUnit.SECONDS).close();
		}
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true", "3 true");
		assertThat(output).contains("Migrations: applied 1 migration(s)");
	}

	@Test
	void beforeTheHistoryTableExistsAnInstanceAlsoWaitsForAnotherThatMigrates(CapturedOutput output) throws Exception {
		long key = FlywayInternals.advisoryLockKey("public", "flyway_schema_history");
		ServerLog.Mark mark = this.topology.serverLog().mark();
		try (Connection holder = this.database.openAdmin()) {
			holder.createStatement().execute("SELECT pg_advisory_lock(" + key + ")");
			CompletableFuture<ConfigurableApplicationContext> boot = CompletableFuture.supplyAsync(() -> boot());
			awaitOutput(output, "does not exist yet, and another instance is migrating (it holds Flyway's lock); "
					+ "waiting over the pooled endpoint instead of opening a direct connection");
			assertThat(boot).isNotDone();
			assertThat(this.topology.serverLog().since(mark))
				.filteredOn((entry) -> entry.isDirect() && "neon-migrations".equals(entry.applicationName()))
				.as("no direct session while the other instance migrates")
				.isEmpty();
			holder.createStatement().execute("SELECT pg_advisory_unlock(" + key + ")");
			boot.get(60, TimeUnit.SECONDS).close();
		}
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true");
	}

	@Test
	void theWaitLastsAsLongAsTheOtherInstanceMakesProgress(CapturedOutput output) throws Exception {
		boot().close();
		write("V3__slow.sql", "SELECT pg_sleep(1.5);");
		write("V4__slow.sql", "SELECT pg_sleep(1.5);");
		write("V5__slow.sql", "SELECT pg_sleep(1.5);");
		CompletableFuture<Void> other = CompletableFuture.runAsync(this::migrateAsAnotherInstance);
		awaitFlywaysLock();
		ServerLog.Mark mark = this.topology.serverLog().mark();
		try (ConfigurableApplicationContext context = boot("spring.flyway.lock-retry-count=2")) {
			assertThat(context.getBean(MigrationOutcome.class).result())
				.hasValueSatisfying((result) -> assertThat(result.path()).isEqualTo(MigrationOutcome.Path.UP_TO_DATE));
		}
		other.get(60, TimeUnit.SECONDS);
		assertThat(output).contains("waiting over the pooled endpoint")
			.contains("Migrations: schema up to date at version 5");
		assertThat(this.topology.serverLog().directConnectionsSince(mark).opened()).isZero();
	}

	@Test
	void theWaitEndsWithAClearErrorWhenTheOtherInstanceMakesNoProgress(CapturedOutput output) throws Exception {
		boot().close();
		write("V3__tags.sql", "CREATE TABLE tags (id int);");
		long key = FlywayInternals.advisoryLockKey("public", "flyway_schema_history");
		try (Connection holder = this.database.openAdmin()) {
			holder.createStatement().execute("SELECT pg_advisory_lock(" + key + ")");
			ServerLog.Mark mark = this.topology.serverLog().mark();
			long start = System.nanoTime();
			assertThatExceptionOfType(BeanCreationException.class)
				.isThrownBy(() -> boot("spring.flyway.lock-retry-count=2"))
				.havingRootCause()
				.isInstanceOf(NeonMigrationsException.class)
				.withMessageContaining("Another instance was migrating and applied nothing for 2 s");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
			assertThat(this.topology.serverLog().directConnectionsSince(mark).opened()).isZero();
		}
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true");
	}

	private void migrateAsAnotherInstance() {
		Flyway.configure()
			.dataSource(this.database.directJdbcUrl() + "&ApplicationName=other-instance", this.database.username(),
					this.database.password())
			.locations("filesystem:" + this.migrations)
			.configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
			.load()
			.migrate();
	}

	private void awaitFlywaysLock() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!"true".equals(this.topology.admin()
			.queryString("SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
					+ "WHERE l.locktype = 'advisory' AND d.datname = ?)::text", this.database.name()))) {
			assertThat(System.nanoTime()).as("the other instance holds Flyway's lock within 30 s").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private static void awaitOutput(CapturedOutput output, String fragment) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!output.getAll().contains(fragment)) {
			assertThat(System.nanoTime()).as("'%s' logged within 60 s", fragment).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private ConfigurableApplicationContext boot(String... extra) {
		List<String> all = properties();
		all.addAll(List.of(extra));
		return TestApplication.run(all.toArray(String[]::new));
	}

	private List<String> properties() {
		return new ArrayList<>(List.of("DATABASE_URL=" + this.database.pooledUrl(),
				"spring.flyway.locations=filesystem:" + this.migrations));
	}

	private void write(String name, String sql) throws IOException {
		Files.writeString(this.migrations.resolve(name), sql);
	}

	@Configuration(proxyBeanMethods = false)
	static class MigrateStrategy {

		int calls;

		@Bean
		FlywayMigrationStrategy migrateStrategy() {
			return (flyway) -> {
				this.calls++;
				flyway.migrate();
			};
		}

	}

}
