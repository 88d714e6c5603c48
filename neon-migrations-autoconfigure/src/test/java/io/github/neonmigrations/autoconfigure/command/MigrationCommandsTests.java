package io.github.neonmigrations.autoconfigure.command;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.ErrorDetails;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.output.RepairOutput;
import org.flywaydb.core.api.output.RepairResult;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * What each command prints and the exit code it returns, from Flyway's results; the
 * packaged service runs each against a real database in
 * {@code MigrationCommandsIntegrationTests}.
 */
class MigrationCommandsTests {

	private final Flyway flyway = mock(Flyway.class);

	private final MigrationInfoService info = mock(MigrationInfoService.class);

	MigrationCommandsTests() {
		Configuration configuration = mock(Configuration.class);
		given(configuration.getLocations()).willReturn(new Location[] { new Location("classpath:db/migration") });
		given(this.flyway.getConfiguration()).willReturn(configuration);
		given(this.flyway.info()).willReturn(this.info);
	}

	@Test
	void currentSaysWhenNothingIsApplied() {
		assertThat(run(MigrationCommands::current)).isEqualTo(new Printed(0, "No migrations applied\n"));
	}

	@Test
	void currentShowsTheVersionAndDescription() {
		MigrationInfo current = migration("3", "index tags", MigrationState.SUCCESS);
		given(this.info.current()).willReturn(current);
		assertThat(run(MigrationCommands::current)).isEqualTo(new Printed(0, "Current version: 3 (index tags)\n"));
	}

	@Test
	void currentShowsAFailedVersionAsFailed() {
		MigrationInfo current = migration("3", "index tags", MigrationState.FAILED);
		given(this.info.current()).willReturn(current);
		assertThat(run(MigrationCommands::current).output()).isEqualTo("Current version: 3 (index tags), Failed\n");
	}

	@Test
	void historyWithoutMigrationsSaysWhereItLooked() {
		given(this.info.all()).willReturn(new MigrationInfo[0]);
		assertThat(run(MigrationCommands::history))
			.isEqualTo(new Printed(0, "No migrations: none found in classpath:db/migration and none applied\n"));
	}

	@Test
	void validateReportsSuccess() {
		given(this.flyway.validateWithResult())
			.willReturn(new ValidateResult("11.14.1", "neondb", null, true, 3, List.of(), List.of()));
		assertThat(run(MigrationCommands::validate))
			.isEqualTo(new Printed(0, "Valid: 3 migration(s) in classpath:db/migration match the schema history\n"));
	}

	@Test
	void validateListsEachMismatchAndExitsTwo() {
		ValidateOutput changed = new ValidateOutput("1", "create notes", "db/migration/V1__create_notes.sql",
				new ErrorDetails(CoreErrorCode.CHECKSUM_MISMATCH,
						"Migration checksum mismatch for migration version 1"));
		ValidateOutput missing = new ValidateOutput("2", "add tags", "",
				new ErrorDetails(CoreErrorCode.APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED,
						"Detected applied migration not resolved locally: 2"));
		given(this.flyway.validateWithResult())
			.willReturn(new ValidateResult("11.14.1", "neondb", null, false, 2, List.of(changed, missing), List.of()));
		assertThat(run(MigrationCommands::validate)).isEqualTo(new Printed(MigrationCommands.INVALID,
				"""
						Invalid: 2 migration(s) in classpath:db/migration do not match the schema history
						- version 1 (create notes), db/migration/V1__create_notes.sql: changed since it was applied (checksum mismatch)
						    Migration checksum mismatch for migration version 1
						- version 2 (add tags): missing: applied, but not found locally
						    Detected applied migration not resolved locally: 2
						"""));
	}

	@Test
	void repairListsWhatItChanged() {
		RepairResult result = new RepairResult("11.14.1", "neondb");
		result.migrationsRemoved.add(new RepairOutput("3", "index missing column", "V3__index_missing_column.sql"));
		result.migrationsAligned.add(new RepairOutput("", "refresh views", "R__refresh_views.sql"));
		given(this.flyway.repair()).willReturn(result);
		assertThat(run(MigrationCommands::repair)).isEqualTo(new Printed(0, """
				Repaired the schema history: 1 failed migration(s) removed, 0 marked as deleted, 1 checksum(s) realigned
				- removed failed version 3 (index missing column)
				- realigned repeatable migration 'refresh views'
				"""));
	}

	private Printed run(Command command) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
		int exitCode = command.run(this.flyway, out);
		return new Printed(exitCode, bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
	}

	private static MigrationInfo migration(String version, String description, MigrationState state) {
		MigrationInfo migration = mock(MigrationInfo.class);
		given(migration.getVersion()).willReturn(MigrationVersion.fromVersion(version));
		given(migration.getDescription()).willReturn(description);
		given(migration.getState()).willReturn(state);
		return migration;
	}

	interface Command {

		int run(Flyway flyway, PrintStream out);

	}

	record Printed(int exitCode, String output) {
	}

}
