package io.github.neonmigrations.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.NeonTopologyExtension;
import io.github.neonmigrations.test.ServerLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A migration that waits for a lock behind the application's long transaction, on the
 * Neon-shaped topology: it gives up at the lock timeout and is retried, the application's
 * queries on the table wait no longer than the timeout, and a migration without a
 * transaction waits as before.
 */
@ExtendWith({ NeonTopologyExtension.class, OutputCaptureExtension.class })
class LockTimeoutIntegrationTests {

	private static final Duration BLOCKER_HOLDS = Duration.ofSeconds(6);

	@TempDir
	Path migrations;

	private NeonTopology topology;

	private NeonDatabase database;

	@BeforeEach
	void migrateFirstVersion(NeonTopology topology) throws Exception {
		this.topology = topology;
		this.database = topology.createDatabase();
		write("V1__notes.sql",
				"CREATE TABLE notes (id int PRIMARY KEY, title text);\n" + "INSERT INTO notes VALUES (1, 'first');");
		boot().close();
	}

	@Test
	void aBlockedMigrationGivesUpAtTheLockTimeoutAndSucceedsOnARetry(CapturedOutput output) throws Exception {
		write("V2__body.sql", "ALTER TABLE notes ADD COLUMN body text;");
		List<Duration> latencies;
		int blockerPid;
		try (Connection blocker = openPooledAs("orders-api")) {
			blockerPid = holdAccessShareLock(blocker);
			CompletableFuture<ConfigurableApplicationContext> start = CompletableFuture
				.supplyAsync(() -> boot("neon.migrations.lock-timeout=1s", "neon.migrations.lock-retries=10",
						"neon.migrations.lock-retry-interval=500ms"));
			CompletableFuture<Void> released = commitAfter(blocker, BLOCKER_HOLDS);
			latencies = queryWhile(BLOCKER_HOLDS.plusSeconds(1));
			released.get(60, TimeUnit.SECONDS);
			start.get(60, TimeUnit.SECONDS).close();
		}
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true");
		assertThat(output)
			.contains("Migrations: V2__body.sql gave up waiting for a lock after 1000 ms; held by pid " + blockerPid
					+ " (application 'orders-api', idle in transaction for ")
			.contains("holding a lock on notes); rolled back, retrying in 500 ms (retry 1 of 10)");
		Duration slowest = Collections.max(latencies);
		System.out.println("Application queries on notes while the migration was blocked for "
				+ BLOCKER_HOLDS.toSeconds() + " s with lock-timeout=1s: " + latencies.size() + " queries, slowest "
				+ slowest.toMillis() + " ms, median " + median(latencies).toMillis() + " ms");
		// Relative to the blocker, not a performance bound: without the timeout a query
		// waits for the blocker's whole transaction (the test below).
		assertThat(slowest).as("no query waits for the blocker's whole transaction")
			.isLessThan(BLOCKER_HOLDS.dividedBy(2));
	}

	@Test
	void withoutALockTimeoutTheApplicationsQueriesQueueBehindTheMigration() throws Exception {
		write("V2__body.sql", "ALTER TABLE notes ADD COLUMN body text;");
		List<Duration> latencies;
		try (Connection blocker = openPooledAs("orders-api")) {
			holdAccessShareLock(blocker);
			CompletableFuture<ConfigurableApplicationContext> start = CompletableFuture
				.supplyAsync(() -> boot("neon.migrations.lock-timeout=0"));
			CompletableFuture<Void> released = commitAfter(blocker, BLOCKER_HOLDS);
			latencies = queryWhile(BLOCKER_HOLDS.plusSeconds(1));
			released.get(60, TimeUnit.SECONDS);
			start.get(60, TimeUnit.SECONDS).close();
		}
		Duration slowest = Collections.max(latencies);
		System.out.println("Application queries on notes while the migration was blocked for "
				+ BLOCKER_HOLDS.toSeconds() + " s without a lock timeout: " + latencies.size() + " queries, slowest "
				+ slowest.toMillis() + " ms");
		assertThat(slowest).as("a query queued behind the waiting ALTER TABLE until the blocker ended")
			.isGreaterThan(Duration.ofSeconds(3));
	}

	@Test
	void aBlockerThatNeverEndsExhaustsTheRetriesAndTheAnalysisNamesIt(CapturedOutput output) throws Exception {
		write("V2__body.sql", "ALTER TABLE notes ADD COLUMN body text;");
		try (Connection blocker = openPooledAs("orders-api")) {
			int blockerPid = holdAccessShareLock(blocker);
			Throwable failure = catchThrowable(() -> boot("neon.migrations.lock-timeout=300ms",
					"neon.migrations.lock-retries=2", "neon.migrations.lock-retry-interval=100ms"));
			assertThat(Stream.iterate(failure, Objects::nonNull, Throwable::getCause))
				.hasAtLeastOneElementOfType(LockTimeoutException.class);
			String report = output.getAll();
			String analysis = report.substring(report.indexOf("APPLICATION FAILED TO START"));
			assertThat(analysis).contains("Migration V2__body.sql waited 300 ms for a lock 3 time(s)")
				.contains("nothing of it was applied")
				.contains("held by pid " + blockerPid + " (application 'orders-api', idle in transaction for ")
				.contains("SELECT pg_terminate_backend(" + blockerPid + ")")
				.contains("neon.migrations.lock-timeout");
			assertThat(report).contains("(retry 1 of 2)").contains("(retry 2 of 2)").doesNotContain("(retry 3 of");
			blocker.rollback();
		}
		assertThat(this.database.schemaHistory()).containsExactly("1 true");
		assertThat(columns()).containsExactly("id", "title");
	}

