package io.github.neonmigrations.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real, offline Maven that runs this module's freshly built plugin on a fixture
 * service, where no host name resolves but {@code localhost}. Maven reads the library's
 * own artifacts from a repository of the test's and everything else from the developer's
 * ({@code maven.repo.local.tail}), so the build under test never goes online and needs
 * nothing installed.
 */
final class MavenFixture {

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	private final Path repository;

	private final Path noHosts;

	private MavenFixture(Path repository, Path noHosts) {
		this.repository = repository;
		this.noHosts = noHosts;
	}

	/**
	 * Puts the plugin, the library it uses and their parent into a repository.
	 * @param directory where the repository goes
	 * @return the fixture
	 * @throws IOException if a file cannot be copied
	 */
	static MavenFixture install(Path directory) throws IOException {
		Path repository = Files.createDirectories(directory.resolve("repository"));
		String version = property("neon.projectVersion");
		install(repository, "neon-migrations-maven-plugin", version, property("neon.pluginJar"),
				property("neon.pluginPom"));
		install(repository, "neon-migrations-autoconfigure", version, property("neon.autoconfigureJar"),
				property("neon.autoconfigurePom"));
		install(repository, "neon-migrations-parent", version, null, property("neon.parentPom"));
		// An offline machine still resolves localhost, where generate's embedded
		// PostgreSQL listens.
		return new MavenFixture(repository, Files.writeString(directory.resolve("no-hosts"),
				"# nothing resolves but the machine itself\n127.0.0.1 localhost\n"));
	}

	private static void install(Path repository, String artifact, String version, String jar, String pom)
			throws IOException {
		Path directory = Files
			.createDirectories(repository.resolve("io/github/neonmigrations").resolve(artifact).resolve(version));
		if (jar != null) {
			Files.copy(Path.of(jar), directory.resolve(artifact + "-" + version + ".jar"),
					StandardCopyOption.REPLACE_EXISTING);
		}
		Files.copy(Path.of(pom), directory.resolve(artifact + "-" + version + ".pom"),
				StandardCopyOption.REPLACE_EXISTING);
	}

	/**
	 * Writes a service that uses the plugin.
	 * @param project its folder
	 * @param applicationYml its {@code application.yml}
	 * @throws IOException if it cannot be written
	 */
	static void writeProject(Path project, String applicationYml) throws IOException {
		Files.writeString(project.resolve("pom.xml"), """
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
		Path resources = Files.createDirectories(project.resolve("src/main/resources"));
		Files.writeString(resources.resolve("application.yml"), applicationYml);
	}

	/**
	 * Runs Maven in a project.
	 * @param project the project
	 * @param environment variables to add
	 * @param arguments the goal and its properties
	 * @return the exit code and the output
	 * @throws Exception if Maven cannot run or takes too long
	 */
	Result run(Path project, Map<String, String> environment, String... arguments) throws Exception {
		List<String> command = new ArrayList<>(
				List.of(property("neon.mavenWrapper"), "-B", "-o", "-ntp", "-Dmaven.repo.local=" + this.repository,
						"-Dmaven.repo.local.tail=" + property("neon.localRepository")));
		command.addAll(List.of(arguments));
		Path output = project.resolve("maven.log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		builder.environment().remove("DATABASE_URL");
		builder.environment().remove("MAVEN_ARGS");
		builder.environment().put("MAVEN_OPTS", "-Djdk.net.hosts.file=" + this.noHosts);
		builder.environment().putAll(environment);
		Process process = builder.start();
		if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			throw new AssertionError("Maven did not finish within " + TIMEOUT + ":\n" + Files.readString(output));
		}
		return new Result(process.exitValue(), Files.readString(output));
	}

	static String property(String name) {
		String value = System.getProperty(name);
		assertThat(value).as("system property %s, set by the build", name).isNotBlank();
		return value;
	}

	/**
	 * What Maven did.
	 *
	 * @param exitCode its exit code
	 * @param output what it printed
	 */
	record Result(int exitCode, String output) {
	}

}
