package io.github.neonmigrations.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
 * A migration endpoint that only reads is reported before Flyway starts, with the fix,
 * instead of failing with SQLSTATE 25006 in the middle of its work. The database is made
 * read-only with {@code default_transaction_read_only}, as a streaming standby cannot be
 * built from the embedded PostgreSQL's binaries (no {@code pg_basebackup}); a standby is
 * recognised by {@code pg_is_in_recovery()} in the same query.
 */
@ExtendWith({ NeonTopologyExtension.class, OutputCaptureExtension.class })
class ReadOnlyEndpointIntegrationTests {

	@TempDir
	Path migrations;

	private NeonDatabase database;

	@BeforeEach
	void migrateFirstVersion(NeonTopology topology) throws Exception {
		this.database = topology.createDatabase();
		write("V1__notes.sql", "CREATE TABLE notes (id int PRIMARY KEY, title text);");
		boot().close();
		execute("ALTER DATABASE \"" + this.database.name() + "\" SET default_transaction_read_only = on");
	}

	@Test
	void pendingMigrationsOnAReadOnlyEndpointFailWithTheFixAndNothingChanges(CapturedOutput output) throws Exception {
		write("V2__body.sql", "ALTER TABLE notes ADD COLUMN body text;");
		Throwable failure = catchThrowable(this::boot);
		assertThat(failure).isNotNull();
		String report = output.getAll();
		assertThat(report).contains("APPLICATION FAILED TO START");
		String analysis = report.substring(report.indexOf("APPLICATION FAILED TO START"));
		assertThat(analysis).contains("is read-only: its transactions are read-only (default_transaction_read_only")
			.contains("Nothing was migrated.")
			.contains("This endpoint is read-only: use the primary's direct connection string")
			.doesNotContain(this.database.password());
		assertThat(report).doesNotContain("25006");
		execute("ALTER DATABASE \"" + this.database.name() + "\" RESET default_transaction_read_only");
		assertThat(this.database.schemaHistory()).containsExactly("1 true");
	}

	@Test
	void aReadOnlyEndpointWithNothingPendingStartsAsUsual() {
		// The check runs over the pooled endpoint and no direct connection is opened.
		boot().close();
	}

	private ConfigurableApplicationContext boot(String... extra) {
		List<String> properties = new ArrayList<>(List.of("DATABASE_URL=" + this.database.pooledUrl(),
				"spring.flyway.locations=filesystem:" + this.migrations));
		properties.addAll(List.of(extra));
		return TestApplication.run(properties.toArray(String[]::new));
	}

	private void execute(String sql) throws SQLException {
		try (Connection connection = this.database.openAdmin(); Statement statement = connection.createStatement()) {
			// The admin session itself may start read-only.
			statement.execute("SET default_transaction_read_only = off");
			statement.execute(sql);
		}
	}

	private void write(String name, String sql) throws IOException {
		Files.writeString(this.migrations.resolve(name), sql);
	}

}
