package io.github.neonmigrations.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.NeonTopologyExtension;
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
 * The linter at startup, on the Neon-shaped topology: the pending migrations, and only
 * they, are linted before Flyway applies any; a finding is a WARN line, or fails the
 * startup with nothing migrated.
 */
@ExtendWith({ NeonTopologyExtension.class, OutputCaptureExtension.class })
class StartupLintIntegrationTests {

	@TempDir
	Path migrations;

	private NeonDatabase database;

	@BeforeEach
	void createDatabase(NeonTopology topology) throws IOException {
		this.database = topology.createDatabase();
		write("V1__notes.sql", "CREATE TABLE notes (id int PRIMARY KEY, title text, body text);");
	}

	@Test
	void findingsOfPendingMigrationsAreLoggedBeforeTheyRun(CapturedOutput output) throws Exception {
		boot().close();
		write("V2__drop_body.sql", "-- the body moves to its own table\nALTER TABLE notes DROP COLUMN body;");
		write("V3__title_index.sql", "CREATE INDEX notes_title_idx ON notes (title);");
		boot().close();
		String log = output.getAll();
		int warning = log.indexOf("Migrations: lint: V2__drop_body.sql:2 [drop] ALTER TABLE notes DROP COLUMN body: ");
		assertThat(warning).isPositive();
		assertThat(log).contains("Migrations: lint: V3__title_index.sql:1 [index-not-concurrent] CREATE INDEX "
				+ "notes_title_idx ON notes (title): ");
		assertThat(log.indexOf("Migrating schema \"public\" to version \"2 - drop body\"")).isGreaterThan(warning);
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true", "3 true");
	}

	@Test
	void appliedMigrationsAreNotLintedAgain(CapturedOutput output) throws Exception {
		write("V2__drop_body.sql", "ALTER TABLE notes DROP COLUMN body;");
		boot().close();
		assertThat(output).contains("[drop]");
		write("V3__tags.sql", "CREATE TABLE tags (id int);");
		int before = output.getAll().length();
		boot().close();
		assertThat(output.getAll().substring(before)).doesNotContain("Migrations: lint:");
	}

	@Test
	void failOnFindingsStopsTheStartupBeforeAnythingRuns(CapturedOutput output) throws Exception {
		boot().close();
		write("V2__tags.sql", "CREATE TABLE tags (id int);");
		write("V3__drop_body.sql", "ALTER TABLE notes DROP COLUMN body;");
		Throwable failure = catchThrowable(() -> boot("neon.migrations.lint.fail-on-findings=true"));
		assertThat(failure).hasRootCauseInstanceOf(LintFindingsException.class);
		String report = output.getAll();
		assertThat(report.substring(report.indexOf("APPLICATION FAILED TO START")))
			.contains("The linter found 1 statement(s)")
			.contains("V3__drop_body.sql:1 [drop]")
			.contains("nothing was migrated")
			.contains("-- neon-migrations:allow <rule-id>");
		assertThat(this.database.schemaHistory()).containsExactly("1 true");
	}

	@Test
	void anAllowedStatementIsNotReported(CapturedOutput output) throws Exception {
		boot().close();
		write("V2__drop_body.sql", "-- neon-migrations:allow drop\nALTER TABLE notes DROP COLUMN body;");
		boot("neon.migrations.lint.fail-on-findings=true").close();
		assertThat(output).doesNotContain("Migrations: lint:");
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true");
	}

	@Test
	void switchedOffNothingIsLinted(CapturedOutput output) throws Exception {
		boot().close();
		write("V2__drop_body.sql", "ALTER TABLE notes DROP COLUMN body;");
		boot("neon.migrations.lint.enabled=false", "neon.migrations.lint.fail-on-findings=true").close();
		assertThat(output).doesNotContain("Migrations: lint:");
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true");
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
