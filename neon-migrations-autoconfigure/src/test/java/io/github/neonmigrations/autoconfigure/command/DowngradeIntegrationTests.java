package io.github.neonmigrations.autoconfigure.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.neonmigrations.autoconfigure.MigrationRunner;
import io.github.neonmigrations.autoconfigure.NeonMigrationsAutoConfiguration;
import io.github.neonmigrations.autoconfigure.NeonMigrationsProperties;
import io.github.neonmigrations.autoconfigure.command.DowngradePlan.Request;
import io.github.neonmigrations.flyway.FlywayInternals;
import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.NeonTopologyExtension;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code downgrade} command against a real database, over the direct endpoint: what
 * it undoes, seen in the catalog and the schema history; what it refuses, with the
 * database unchanged; and that Flyway ignores undo scripts.
 */
@ExtendWith(NeonTopologyExtension.class)
class DowngradeIntegrationTests {

	@TempDir
	Path migrations;

	private NeonDatabase database;

	private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

	private final PrintStream out = new PrintStream(this.printed, true, StandardCharsets.UTF_8);

	@BeforeEach
	void applyThreeMigrations(NeonTopology topology) throws Exception {
		this.database = topology.createDatabase();
		write("V1__notes.sql", "CREATE TABLE notes (id int PRIMARY KEY, title text);");
		write("U1__notes.sql", "DROP TABLE notes;");
		write("V2__label.sql", "ALTER TABLE notes ADD COLUMN label text;");
		write("U2__label.sql", "ALTER TABLE notes DROP COLUMN label;");
		// Undone before version 2: dropping the column first would drop the index, and
		// this DROP INDEX would fail.
		write("V3__label_index.sql", "CREATE INDEX notes_label_idx ON notes (label);");
		write("U3__label_index.sql", "DROP INDEX notes_label_idx;");
		assertThat(flyway().migrate().migrationsExecuted).isEqualTo(3);
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true", "3 true");
	}

	@Test
	void twoStepsUndoTheLatestTwoNewestFirstAndMigrateAppliesThemAgain() throws Exception {
		assertThat(downgrade(2, null)).isZero();
		assertThat(this.database.schemaHistory()).containsExactly("1 true");
		assertThat(columns("notes")).containsExactly("id", "title");
		assertThat(indexes()).containsExactly("notes_pkey");
		assertThat(printed())
			.startsWith("Undid 2 migration(s) over the direct endpoint; schema version now 1 (notes)\n")
			.containsPattern("(?m)^3 +label index +U3__label_index.sql +yes +\\d+ ms$")
			.containsPattern("(?m)^2 +label +U2__label.sql +yes +\\d+ ms$")
			.contains("The undone migrations are pending again: migrate applies them.");
		assertThat(printed().indexOf("U3__label_index.sql")).isLessThan(printed().indexOf("U2__label.sql"));
		assertThat(flyway().info().pending()).hasSize(2);
		assertThat(flyway().migrate().migrationsExecuted).isEqualTo(2);
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true", "3 true");
		assertThat(columns("notes")).containsExactly("id", "title", "label");
		assertThat(indexes()).containsExactlyInAnyOrder("notes_pkey", "notes_label_idx");
		assertThat(flyway().validateWithResult().validationSuccessful).isTrue();
	}

	@Test
	void oneStepByDefault() throws Exception {
		assertThat(downgrade(1, null)).isZero();
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true");
		assertThat(columns("notes")).containsExactly("id", "title", "label");
		assertThat(indexes()).containsExactly("notes_pkey");
	}

	@Test
	void targetUndoesEveryVersionAboveItAndKeepsIt() throws Exception {
		assertThat(downgrade(null, "1")).isZero();
		assertThat(this.database.schemaHistory()).containsExactly("1 true");
		assertThat(columns("notes")).containsExactly("id", "title");
	}

	@Test
	void everyMigrationCanBeUndone() throws Exception {
		assertThat(downgrade(3, null)).isZero();
		assertThat(this.database.schemaHistory()).isEmpty();
		assertThat(columns("notes")).isEmpty();
		assertThat(printed()).startsWith("Undid 3 migration(s) over the direct endpoint; schema version now none\n");
	}

