package io.github.neonmigrations.autoconfigure.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.NeonTopologyExtension;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code lint} and {@code plan} commands against a real database: what is pending is
 * decided as {@code migrate} decides it, nothing changes, and the exit codes tell CI what
 * it needs.
 */
@ExtendWith(NeonTopologyExtension.class)
class LintAndPlanCommandsIntegrationTests {

	@TempDir
	Path migrations;

	private NeonDatabase database;

	private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

	private final PrintStream out = new PrintStream(this.printed, true, StandardCharsets.UTF_8);

	@BeforeEach
	void migrateFirstVersion(NeonTopology topology) throws IOException {
		this.database = topology.createDatabase();
		// Linted, its SET would be a finding: applied, it is not linted.
		write("V1__notes.sql",
				"SET search_path TO public;\nCREATE TABLE notes (id int PRIMARY KEY, title text, " + "body text);");
		flyway().migrate();
	}

	@Test
	void planWithNothingPendingExitsWithZero() throws Exception {
		assertThat(MigrationCommands.plan(flyway(), this.out)).isZero();
		assertThat(printed()).startsWith("Nothing pending: the schema is up to date");
	}

	@Test
	void planShowsEachPendingMigrationInOrderAndChangesNothing() throws Exception {
		write("V2__title_index.sql", "CREATE INDEX CONCURRENTLY notes_title_idx ON notes (title);");
		write("V3__label.sql", "ALTER TABLE notes ADD COLUMN label text DEFAULT '${default_label}';\n"
				+ "ALTER TABLE notes DROP COLUMN body;");
		assertThat(MigrationCommands.plan(flyway(), this.out)).isEqualTo(MigrationCommands.PENDING);
		assertThat(printed()).contains("2 pending migration(s), in the order migrate would apply them:")
			.contains("2 title index (V2__title_index.sql), without a transaction\n"
					+ "    CREATE INDEX CONCURRENTLY notes_title_idx ON notes (title)\n    ;\n  lint: no findings")
			.contains("3 label (V3__label.sql), in a transaction\n"
					+ "    ALTER TABLE notes ADD COLUMN label text DEFAULT 'unlabelled'\n    ;\n")
			.contains("  lint: 1 finding(s)\n  - V3__label.sql:2 [drop] ALTER TABLE notes DROP COLUMN body: ");
		assertThat(printed().indexOf("V2__title_index.sql")).isLessThan(printed().indexOf("V3__label.sql"));
		assertThat(this.database.schemaHistory()).containsExactly("1 true");
	}

	@Test
	void planRefusesAsMigrateWouldWhenAnAppliedMigrationChanged() throws Exception {
		write("V1__notes.sql", "CREATE TABLE notes (id bigint);");
		write("V2__tags.sql", "CREATE TABLE tags (id int);");
		assertThat(MigrationCommands.plan(flyway(), this.out)).isEqualTo(MigrationCommands.FAILURE);
		assertThat(printed()).startsWith("migrate would refuse to run: 1 migration(s) do not match the schema history")
			.contains("version 1 (notes)")
			.contains("changed since it was applied (checksum mismatch)");
	}

	@Test
	void lintChecksOnlyThePendingMigrations() throws Exception {
		write("V2__tags.sql", "CREATE TABLE tags (id int);\nCREATE INDEX tags_id_idx ON tags (id);");
		assertThat(MigrationCommands.lint(flyway(), this.out)).isZero();
		assertThat(printed()).isEqualTo("No findings in 1 pending migration(s)\n");
	}

	@Test
	void lintExitsWithTwoOnFindings() throws Exception {
		write("V2__drop.sql", "ALTER TABLE notes DROP COLUMN body;");
		write("V3__lock.sql", "LOCK TABLE notes IN ACCESS EXCLUSIVE MODE;\nSET search_path TO public;");
		assertThat(MigrationCommands.lint(flyway(), this.out)).isEqualTo(MigrationCommands.FINDINGS);
		assertThat(printed()).startsWith("3 finding(s) in 2 pending migration(s):\n")
			.contains("- V2__drop.sql:1 [drop]")
			.contains("- V3__lock.sql:1 [lock-table]")
			.contains("- V3__lock.sql:2 [session-set]");
		assertThat(this.database.schemaHistory()).containsExactly("1 true");
	}

	@Test
	void lintWithNothingPending() throws Exception {
		assertThat(MigrationCommands.lint(flyway(), this.out)).isZero();
		assertThat(printed()).startsWith("Nothing pending: no migration to lint");
	}

	private Flyway flyway() {
		return Flyway.configure()
			.dataSource(this.database.directJdbcUrl(), this.database.username(), this.database.password())
			.locations("filesystem:" + this.migrations)
			.placeholders(Map.of("default_label", "unlabelled"))
			.load();
	}

	private String printed() {
		return this.printed.toString(StandardCharsets.UTF_8);
	}

	private void write(String name, String sql) throws IOException {
		Files.writeString(this.migrations.resolve(name), sql);
	}

}
