package io.github.neonmigrations.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code neon-migrations:lint} in a real, offline Maven on a fixture service
 * ({@link MavenFixture}), without a database.
 */
@Tag("slow")
class LintGoalIntegrationTests {

	@TempDir
	static Path shared;

	private static MavenFixture maven;

	@TempDir
	Path project;

	@BeforeAll
	static void installThePlugin() throws IOException {
		maven = MavenFixture.install(shared);
	}

	@Test
	void findingsFailTheBuildAndNameTheStatement() throws Exception {
		MavenFixture.writeProject(this.project, "spring:\n  flyway:\n    placeholders:\n      table: orders\n");
		migration("V1__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, note text);");
		migration("V2__drop_note.sql", "-- notes move out\nALTER TABLE ${table} DROP COLUMN note;");
		MavenFixture.Result result = maven.run(this.project, Map.of(), "neon-migrations:lint");
		assertThat(result.exitCode()).as(result.output()).isNotZero();
		assertThat(result.output()).contains("Linting 2 migration(s) in src/main/resources/db/migration")
			.contains("[ERROR] V2__drop_note.sql:2 [drop] ALTER TABLE orders DROP COLUMN note: ")
			.contains("1 lint finding(s) in the migrations");
	}

	@Test
	void migrationsUpToTheLastReleaseAreLeftAlone() throws Exception {
		MavenFixture.writeProject(this.project, "");
		migration("V1__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, note text);");
		migration("V2__drop_note.sql", "ALTER TABLE orders DROP COLUMN note;");
		migration("V3__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);");
		MavenFixture.Result result = maven.run(this.project, Map.of(), "neon-migrations:lint",
				"-Dneon-migrations.lint.after=2");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("Linting 1 migration(s)").contains("No findings");
	}

	@Test
	void findingsCanBeWarningsOnly() throws Exception {
		MavenFixture.writeProject(this.project, "");
		migration("V1__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);");
		migration("V2__compact.sql", "\nVACUUM FULL orders;");
		MavenFixture.Result result = maven.run(this.project, Map.of(), "neon-migrations:lint",
				"-Dneon-migrations.lint.fail-on-findings=false");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("[WARNING] V2__compact.sql:2 [vacuum-full] VACUUM FULL orders: ");
	}

	private void migration(String name, String sql) throws IOException {
		Path directory = Files.createDirectories(this.project.resolve("src/main/resources/db/migration"));
		Files.writeString(directory.resolve(name), sql);
	}

}
