package io.github.neonmigrations.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code neon-migrations:new} in a real, offline Maven on a fixture service, from
 * this module's freshly built jar, where no host name resolves ({@link MavenFixture}).
 */
@Tag("slow")
class NewMigrationGoalIntegrationTests {

	private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
		.withZone(ZoneOffset.UTC);

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
	void createsTheMigrationWithAnUnresolvableDatabaseUrl() throws Exception {
		writeProject("spring:\n  datasource:\n    url: ${DATABASE_URL:}\n");
		Instant before = Instant.now();
		MavenFixture.Result result = runNew(Map.of("DATABASE_URL",
				"postgresql://neondb_owner:secret@ep-nowhere-123456-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require"),
				"-Dname=add orders");
		Instant after = Instant.now();
		assertThat(result.exitCode()).as(result.output()).isZero();
		List<Path> created = migrations(this.project.resolve("src/main/resources/db/migration"));
		assertThat(created).singleElement().satisfies((file) -> {
			String name = file.getFileName().toString();
			assertThat(name).matches("V\\d{14}__add_orders\\.sql");
			String version = name.substring(1, 15);
			assertThat(version).isBetween(VERSION.format(before), VERSION.format(after));
			assertThat(Files.readString(file)).startsWith("-- add orders\n");
		});
		assertThat(result.output()).contains("Created src/main/resources/db/migration/" + created.get(0).getFileName());
	}

	@Test
	void createsTheMigrationWithNoDatabaseUrlInTheFolderTheApplicationConfigures() throws Exception {
		writeProject("spring:\n  flyway:\n    locations: filesystem:db/sql\n");
		MavenFixture.Result result = runNew(Map.of(), "-Dname=Index orders by customer");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(migrations(this.project.resolve("db/sql"))).singleElement()
			.satisfies((file) -> assertThat(file.getFileName().toString())
				.matches("V\\d{14}__index_orders_by_customer\\.sql"));
		assertThat(this.project.resolve("src/main/resources/db/migration")).doesNotExist();
	}

	@Test
	void writesAnEmptyUndoScriptBesideTheMigrationWhenAskedTo() throws Exception {
		writeProject("");
		Path directory = Files.createDirectories(this.project.resolve("src/main/resources/db/migration"));
		Files.writeString(directory.resolve("V1__orders.sql"), "CREATE TABLE orders (id bigint PRIMARY KEY);\n");
		MavenFixture.Result result = runNew(Map.of(), "-Dname=add notes", "-Dneon-migrations.undo=true");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(directory.resolve("V2__add_notes.sql")).exists();
		assertThat(directory.resolve("U2__add_notes.sql")).content()
			.startsWith("-- Undoes V2__add_notes.sql when --neon.migrations.command=downgrade takes it back");
		assertThat(result.output()).contains("Created src/main/resources/db/migration/U2__add_notes.sql");
		assertThat(runNew(Map.of(), "-Dname=add tags").exitCode()).isZero();
		assertThat(directory.resolve("V3__add_tags.sql")).exists();
		assertThat(directory.resolve("U3__add_tags.sql")).doesNotExist();
	}

	@Test
	void refusesAnEmptyName() throws Exception {
		writeProject("");
		MavenFixture.Result result = runNew(Map.of(), "-Dname= ");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("-Dname=\"add orders\"");
		assertThat(this.project.resolve("src/main/resources/db/migration")).doesNotExist();
	}

	private void writeProject(String applicationYml) throws IOException {
		MavenFixture.writeProject(this.project, applicationYml);
	}

	private MavenFixture.Result runNew(Map<String, String> environment, String... arguments) throws Exception {
		List<String> all = new ArrayList<>(List.of("neon-migrations:new"));
		all.addAll(List.of(arguments));
		return maven.run(this.project, environment, all.toArray(String[]::new));
	}

	private static List<Path> migrations(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.toString().endsWith(".sql")).toList();
		}
	}

}
