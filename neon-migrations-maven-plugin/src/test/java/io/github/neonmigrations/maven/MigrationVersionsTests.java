package io.github.neonmigrations.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.github.neonmigrations.maven.MigrationVersions.Scheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The version of the next migration follows the scheme of the folder's migrations.
 */
class MigrationVersionsTests {

	private static final Instant NOW = Instant.parse("2026-11-25T14:30:00.750Z");

	@TempDir
	Path directory;

	@Test
	void missingFolderGetsATimestamp() throws IOException {
		MigrationVersions versions = MigrationVersions.read(this.directory.resolve("db/migration"));
		assertThat(versions.scheme()).isEqualTo(Scheme.TIMESTAMP);
		assertThat(versions.next(NOW)).isEqualTo("20261125143000");
	}

	@Test
	void emptyFolderGetsATimestamp() throws IOException {
		Files.writeString(this.directory.resolve("README.md"), "");
		assertThat(MigrationVersions.read(this.directory).next(NOW)).isEqualTo("20261125143000");
	}

	@Test
	void numberedMigrationsContinueWithTheNextMajorNumber() throws IOException {
		write("V1__orders.sql", "V2__customers.sql", "V2_1__index_customers.sql", "R__views.sql");
		MigrationVersions versions = MigrationVersions.read(this.directory);
		assertThat(versions.scheme()).isEqualTo(Scheme.NUMBERED);
		assertThat(versions.next(NOW)).isEqualTo("3");
		assertThat(versions.outOfOrderWarning("3")).isEmpty();
	}

	@Test
	void numbersAreComparedAsNumbersNotAsText() throws IOException {
		write("V9__orders.sql", "V10__customers.sql", "V10.2__notes.sql");
		assertThat(MigrationVersions.read(this.directory).next(NOW)).isEqualTo("11");
	}

	@Test
	void migrationsInSubfoldersCount() throws IOException {
		write("V1__orders.sql");
		Files.createDirectories(this.directory.resolve("2026"));
		write("2026/V7__customers.sql");
		assertThat(MigrationVersions.read(this.directory).next(NOW)).isEqualTo("8");
	}

	@Test
	void timestampedMigrationsContinueWithATimestamp() throws IOException {
		write("V1__baseline.sql", "V20260101090000__orders.sql", "V202602011200__customers.sql");
		MigrationVersions versions = MigrationVersions.read(this.directory);
		assertThat(versions.scheme()).isEqualTo(Scheme.TIMESTAMP);
		assertThat(versions.next(NOW)).isEqualTo("20261125143000");
		assertThat(versions.outOfOrderWarning("20261125143000")).isEmpty();
	}

	@Test
	void numberThatIsNotADateIsNumbered() throws IOException {
		write("V100000000000__orders.sql");
		assertThat(MigrationVersions.read(this.directory).scheme()).isEqualTo(Scheme.NUMBERED);
		write("V20261399000000__customers.sql");
		assertThat(MigrationVersions.read(this.directory).scheme()).isEqualTo(Scheme.NUMBERED);
	}

	@Test
	void versionBelowAnExistingOneIsWarnedAbout() throws IOException {
		write("V20261225090000__from_a_clock_ahead.sql", "V20260101090000__orders.sql");
		MigrationVersions versions = MigrationVersions.read(this.directory);
		assertThat(versions.next(NOW)).isEqualTo("20261125143000");
		assertThat(versions.outOfOrderWarning(versions.next(NOW))).hasValueSatisfying((warning) -> assertThat(warning)
			.contains("20261125143000 sorts below the existing version 20261225090000")
			.contains("spring.flyway.out-of-order=true"));
	}

	@Test
	void versionAfterANumberIsTheNextNumber() throws IOException {
		write("V4__orders.sql");
		MigrationVersions versions = MigrationVersions.read(this.directory);
		assertThat(versions.after(versions.next(NOW))).isEqualTo("6");
	}

	@Test
	void versionAfterATimestampIsOneSecondLater() throws IOException {
		MigrationVersions versions = MigrationVersions.read(this.directory);
		assertThat(versions.after("20261231235959")).isEqualTo("20270101000000");
	}

	private void write(String... names) throws IOException {
		for (String name : names) {
			Files.writeString(this.directory.resolve(name), "");
		}
	}

}
