package io.github.neonmigrations.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code neon-migrations:new} in a real, offline Maven on a fixture service, from
 * this module's freshly built jar, where no host name resolves.
 */
@Tag("slow")
class NewMigrationGoalIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
		.withZone(ZoneOffset.UTC);

	@TempDir
	static Path shared;

	private static Path repository;

	private static Path noHosts;

	@TempDir
	Path project;

	@BeforeAll
	static void installThePluginInAnEmptyLocalRepository() throws IOException {
		// Maven reads the plugin from this repository first and everything else from the
		// developer's (maven.repo.local.tail), so the build under test never goes online.
		repository = Files.createDirectories(shared.resolve("repository"));
		String version = property("neon.projectVersion");
		Path plugin = Files.createDirectories(
				repository.resolve("io/github/neonmigrations/neon-migrations-maven-plugin").resolve(version));
		Files.copy(Path.of(property("neon.pluginJar")),
				plugin.resolve("neon-migrations-maven-plugin-" + version + ".jar"),
				StandardCopyOption.REPLACE_EXISTING);
		Files.copy(Path.of(property("neon.pluginPom")),
				plugin.resolve("neon-migrations-maven-plugin-" + version + ".pom"),
				StandardCopyOption.REPLACE_EXISTING);
		Path parent = Files
			.createDirectories(repository.resolve("io/github/neonmigrations/neon-migrations-parent").resolve(version));
		Files.copy(Path.of(property("neon.parentPom")), parent.resolve("neon-migrations-parent-" + version + ".pom"),
				StandardCopyOption.REPLACE_EXISTING);
		noHosts = Files.writeString(shared.resolve("no-hosts"), "# nothing resolves\n");
	}

	@Test
	void createsTheMigrationWithAnUnresolvableDatabaseUrl() throws Exception {
		writeProject("spring:\n  datasource:\n    url: ${DATABASE_URL:}\n");
		Instant before = Instant.now();
		Result result = runNew(Map.of("DATABASE_URL",
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
		Result result = runNew(Map.of(), "-Dname=Index orders by customer");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(migrations(this.project.resolve("db/sql"))).singleElement()
			.satisfies((file) -> assertThat(file.getFileName().toString())
				.matches("V\\d{14}__index_orders_by_customer\\.sql"));
		assertThat(this.project.resolve("src/main/resources/db/migration")).doesNotExist();
	}

	@Test
	void refusesAnEmptyName() throws Exception {
		writeProject("");
		Result result = runNew(Map.of(), "-Dname= ");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("-Dname=\"add orders\"");
		assertThat(this.project.resolve("src/main/resources/db/migration")).doesNotExist();
	}

	private void writeProject(String applicationYml) throws IOException {
		Files.writeString(this.project.resolve("pom.xml"), """
				<project xmlns="http://maven.apache.org/POM/4.0.0">
					<modelVersion>4.0.0</modelVersion>
					<groupId>com.example</groupId>
					<artifactId>orders</artifactId>
					<version>1.0.0</version>
					<build>
						<plugins>
							<plugin>
								<groupId>io.github.neonmigrations</groupId>
								<artifactId>neon-migrations-maven-plugin</artifactId>
								<version>%s</version>
							</plugin>
						</plugins>
					</build>
				</project>
				""".formatted(property("neon.projectVersion")));
		Path resources = Files.createDirectories(this.project.resolve("src/main/resources"));
		Files.writeString(resources.resolve("application.yml"), applicationYml);
	}

	private Result runNew(Map<String, String> environment, String... arguments) throws Exception {
		List<String> command = new ArrayList<>(
				List.of(property("neon.mavenWrapper"), "-B", "-o", "-ntp", "-Dmaven.repo.local=" + repository,
						"-Dmaven.repo.local.tail=" + property("neon.localRepository"), "neon-migrations:new"));
		command.addAll(List.of(arguments));
		Path output = this.project.resolve("maven.log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.project.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		builder.environment().remove("DATABASE_URL");
		builder.environment().remove("MAVEN_ARGS");
		builder.environment().put("MAVEN_OPTS", "-Djdk.net.hosts.file=" + noHosts);
		builder.environment().putAll(environment);
		Process process = builder.start();
		if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			throw new AssertionError("Maven did not finish within " + TIMEOUT + ":\n" + Files.readString(output));
		}
		return new Result(process.exitValue(), Files.readString(output));
	}

	private static List<Path> migrations(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.toString().endsWith(".sql")).toList();
		}
	}

	private static String property(String name) {
		String value = System.getProperty(name);
		assertThat(value).as("system property %s, set by the build", name).isNotBlank();
		return value;
	}

	private record Result(int exitCode, String output) {
	}

}
