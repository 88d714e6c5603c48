package io.github.neonmigrations.flyway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import io.github.neonmigrations.flyway.FlywayInternals.FailedMigration;
import io.github.neonmigrations.flyway.FlywayInternals.UndoScript;
import io.github.neonmigrations.lint.MigrationLinter.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.Resource;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.license.VersionPrinter;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;
import org.flywaydb.core.internal.sqlscript.SqlStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * What {@link FlywayInternals} reads from Flyway's internal API, on the exceptions Flyway
 * throws. It fails to compile, or fails, when a Flyway upgrade changes them.
 */
class FlywayInternalsTests {

	@Test
	void flywayIsTheVersionTheseInternalsWereCheckedAgainst() {
		assertThat(VersionPrinter.getVersion()).as("re-check FlywayInternals against the new Flyway version")
			.isEqualTo("11.14.1");
	}

	@Test
	void failedMigrationCarriesTheMigrationStatementAndWhetherItRanInATransaction() {
		MigrationInfo migration = mock(MigrationInfo.class);
		SqlStatement statement = mock(SqlStatement.class);
		given(statement.getLineNumber()).willReturn(3);
		given(statement.getSql()).willReturn("SELEC 1");
		FlywaySqlScriptException script = new FlywaySqlScriptException(mock(Resource.class), statement,
				new SQLException("syntax error at or near \"SELEC\"", "42601"), null);
		FlywayMigrateException failure = new FlywayMigrateException(migration, false, script, true,
				new MigrateResult("11.14.1", "neondb", "", "postgresql"));
		FailedMigration failed = FlywayInternals
			.failedMigration(new IllegalStateException("Migrating failed", failure));
		assertThat(failed).isNotNull();
		assertThat(failed.migration()).isSameAs(migration);
		assertThat(failed.sqlState()).isEqualTo("42601");
		assertThat(failed.executableInTransaction()).isTrue();
		assertThat(failed.lineNumber()).isEqualTo(3);
		assertThat(failed.statement()).isEqualTo("SELEC 1");
	}

	@Test
	void undoScriptsAreReadAsFlywayReadsMigrations(@TempDir Path locations) throws IOException {
		Files.writeString(locations.resolve("V1__notes.sql"), "CREATE TABLE notes (id int);");
		Files.writeString(locations.resolve("U1__notes.sql"), "-- undoes V1\nDROP TABLE ${table};");
		Files.writeString(locations.resolve("U1.1__title_index.sql"), "DROP INDEX CONCURRENTLY notes_title_idx;");
		Files.writeString(locations.resolve("Utilities.sql"), "SELECT 1;");
		Configuration configuration = Flyway.configure()
			.locations("filesystem:" + locations)
			.placeholders(Map.of("table", "notes"))
			.load()
			.getConfiguration();
		List<UndoScript> undo = FlywayInternals.undoScripts(configuration, "U", Map.of());
		assertThat(undo)
			.extracting((script) -> script.version().toString(), UndoScript::script, UndoScript::transactional,
					UndoScript::statements)
			.containsExactlyInAnyOrder(
					tuple("1", "U1__notes.sql", true, List.of(new Statement(2, "-- undoes V1\nDROP TABLE notes"))),
					tuple("1.1", "U1.1__title_index.sql", false,
							List.of(new Statement(1, "DROP INDEX CONCURRENTLY notes_title_idx"))));
	}

	@Test
	void otherFlywayFailuresAreNotFailedMigrations() {
		assertThat(FlywayInternals.failedMigration(new FlywayException("Validate failed"))).isNull();
	}

}
