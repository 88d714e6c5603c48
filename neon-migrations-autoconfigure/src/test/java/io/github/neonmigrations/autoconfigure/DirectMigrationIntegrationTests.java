package io.github.neonmigrations.autoconfigure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.github.neonmigrations.test.ConnectionCounts;
import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.NeonTopologyExtension;
import io.github.neonmigrations.test.ServerLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Boots real applications on the Neon-shaped topology with nothing but Neon's libpq
 * {@code DATABASE_URL}, and proves from the database's side which endpoint did what.
 */
@ExtendWith(NeonTopologyExtension.class)
class DirectMigrationIntegrationTests {

	private static final Pattern DDL = Pattern.compile("^\\s*(CREATE|ALTER|DROP|GRANT)\\b", Pattern.CASE_INSENSITIVE);

	@Test
	void migrationsRunOverOneDirectConnectionAndTheApplicationOverThePool(NeonTopology topology) throws Exception {
		NeonDatabase database = topology.createDatabase();
		ServerLog.Mark mark = topology.serverLog().mark();
		try (ConfigurableApplicationContext context = TestApplication.run(List.of(NotesAtStartup.class),
				"DATABASE_URL=" + database.pooledUrl(), "spring.application.name=notes",
				"spring.flyway.locations=classpath:db/it/notes")) {
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			jdbc.sql("INSERT INTO notes (title) VALUES ('first note')").update();
			assertThat(jdbc.sql("SELECT count(*) FROM notes").query(Long.class).single()).isEqualTo(1);

			ConnectionCounts direct = topology.serverLog().directConnectionsSince(mark);
			assertThat(direct).isEqualTo(new ConnectionCounts(1, 1, 0));
			assertThat(liveDirectBackends(topology, database)).isZero();

			List<ServerLog.Entry> entries = of(database, topology.serverLog().since(mark));
			List<ServerLog.Entry> ddl = entries.stream()
				.filter((entry) -> entry.statement() != null && DDL.matcher(entry.statement()).find())
				.toList();
			assertThat(ddl).extracting(ServerLog.Entry::statement)
				.anySatisfy((sql) -> assertThat(sql).contains("CREATE TABLE notes"))
				.anySatisfy((sql) -> assertThat(sql).contains("CREATE INDEX CONCURRENTLY notes_title_idx"));
			assertThat(ddl).allSatisfy((entry) -> {
				assertThat(entry.isDirect()).as("direct backend for %s", entry.statement()).isTrue();
				assertThat(entry.applicationName()).isEqualTo("notes-migrations");
			});
			List<ServerLog.Entry> applicationQueries = entries.stream()
				.filter((entry) -> entry.statement() != null && entry.statement().contains("FROM notes"))
				.toList();
			assertThat(applicationQueries).hasSizeGreaterThanOrEqualTo(2)
				.allSatisfy((entry) -> assertThat(entry.isLocalSocket()).as("pooled backend").isTrue());
			// Before migrating, only the library's check reads over the pooled endpoint
			// (and
			// HikariCP, starting, reads the default isolation level with SHOW).
			int firstApplicationQuery = firstIndex(entries,
					(entry) -> entry.isLocalSocket() && !entry.isSentByPgBouncer() && entry.statement() != null
							&& !entry.statement().isBlank() && !entry.statement().startsWith(UpToDateCheck.MARKER)
							&& !entry.statement().startsWith("SHOW "));
			assertThat(lastIndex(entries, ServerLog.Entry::isDirect))
				.as("no application query before migrations end, such as %s", entries.get(firstApplicationQuery))
				.isLessThan(firstApplicationQuery);
			assertThat(entries)
				.filteredOn((entry) -> entry.statement() != null && entry.statement().startsWith(UpToDateCheck.MARKER))
				.isNotEmpty()
				.allSatisfy(
						(entry) -> assertThat(entry.isLocalSocket()).as("the check reads over the pooler").isTrue());
		}
		assertThat(database.schemaHistory()).containsExactly("1 true", "2 true");
		assertThat(validIndex(database, "notes_title_idx")).isTrue();
	}

	@Test
	void beansUsingJdbcWaitForMigrations(NeonTopology topology) {
		NeonDatabase database = topology.createDatabase();
		try (ConfigurableApplicationContext context = TestApplication.run(List.of(NotesAtStartup.class),
				"DATABASE_URL=" + database.pooledUrl(), "spring.flyway.locations=classpath:db/it/notes")) {
			assertThat(context.getBean(NotesAtStartup.Count.class).value()).isZero();
		}
	}

