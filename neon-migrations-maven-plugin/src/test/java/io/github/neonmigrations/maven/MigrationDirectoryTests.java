package io.github.neonmigrations.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Where {@code neon-migrations:new} writes, from the goal's parameter or the project's
 * application configuration.
 */
class MigrationDirectoryTests {

	@TempDir
	Path project;

	@Test
	void defaultIsFlywaysDefaultLocation() throws IOException {
		MigrationDirectory directory = MigrationDirectory.resolve(this.project, null);
		assertThat(directory.directory()).isEqualTo(this.project.resolve("src/main/resources/db/migration"));
		assertThat(directory.location()).isEqualTo("classpath:db/migration");
	}

	@Test
	void classpathLocationIsUnderMainResources() throws IOException {
		assertThat(MigrationDirectory.resolve(this.project, "classpath:db/orders").directory())
			.isEqualTo(this.project.resolve("src/main/resources/db/orders"));
		assertThat(MigrationDirectory.resolve(this.project, "classpath:/db/orders").directory())
			.isEqualTo(this.project.resolve("src/main/resources/db/orders"));
	}

	@Test
	void locationWithoutPrefixIsAClasspathLocationAsInFlyway() throws IOException {
		assertThat(MigrationDirectory.resolve(this.project, "db/orders").directory())
			.isEqualTo(this.project.resolve("src/main/resources/db/orders"));
	}

	@Test
	void filesystemLocationIsRelativeToTheProject() throws IOException {
		assertThat(MigrationDirectory.resolve(this.project, "filesystem:migrations").directory())
			.isEqualTo(this.project.resolve("migrations"));
		Path elsewhere = this.project.resolveSibling("shared-migrations").toAbsolutePath();
		assertThat(MigrationDirectory.resolve(this.project, "filesystem:" + elsewhere).directory())
			.isEqualTo(elsewhere);
	}

	@Test
	void vendorPlaceholderIsPostgresql() throws IOException {
		assertThat(MigrationDirectory.resolve(this.project, "classpath:db/{vendor}").directory())
			.isEqualTo(this.project.resolve("src/main/resources/db/postgresql"));
	}

	@Test
	void parameterThatIsNotAFolderIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> MigrationDirectory.resolve(this.project, "s3:bucket/db"))
			.withMessageContaining("s3:bucket/db");
	}

	@Test
	void firstFolderLocationFromApplicationProperties() throws IOException {
		write("application.properties", "spring.flyway.locations=s3:bucket/db, classpath:db/orders,filesystem:sql\n");
		MigrationDirectory directory = MigrationDirectory.resolve(this.project, null);
		assertThat(directory.directory()).isEqualTo(this.project.resolve("src/main/resources/db/orders"));
		assertThat(directory.origin()).contains("application.properties");
	}

	@Test
	void indexedLocationsFromApplicationProperties() throws IOException {
		write("application.properties",
				"spring.flyway.locations[0]=filesystem:sql\nspring.flyway.locations[1]=classpath:db\n");
		assertThat(MigrationDirectory.resolve(this.project, null).directory()).isEqualTo(this.project.resolve("sql"));
	}

	@Test
	void locationsFromNestedApplicationYml() throws IOException {
		write("application.yml", """
				spring:
				  application:
				    name: orders
				  flyway:
				    locations:
				      - filesystem:db/sql
				      - classpath:db/migration
				""");
		MigrationDirectory directory = MigrationDirectory.resolve(this.project, null);
		assertThat(directory.directory()).isEqualTo(this.project.resolve("db/sql"));
		assertThat(directory.origin()).contains("application.yml");
	}

	@Test
	void locationsFromADottedKeyInApplicationYaml() throws IOException {
		write("application.yaml", "spring.flyway.locations: classpath:db/orders,classpath:db/more\n");
		assertThat(MigrationDirectory.resolve(this.project, null).directory())
			.isEqualTo(this.project.resolve("src/main/resources/db/orders"));
	}

	@Test
	void profileSpecificYamlDocumentsAreIgnored() throws IOException {
		write("application.yml", """
				spring:
				  flyway:
				    locations: classpath:db/orders
				---
				spring:
				  config:
				    activate:
				      on-profile: test
				  flyway:
				    locations: classpath:db/test
				""");
		assertThat(MigrationDirectory.resolve(this.project, null).directory())
			.isEqualTo(this.project.resolve("src/main/resources/db/orders"));
	}

	@Test
	void applicationYmlWithoutLocationsMeansTheDefault() throws IOException {
		write("application.yml", "spring:\n  datasource:\n    url: ${DATABASE_URL:}\n");
		assertThat(MigrationDirectory.resolve(this.project, null).directory())
			.isEqualTo(this.project.resolve("src/main/resources/db/migration"));
	}

	@Test
	void parameterWinsOverTheApplicationConfiguration() throws IOException {
		write("application.properties", "spring.flyway.locations=classpath:db/orders\n");
		assertThat(MigrationDirectory.resolve(this.project, "filesystem:elsewhere").directory())
			.isEqualTo(this.project.resolve("elsewhere"));
	}

	@Test
	void placeholderInTheLocationsIsRefused() throws IOException {
		write("application.properties", "spring.flyway.locations=${MIGRATIONS:classpath:db/migration}\n");
		assertThatIllegalArgumentException().isThrownBy(() -> MigrationDirectory.resolve(this.project, null))
			.withMessageContaining("-Dneon-migrations.location");
	}

	@Test
	void locationsWithoutAFolderAreRefused() throws IOException {
		write("application.properties", "spring.flyway.locations=s3:bucket/db\n");
		assertThatIllegalArgumentException().isThrownBy(() -> MigrationDirectory.resolve(this.project, null))
			.withMessageContaining("s3:bucket/db");
	}

	private void write(String name, String content) throws IOException {
		Path resources = Files.createDirectories(this.project.resolve("src/main/resources"));
		Files.writeString(resources.resolve(name), content);
	}

}
