package io.github.neonmigrations.maven;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Naming and writing of new migrations, with a fixed clock.
 */
class NewMigrationTests {

	private static final Instant NOW = Instant.parse("2026-11-25T14:30:00.750Z");

	@TempDir
	Path directory;

	private final NewMigration newMigration = new NewMigration(Clock.fixed(NOW, ZoneId.of("America/New_York")));

	@Test
	void fileIsNamedForTheUtcSecondAndTheDescription() throws IOException {
		Path file = this.newMigration.create(this.directory, "add orders", false).file();
		assertThat(file).isEqualTo(this.directory.resolve("V20261125143000__add_orders.sql"));
	}

	@Test
	void fileHasOnlyAShortHeaderComment() throws IOException {
		Path file = this.newMigration.create(this.directory, "add orders", false).file();
		assertThat(Files.readAllLines(file)).hasSize(4).first().isEqualTo("-- add orders");
		assertThat(Files.readAllLines(file)).allSatisfy((line) -> assertThat(line).matches("(--.*)?"));
		assertThat(Files.readString(file)).contains("Created 2026-11-25T14:30:00Z");
	}

	@Test
	void slugIsTheLowerCaseWordsJoinedByUnderscores() {
		assertThat(NewMigration.slug("add orders")).isEqualTo("add_orders");
		assertThat(NewMigration.slug("  Add   Orders! (v2) ")).isEqualTo("add_orders_v2");
		assertThat(NewMigration.slug("index orders.customer_id")).isEqualTo("index_orders_customer_id");
		assertThat(NewMigration.slug("Café menü")).isEqualTo("cafe_menu");
	}

	@Test
	void emptyDescriptionIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.newMigration.create(this.directory, "", false))
			.withMessageContaining("-Dname=\"add orders\"");
		assertThatIllegalArgumentException().isThrownBy(() -> this.newMigration.create(this.directory, "  ", false));
		assertThatIllegalArgumentException().isThrownBy(() -> this.newMigration.create(this.directory, "-- !", false));
		assertThat(this.directory).isEmptyDirectory();
	}

	@Test
	void existingMigrationIsNeverOverwritten() throws IOException {
		Path existing = this.directory.resolve("V20261125143000__add_orders.sql");
		Files.writeString(existing, "CREATE TABLE orders ();\n");
		assertThatExceptionOfType(FileAlreadyExistsException.class)
			.isThrownBy(() -> this.newMigration.create(this.directory, "add orders", false));
		assertThat(existing).hasContent("CREATE TABLE orders ();");
	}

	@Test
	void anotherMigrationWithTheSameVersionIsRefused() throws IOException {
		Files.writeString(this.directory.resolve("V20261125143000__add_customers.sql"), "");
		assertThatExceptionOfType(FileAlreadyExistsException.class)
			.isThrownBy(() -> this.newMigration.create(this.directory, "add orders", false))
			.withMessageContaining("version 20261125143000");
		assertThat(this.directory.resolve("V20261125143000__add_orders.sql")).doesNotExist();
	}

	@Test
	void numberedMigrationsGetTheNextMajorNumber() throws IOException {
		Files.writeString(this.directory.resolve("V1__orders.sql"), "");
		Files.writeString(this.directory.resolve("V2__customers.sql"), "");
		Files.writeString(this.directory.resolve("V2_1__index_customers.sql"), "");
		NewMigration.Created created = this.newMigration.create(this.directory, "add notes", false);
		assertThat(created.file()).isEqualTo(this.directory.resolve("V3__add_notes.sql"));
		assertThat(created.warning()).isNull();
	}

	@Test
	void timestampedMigrationsGetATimestamp() throws IOException {
		Files.writeString(this.directory.resolve("V20260101090000__orders.sql"), "");
		NewMigration.Created created = this.newMigration.create(this.directory, "add notes", false);
		assertThat(created.file()).isEqualTo(this.directory.resolve("V20261125143000__add_notes.sql"));
		assertThat(created.warning()).isNull();
	}

	@Test
	void versionBelowAnExistingOneIsWrittenWithAWarning() throws IOException {
		Files.writeString(this.directory.resolve("V20261225090000__from_the_future.sql"), "");
		NewMigration.Created created = this.newMigration.create(this.directory, "add notes", false);
		assertThat(created.file()).isEqualTo(this.directory.resolve("V20261125143000__add_notes.sql"));
		assertThat(created.warning()).contains("sorts below the existing version 20261225090000")
			.contains("spring.flyway.out-of-order=true");
	}

	@Test
	void missingDirectoryIsCreated() throws IOException {
		Path file = this.newMigration.create(this.directory.resolve("db/migration"), "add orders", false).file();
		assertThat(file).exists().hasParent(this.directory.resolve("db/migration"));
	}

	@Test
	void undoScriptIsWrittenBesideTheMigrationOnlyWhenAskedFor() throws IOException {
		Files.writeString(this.directory.resolve("V1__orders.sql"), "");
		NewMigration.Created without = this.newMigration.create(this.directory, "add notes", false);
		assertThat(without.undo()).isNull();
		assertThat(this.directory.resolve("U2__add_notes.sql")).doesNotExist();
		NewMigration.Created with = this.newMigration.create(this.directory, "add tags", true);
		assertThat(with.file()).isEqualTo(this.directory.resolve("V3__add_tags.sql"));
		assertThat(with.undo()).isEqualTo(this.directory.resolve("U3__add_tags.sql"));
		assertThat(Files.readString(with.undo()))
			.startsWith("-- Undoes V3__add_tags.sql when --neon.migrations.command=downgrade")
			.doesNotContain(";");
	}

	@Test
	void undoScriptLeftWithoutItsMigrationBlocksItsVersion() throws IOException {
		Files.writeString(this.directory.resolve("V1__orders.sql"), "");
		Files.writeString(this.directory.resolve("U2__old_notes.sql"), "DROP TABLE notes;");
		assertThatExceptionOfType(FileAlreadyExistsException.class)
			.isThrownBy(() -> this.newMigration.create(this.directory, "add notes", false))
			.withMessageContaining("U2__old_notes.sql");
		assertThat(this.directory.resolve("V2__add_notes.sql")).doesNotExist();
	}

}