	@Test
	void repeatableMigrationsAreNotUndone() throws Exception {
		write("R__titles.sql", "CREATE OR REPLACE VIEW titles AS SELECT title FROM notes;");
		flyway().migrate();
		assertThat(downgrade(2, null)).isZero();
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "null true");
		assertThat(query("SELECT viewname FROM pg_views WHERE viewname = 'titles'")).containsExactly("titles");
		assertThat(flyway().migrate().migrationsExecuted).isEqualTo(2);
	}

	@Test
	void targetAtTheCurrentVersionUndoesNothing() throws Exception {
		assertThat(downgrade(null, "3")).isZero();
		assertThat(printed()).isEqualTo("Nothing to undo: the schema is at version 3 (label index), the target\n");
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true", "3 true");
	}

	@Test
	void refusesWhenAnUndoScriptIsMissing() throws Exception {
		Files.delete(this.migrations.resolve("U2__label.sql"));
		assertRefusedUnchanged(downgrade(2, null), "no undo script for version 2 (label): write U2__label.sql beside "
				+ "V2__label.sql with the statements that undo it");
	}

	@Test
	void refusesWhenTheHistoryHasAFailedMigration() throws Exception {
		try (Connection admin = this.database.openAdmin(); Statement statement = admin.createStatement()) {
			statement.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
					+ "installed_by, execution_time, success) VALUES (4, '4', 'broken', 'SQL', 'V4__broken.sql', "
					+ "current_user, 1, false)");
		}
		write("V4__broken.sql", "CREATE INDEX CONCURRENTLY broken_idx ON nowhere (id);");
		assertRefusedUnchanged(downgrade(1, null), "the schema history has a failed migration, version 4 (broken): "
				+ "drop what it left behind, run the repair command to remove its row, then downgrade");
	}

	@Test
	void refusesATargetThatIsNotAnAppliedVersion() throws Exception {
		assertRefusedUnchanged(downgrade(null, "7"),
				"the target version 7 is not an applied version (applied: 3, 2, 1): "
						+ "set neon.migrations.downgrade.target to one of them");
	}

	@Test
	void refusesMoreStepsThanAreApplied() throws Exception {
		assertRefusedUnchanged(downgrade(4, null), "4 step(s) asked for, but only 3 versioned migration(s) are "
				+ "applied: lower neon.migrations.downgrade.steps");
	}

	@Test
	void refusesToUndoAMigrationThatRanWithoutATransactionInOne() throws Exception {
		write("V4__title_index.sql", "CREATE INDEX CONCURRENTLY notes_title_idx ON notes (title);");
		write("U4__title_index.sql", "DROP INDEX notes_title_idx;");
		flyway().migrate();
		assertRefusedUnchanged(downgrade(1, null),
				"version 4 (title index) ran without a transaction (V4__title_index.sql), and U4__title_index.sql "
						+ "would run in one");
	}

	@Test
	void refusesAnUndoScriptThatCannotRunInATransactionWithMoreThanOneStatement() throws Exception {
		write("V4__title_index.sql", "CREATE INDEX CONCURRENTLY notes_title_idx ON notes (title);");
		write("U4__title_index.sql",
				"DROP INDEX CONCURRENTLY notes_title_idx;\nDROP INDEX CONCURRENTLY notes_label_idx;");
		flyway().migrate();
		assertRefusedUnchanged(downgrade(1, null), "U4__title_index.sql cannot run in a transaction and has 2 "
				+ "statements: an undo that cannot run in a transaction must be a single statement alone in its file");
	}

	@Test
	void undoesAConcurrentIndexAloneWithoutATransactionAndSaysSo() throws Exception {
		write("V4__title_index.sql", "CREATE INDEX CONCURRENTLY notes_title_idx ON notes (title);");
		write("U4__title_index.sql", "DROP INDEX CONCURRENTLY notes_title_idx;");
		flyway().migrate();
		assertThat(downgrade(2, null)).isZero();
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true");
		assertThat(indexes()).containsExactly("notes_pkey");
		assertThat(printed()).containsPattern("(?m)^4 +title index +U4__title_index.sql +none +\\d+ ms$")
			.contains("- U4__title_index.sql cannot run in a transaction: it ran alone, and the row of version 4 was "
					+ "removed from the schema history right after it, not in the same transaction");
	}

	@Test
	void refusesWhileAnotherSessionHoldsFlywaysLock() throws Exception {
		try (Connection other = this.database.openDirect(); Statement statement = other.createStatement()) {
			statement.execute("SELECT pg_advisory_lock("
					+ FlywayInternals.advisoryLockKey("public", "flyway_schema_history") + ")");
			int exitCode = new Downgrade(configure().lockRetryCount(1).load(), new Request(null, null), Duration.ZERO,
					this.out)
				.run();
			assertRefusedUnchanged(exitCode,
					"another session holds Flyway's lock on \"public\".\"flyway_schema_history\"");
		}
	}

	@Test
	void aFailingUndoScriptLeavesTheSchemaAndTheHistoryAsTheyWere() throws Exception {
		// Version 3 is undone first, in the same transaction: it is rolled back too.
		write("U2__label.sql", "ALTER TABLE notes DROP COLUMN label;\nALTER TABLE notes DROP COLUMN nonexistent;");
		List<String> before = snapshot();
		assertThat(downgrade(2, null)).isEqualTo(MigrationCommands.FAILURE);
		assertThat(snapshot()).isEqualTo(before);
		assertThat(printed())
			.startsWith(
					"Failed: U2__label.sql:2: ERROR: column \"nonexistent\" of relation " + "\"notes\" does not exist")
			.contains("(SQLState 42703)")
			.contains("Still applied: version 3, version 2 (rolled back together with the failed one)")
			.contains("Undone and committed before the failure: none");
	}

	@Test
	void flywayNeitherRunsNorChecksumsUndoScripts() throws Exception {
		assertThat(flyway().info().all()).extracting((migration) -> migration.getScript())
			.containsExactly("V1__notes.sql", "V2__label.sql", "V3__label_index.sql");
		write("U3__label_index.sql", "DROP INDEX notes_label_idx; -- changed after it was applied");
		write("U5__never_applied.sql", "SELECT 1;");
		assertThat(flyway().validateWithResult().validationSuccessful).isTrue();
		assertThat(flyway().migrate().migrationsExecuted).isZero();
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true", "3 true");
	}

	@Test
	void flywayRejectsUndoScriptsOnlyWhenItValidatesMigrationNaming() {
		assertThatExceptionOfType(FlywayException.class)
			.isThrownBy(() -> configure().validateMigrationNaming(true).load().migrate())
			.withMessageContaining("Invalid SQL filenames found")
			.withMessageContaining("U1__notes.sql");
	}

	@Test
	void theCommandRunsInTheApplicationOverTheDirectEndpointWithTheConfiguredTarget() throws Exception {
		RecordingRunner.exitCodes.clear();
		RecordingRunner.out = this.out;
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(NeonMigrationsAutoConfiguration.class,
					DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class))
			.withUserConfiguration(RecordingRunner.class)
			.withPropertyValues("DATABASE_URL=" + this.database.pooledUrl(),
					"spring.flyway.locations=filesystem:" + this.migrations, "neon.migrations.command=downgrade",
					"neon.migrations.downgrade.target=1")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(RecordingRunner.exitCodes).containsExactly(0);
		assertThat(printed()).startsWith("Undid 2 migration(s) over the direct endpoint; schema version now 1");
		assertThat(this.database.schemaHistory()).containsExactly("1 true");
		assertThat(columns("notes")).containsExactly("id", "title");
	}

	private void assertRefusedUnchanged(int exitCode, String reason) throws Exception {
		assertThat(exitCode).isEqualTo(MigrationCommands.FAILURE);
		assertThat(printed()).startsWith("Refused, nothing was changed:\n").contains("- " + reason);
		assertThat(columns("notes")).containsExactly("id", "title", "label");
		assertThat(indexes()).contains("notes_pkey", "notes_label_idx");
		assertThat(this.database.schemaHistory()).startsWith("1 true", "2 true", "3 true");
	}

	private int downgrade(@Nullable Integer steps, @Nullable String target) throws SQLException {
		return new Downgrade(flyway(), new Request(steps, target), Duration.ofSeconds(5), this.out).run();
	}

	private Flyway flyway() {
		return configure().load();
	}

	private FluentConfiguration configure() {
		return Flyway.configure()
			.dataSource(this.database.directJdbcUrl(), this.database.username(), this.database.password())
			.locations("filesystem:" + this.migrations)
			.configuration(Map.of("flyway.postgresql.transactional.lock", "false"));
	}

	private List<String> snapshot() throws SQLException {
		List<String> snapshot = new ArrayList<>(this.database.schemaHistory());
		snapshot.addAll(columns("notes"));
		snapshot.addAll(indexes());
		return snapshot;
	}

	private List<String> columns(String table) throws SQLException {
		return query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
				+ "AND table_name = '" + table + "' ORDER BY ordinal_position");
	}

	private List<String> indexes() throws SQLException {
		return query("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'notes' "
				+ "ORDER BY indexname");
	}

	private List<String> query(String sql) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Connection admin = this.database.openAdmin();
				Statement statement = admin.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			while (result.next()) {
				values.add(result.getString(1));
			}
		}
		return values;
	}

	private String printed() {
		return this.printed.toString(StandardCharsets.UTF_8);
	}

	private void write(String name, String sql) throws IOException {
		Files.writeString(this.migrations.resolve(name), sql);
	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingRunner {

		// Static: exiting closes the context, so its beans cannot be asked afterwards.
		static final List<Integer> exitCodes = new ArrayList<>();

		static PrintStream out = System.out;

		@Bean
		MigrationCommandRunner neonMigrationCommandRunner(ApplicationContext context,
				NeonMigrationsProperties properties, ObjectProvider<Flyway> flyway,
				ObjectProvider<MigrationRunner> runner) {
			return new MigrationCommandRunner(context, properties, flyway, runner, out, exitCodes::add);
		}

	}

}
