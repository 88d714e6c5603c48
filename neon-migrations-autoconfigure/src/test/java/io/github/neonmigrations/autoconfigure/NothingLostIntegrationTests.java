package io.github.neonmigrations.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.NeonTopologyExtension;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * No failure leaves the schema in a state the next start cannot handle, and instances
 * booting together migrate once.
 */
@ExtendWith({ NeonTopologyExtension.class, OutputCaptureExtension.class })
class NothingLostIntegrationTests {

	@TempDir
	Path migrations;

	private NeonDatabase database;

	@BeforeEach
	void createDatabase(NeonTopology topology) {
		this.database = topology.createDatabase();
	}

	@Test
	void failedTransactionalMigrationLeavesNothingAndTheNextStartAppliesIt(NeonTopology topology) throws Exception {
		write("V1__notes.sql", "CREATE TABLE notes (id int);");
		write("V2__labels.sql", "CREATE TABLE labels (id int);\nINSERT INTO notes VALUES (1);\nSELEC 1;");
		assertThat(catchThrowable(this::boot)).isNotNull();
		assertThat(this.database.schemaHistory()).containsExactly("1 true");
		assertThat(tableExists(topology, "labels")).isFalse();
		assertThat(notes()).as("the insert before the broken statement was rolled back").isZero();

		write("V2__labels.sql", "CREATE TABLE labels (id int);\nINSERT INTO notes VALUES (1);");
		boot().close();
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true");
		assertThat(tableExists(topology, "labels")).isTrue();
	}

	@Test
	void migrationKilledWhileRunningLeavesNothingAndTheNextStartAppliesIt(NeonTopology topology) throws Exception {
		write("V1__notes.sql", "CREATE TABLE notes (id int);");
		write("V2__slow.sql", "CREATE TABLE labels (id int);\nSELECT pg_sleep(${sleep});");
		CompletableFuture<ConfigurableApplicationContext> boot = CompletableFuture
			.supplyAsync(() -> boot("spring.flyway.placeholders.sleep=30"));
		waitFor(() -> "1".equals(topology.admin()
			.queryString(
					"SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND query LIKE '%pg_sleep%' AND client_addr IS NOT NULL",
					this.database.name())));
		topology.admin()
			.queryString("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? "
					+ "AND query LIKE '%pg_sleep%' AND client_addr IS NOT NULL", this.database.name());
		assertThat(catchThrowable(() -> boot.get(60, TimeUnit.SECONDS))).isNotNull();
		assertThat(this.database.schemaHistory()).containsExactly("1 true");
		assertThat(tableExists(topology, "labels")).isFalse();

		boot("spring.flyway.placeholders.sleep=0").close();
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true");
	}

	@Test
	void failedConcurrentIndexIsRecoveredAsTheAnalysisSays(NeonTopology topology, CapturedOutput output)
			throws Exception {
		write("V1__notes.sql",
				"CREATE TABLE notes (id int, title text);\nINSERT INTO notes VALUES (1, 'a'), (2, 'a');");
		write("V2__unique_title.sql", "CREATE UNIQUE INDEX CONCURRENTLY notes_title_key ON notes (title);");
		assertThat(catchThrowable(this::boot)).isNotNull();
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 false");
		assertThat(invalidIndexes(topology)).containsExactly("notes_title_key");
		assertThat(output).contains(MigrationFailureAnalyzer.FIND_INVALID_INDEXES)
			.contains(MigrationFailureAnalyzer.REPAIR_COMMAND);

		// The next start stops at validation and says how to repair.
		assertThat(catchThrowable(this::boot)).isNotNull();
		assertThat(output.getAll().substring(output.getAll().lastIndexOf("APPLICATION FAILED TO START")))
			.contains("Detected failed migration to version 2")
			.contains(MigrationFailureAnalyzer.REPAIR_COMMAND);

		// 1. drop the INVALID index, 2. repair, 3. fix the migration and start again.
		try (var connection = this.database.openAdmin()) {
			connection.createStatement().execute("DROP INDEX CONCURRENTLY notes_title_key");
		}
		Flyway.configure()
			.dataSource(this.database.directJdbcUrl(), this.database.username(), this.database.password())
			.locations("filesystem:" + this.migrations)
			.load()
			.repair();
		write("V2__unique_title.sql", "CREATE INDEX CONCURRENTLY notes_title_idx ON notes (title);");
		boot().close();
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true");
		assertThat(invalidIndexes(topology)).isEmpty();
	}

	@Test
	@Tag("slow")
	void eightInstancesBootingTogetherMigrateOnce(NeonTopology topology) throws Exception {
		write("V1__notes.sql", "CREATE TABLE notes (id int);");
		write("V2__long.sql", "SELECT pg_sleep(5);\nINSERT INTO notes VALUES (2);");
		write("V3__labels.sql", "CREATE TABLE labels (id int);\nINSERT INTO notes VALUES (3);");
		ExecutorService executor = Executors.newFixedThreadPool(8);
		// Eight applications in one JVM would initialize Logback at the same time, which
		// it does not support; as separate processes each has its own.
		System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
		try {
			List<CompletableFuture<ConfigurableApplicationContext>> instances = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				instances.add(CompletableFuture.supplyAsync(this::boot, executor));
			}
			for (CompletableFuture<ConfigurableApplicationContext> instance : instances) {
				instance.get(120, TimeUnit.SECONDS).close();
			}
		}
		finally {
			executor.shutdownNow();
			System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
		}
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true", "3 true");
		try (var connection = this.database.openAdmin();
				var rows = connection.createStatement().executeQuery("SELECT count(*) FROM notes")) {
			rows.next();
			assertThat(rows.getInt(1)).as("each migration applied once").isEqualTo(2);
		}
	}

	private ConfigurableApplicationContext boot(String... properties) {
		List<String> all = new ArrayList<>(List.of("DATABASE_URL=" + this.database.pooledUrl(),
				"spring.flyway.locations=filesystem:" + this.migrations));
		all.addAll(List.of(properties));
		return TestApplication.run(all.toArray(String[]::new));
	}

	private int notes() throws Exception {
		try (var connection = this.database.openAdmin();
				var rows = connection.createStatement().executeQuery("SELECT count(*) FROM notes")) {
			rows.next();
			return rows.getInt(1);
		}
	}

	private void write(String name, String sql) throws IOException {
		Files.writeString(this.migrations.resolve(name), sql);
	}

	private boolean tableExists(NeonTopology topology, String table) {
		try (var connection = this.database.openAdmin();
				var rows = connection.createStatement()
					.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
			rows.next();
			return rows.getBoolean(1);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private List<String> invalidIndexes(NeonTopology topology) throws Exception {
		List<String> names = new ArrayList<>();
		try (var connection = this.database.openAdmin();
				var rows = connection.createStatement()
					.executeQuery("SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid")) {
			while (rows.next()) {
				names.add(rows.getString(1));
			}
		}
		return names;
	}

	private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition met within 30 s").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

}