	@Test
	void aMigrationWithoutATransactionGetsNoLockTimeoutAndWaitsAsBefore(CapturedOutput output) throws Exception {
		write("V2__title_index.sql", "CREATE INDEX CONCURRENTLY notes_title_idx ON notes (title);");
		ServerLog.Mark mark = this.topology.serverLog().mark();
		long start;
		try (Connection blocker = openPooledAs("orders-api")) {
			blocker.setAutoCommit(false);
			try (Statement statement = blocker.createStatement()) {
				// Conflicts with the SHARE UPDATE EXCLUSIVE lock CREATE INDEX
				// CONCURRENTLY takes.
				statement.execute("LOCK TABLE notes IN SHARE MODE");
			}
			start = System.nanoTime();
			CompletableFuture<ConfigurableApplicationContext> started = CompletableFuture
				.supplyAsync(() -> boot("neon.migrations.lock-timeout=300ms", "neon.migrations.lock-retries=0"));
			Thread.sleep(3000);
			assertThat(started).as("the index waits for the lock, past the lock timeout").isNotDone();
			blocker.commit();
			started.get(60, TimeUnit.SECONDS).close();
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(3));
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true");
		assertThat(queryOne("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'notes_title_idx'::regclass"))
			.isEqualTo("true");
		assertThat(output).doesNotContain("gave up waiting for a lock");
		assertThat(this.topology.serverLog().since(mark))
			.filteredOn((entry) -> entry.isDirect() && entry.statement() != null)
			.extracting(ServerLog.Entry::statement)
			.noneMatch((statement) -> statement.contains("lock_timeout"));
	}

	@Test
	void theLockTimeoutEndsWithTheMigrationsTransaction() throws Exception {
		write("V2__seen.sql", "CREATE TABLE seen_in_migration AS SELECT current_setting('lock_timeout') AS value;");
		// The next migration runs without a transaction on the same connection, so it
		// sees whatever the previous one left on the session.
		write("V3__seen_after.sql", "CREATE TABLE seen_after AS SELECT current_setting('lock_timeout') AS value;");
		write("V3__seen_after.sql.conf", "executeInTransaction=false");
		boot("neon.migrations.lock-timeout=1500ms").close();
		assertThat(queryOne("SELECT value FROM seen_in_migration")).isEqualTo("1500ms");
		assertThat(queryOne("SELECT value FROM seen_after")).isEqualTo("0");
	}

	/**
	 * Runs the application's query on the table every 100 ms for a while, each on a
	 * pooled connection of its own, and measures each.
	 */
	private List<Duration> queryWhile(Duration duration) throws Exception {
		List<Duration> latencies = new ArrayList<>();
		long end = System.nanoTime() + duration.toNanos();
		try (Connection application = openPooledAs("notes-app")) {
			while (System.nanoTime() < end) {
				long start = System.nanoTime();
				try (Statement statement = application.createStatement();
						ResultSet result = statement.executeQuery("SELECT count(*) FROM notes")) {
					result.next();
				}
				latencies.add(Duration.ofNanos(System.nanoTime() - start));
				Thread.sleep(100);
			}
		}
		return latencies;
	}

	/**
	 * Ends the blocker's transaction from another thread, so that a query queued behind
	 * the migration cannot hold up the test for ever.
	 */
	private static CompletableFuture<Void> commitAfter(Connection blocker, Duration delay) {
		return CompletableFuture.runAsync(() -> {
			try {
				blocker.commit();
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}, CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
	}

	/**
	 * Opens a transaction that reads the table and stays open: its ACCESS SHARE lock
	 * blocks ALTER TABLE, as an application's forgotten transaction would.
	 * @return the backend process id of the blocking session
	 */
	private static int holdAccessShareLock(Connection blocker) throws SQLException {
		blocker.setAutoCommit(false);
		try (Statement statement = blocker.createStatement();
				ResultSet result = statement.executeQuery("SELECT count(*), pg_backend_pid() FROM notes")) {
			result.next();
			return result.getInt(2);
		}
	}

	private Connection openPooledAs(String applicationName) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.database.username());
		properties.setProperty("password", this.database.password());
		properties.setProperty("ApplicationName", applicationName);
		return DriverManager.getConnection(this.database.pooledJdbcUrl(), properties);
	}

	private String queryOne(String sql) throws SQLException {
		try (Connection connection = this.database.openAdmin();
				ResultSet result = connection.createStatement().executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

	private List<String> columns() throws SQLException {
		List<String> columns = new ArrayList<>();
		try (Connection connection = this.database.openAdmin();
				ResultSet result = connection.createStatement()
					.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_name = 'notes' "
							+ "ORDER BY ordinal_position")) {
			while (result.next()) {
				columns.add(result.getString(1));
			}
		}
		return columns;
	}

	private static Duration median(List<Duration> latencies) {
		List<Duration> sorted = new ArrayList<>(latencies);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

	private ConfigurableApplicationContext boot(String... extra) {
		List<String> properties = new ArrayList<>(List.of("DATABASE_URL=" + this.database.pooledUrl(),
				"spring.flyway.locations=filesystem:" + this.migrations));
		properties.addAll(List.of(extra));
		return TestApplication.run(properties.toArray(String[]::new));
	}

	private void write(String name, String sql) throws IOException {
		Files.writeString(this.migrations.resolve(name), sql);
	}

}