	@Test
	void createIndexConcurrentlyHangsUnderFlywaysTransactionalLock(NeonTopology topology) throws Exception {
		NeonDatabase database = topology.createDatabase();
		CompletableFuture<ConfigurableApplicationContext> boot = CompletableFuture
			.supplyAsync(() -> TestApplication.run("DATABASE_URL=" + database.pooledUrl(),
					"spring.flyway.locations=classpath:db/it/notes",
					"spring.flyway.postgresql.transactional-lock=true"));
		try {
			// The index build waits for the lock's own transaction, on Flyway's second
			// connection: it is blocked by a backend of the same application, so it can
			// never finish.
			waitFor(() -> "Lock".equals(
					topology.admin()
						.queryString("SELECT wait_event_type FROM pg_stat_activity WHERE datname = ? "
								+ "AND query LIKE 'CREATE INDEX CONCURRENTLY%'", database.name())),
					Duration.ofSeconds(30));
			assertThat(topology.admin()
				.queryString("SELECT blocker.application_name FROM pg_stat_activity waiting, "
						+ "pg_stat_activity blocker WHERE waiting.datname = ? "
						+ "AND waiting.query LIKE 'CREATE INDEX CONCURRENTLY%' "
						+ "AND blocker.pid = ANY (pg_blocking_pids(waiting.pid))", database.name()))
				.isEqualTo("neon-migrations");
			assertThat(boot).isNotDone();
			assertThat(liveDirectBackends(topology, database)).isEqualTo(2);
		}
		finally {
			topology.admin()
				.queryString("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ?",
						database.name());
		}
		// Startup fails because its migration connections were terminated, not for
		// another reason.
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> boot.get(60, TimeUnit.SECONDS))
			.satisfies(
					(ex) -> assertThat(NeonMigrationsAutoConfigurationTests.cause(ex, MigrationFailedException.class))
						.rootCause()
						.hasMessageContaining("terminating connection due to administrator command"));
	}

	@Test
	void directUrlThatRequiresChannelBindingMigratesWithIt(NeonTopology topology) throws Exception {
		NeonDatabase database = topology.createDatabase();
		ServerLog.Mark mark = topology.serverLog().mark();
		try (ConfigurableApplicationContext context = TestApplication.run("DATABASE_URL=" + database.pooledUrl(),
				"neon.migrations.url=" + database.directUrl(), "spring.flyway.locations=classpath:db/it/notes")) {
			assertThat(context.getBean(MigrationOutcome.class).result())
				.hasValueSatisfying((result) -> assertThat(result.endpoint()).contains("channelBinding=require"));
		}
		assertThat(database.schemaHistory()).containsExactly("1 true", "2 true");
		assertThat(topology.serverLog().directConnectionsSince(mark).opened()).isEqualTo(1);
	}

	@Test
	void requiredChannelBindingIsEnforcedAgainstAServerThatCannotBind(NeonTopology topology) throws Exception {
		// PgBouncer offers no SCRAM channel binding: the same setting that works against
		// PostgreSQL must refuse it, which shows that it reaches the driver.
		NeonDatabase database = topology.createDatabase();
		String pooledRequiringBinding = database.pooledUrl()
			.replace("channel_binding=prefer", "channel_binding=require");
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> TestApplication.run("DATABASE_URL=" + database.pooledUrl(),
					"neon.migrations.url=" + pooledRequiringBinding, "neon.migrations.allow-pooler=true",
					"spring.flyway.locations=classpath:db/it/notes"))
			.satisfies((ex) -> assertThat(
					NeonMigrationsAutoConfigurationTests.cause(ex, DirectConnectionException.class).failure())
				.isEqualTo(ConnectFailure.TLS_FAILURE));
		assertThat(historyTableExists(database)).isFalse();
	}

	@Test
	void poolerAsMigrationUrlFailsBeforeAnyConnection(NeonTopology topology) {
		NeonDatabase database = topology.createDatabase();
		ServerLog.Mark mark = topology.serverLog().mark();
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> TestApplication.run("DATABASE_URL=" + database.pooledUrl(),
					"neon.migrations.url=" + database.pooledUrl(), "spring.flyway.locations=classpath:db/it/notes",
					// The warm-up connects to the pooled endpoint by design; this is
					// about migrating.
					"neon.migrations.warm-up.enabled=false"))
			.satisfies((ex) -> assertThat(
					NeonMigrationsAutoConfigurationTests.cause(ex, PoolerMigrationEndpointException.class))
				.hasMessageContaining(NeonTopology.POOLED_HOST)
				.hasMessageNotContaining(database.password()));
		assertThat(topology.serverLog().directConnectionsSince(mark).opened()).isZero();
		assertThat(of(database, topology.serverLog().since(mark))).isEmpty();
	}

	@Test
	void migrationRoleAndApplicationRoleWorkTogether(NeonTopology topology) {
		topology.admin().createRole("notes_app", "notes-app-pw");
		NeonDatabase database = topology.createDatabase();
		NeonDatabase asApplication = database.as("notes_app", "notes-app-pw");
		ServerLog.Mark mark = topology.serverLog().mark();
		try (ConfigurableApplicationContext context = TestApplication.run("DATABASE_URL=" + asApplication.pooledUrl(),
				"neon.migrations.username=" + database.username(), "neon.migrations.password=" + database.password(),
				"spring.flyway.locations=classpath:db/it/roles")) {
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			jdbc.sql("INSERT INTO notes (title) VALUES ('by the app role')").update();
			assertThat(jdbc.sql("SELECT current_user").query(String.class).single()).isEqualTo("notes_app");
		}
		List<ServerLog.Entry> entries = of(database, topology.serverLog().since(mark));
		assertThat(entries)
			.filteredOn((entry) -> entry.statement() != null && entry.statement().startsWith("CREATE TABLE notes"))
			.singleElement()
			.satisfies((entry) -> assertThat(entry.user()).isEqualTo(NeonTopology.OWNER));
		assertThat(entries)
			.filteredOn((entry) -> entry.statement() != null && entry.statement().startsWith("INSERT INTO notes"))
			.singleElement()
			.satisfies((entry) -> assertThat(entry.user()).isEqualTo("notes_app"));
	}

	@Test
	void connectionDetailsBeansAreHonoured(NeonTopology topology) {
		NeonDatabase database = topology.createDatabase();
		ConnectionDetailsOf.database = database;
		ServerLog.Mark mark = topology.serverLog().mark();
		try (ConfigurableApplicationContext context = TestApplication.run(List.of(ConnectionDetailsOf.class),
				"spring.flyway.locations=classpath:db/it/notes")) {
			context.getBean(JdbcClient.class).sql("SELECT count(*) FROM notes").query(Long.class).single();
		}
		List<ServerLog.Entry> entries = of(database, topology.serverLog().since(mark));
		assertThat(entries)
			.filteredOn((entry) -> entry.statement() != null && entry.statement().startsWith("CREATE TABLE notes"))
			.singleElement()
			.satisfies((entry) -> assertThat(entry.isDirect()).isTrue());
		assertThat(entries).filteredOn((entry) -> "SELECT count(*) FROM notes".equals(entry.statement()))
			.singleElement()
			.satisfies((entry) -> assertThat(entry.isLocalSocket()).isTrue());
	}

	private static List<ServerLog.Entry> of(NeonDatabase database, List<ServerLog.Entry> entries) {
		return entries.stream().filter((entry) -> database.name().equals(entry.database())).toList();
	}

	private static int lastIndex(List<ServerLog.Entry> entries, java.util.function.Predicate<ServerLog.Entry> test) {
		int last = -1;
		for (int i = 0; i < entries.size(); i++) {
			if (test.test(entries.get(i))) {
				last = i;
			}
		}
		return last;
	}

	private static int firstIndex(List<ServerLog.Entry> entries, java.util.function.Predicate<ServerLog.Entry> test) {
		for (int i = 0; i < entries.size(); i++) {
			if (test.test(entries.get(i))) {
				return i;
			}
		}
		return Integer.MAX_VALUE;
	}

	static int liveDirectBackends(NeonTopology topology, NeonDatabase database) {
		return Integer.parseInt(topology.admin()
			.queryString("SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND client_addr IS NOT NULL",
					database.name()));
	}

	private static boolean historyTableExists(NeonDatabase database) throws Exception {
		try (Connection connection = database.openAdmin();
				ResultSet result = connection.createStatement()
					.executeQuery("SELECT to_regclass('flyway_schema_history') IS NOT NULL")) {
			return result.next() && result.getBoolean(1);
		}
	}

	private static boolean validIndex(NeonDatabase database, String index) throws Exception {
		try (Connection connection = database.openAdmin();
				ResultSet result = connection.createStatement()
					.executeQuery("SELECT indisvalid FROM pg_index WHERE indexrelid = '" + index + "'::regclass")) {
			return result.next() && result.getBoolean(1);
		}
	}

	private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited %s", timeout).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class NotesAtStartup {

		record Count(long value) {
		}

		@Bean
		Count notesAtStartup(JdbcClient jdbc) {
			return new Count(jdbc.sql("SELECT count(*) FROM notes").query(Long.class).single());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConnectionDetailsOf {

		static NeonDatabase database;

		@Bean
		JdbcConnectionDetails pooledConnectionDetails() {
			return new JdbcConnectionDetails() {

				@Override
				public String getUsername() {
					return database.username();
				}

				@Override
				public String getPassword() {
					return database.password();
				}

				@Override
				public String getJdbcUrl() {
					return database.pooledJdbcUrl();
				}

			};
		}

		@Bean
		FlywayConnectionDetails directConnectionDetails() {
			return new FlywayConnectionDetails() {

				@Override
				public String getUsername() {
					return database.username();
				}

				@Override
				public String getPassword() {
					return database.password();
				}

				@Override
				public String getJdbcUrl() {
					return database.directJdbcUrl();
				}

			};
		}

	}

}
