package io.github.neonmigrations.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.neonmigrations.autoconfigure.UpToDateCheck.Kind;
import io.github.neonmigrations.autoconfigure.UpToDateCheck.Verdict;
import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.NeonTopologyExtension;
import io.github.neonmigrations.test.ServerLog;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check over the pooled endpoint, case by case against a real schema history, and
 * against Flyway's own verdict over the direct endpoint: it finds the schema up to date
 * exactly when {@code migrate()} would apply nothing and {@code validate()} would pass.
 */
@ExtendWith({ NeonTopologyExtension.class, OutputCaptureExtension.class })
class UpToDateCheckIntegrationTests {

	@TempDir
	Path migrations;

	private NeonTopology topology;

	private NeonDatabase database;

	@BeforeEach
	void createDatabase(NeonTopology topology) throws IOException {
		this.topology = topology;
		this.database = topology.createDatabase();
		write("V1__notes.sql", "CREATE TABLE notes (id int);");
		write("V2__labels.sql", "CREATE TABLE labels (id int);");
	}

	@Test
	void appliedMigrationsAreUpToDate() throws Exception {
		migrate();
		Verdict verdict = checkAgreeingWithFlyway(configuration());
		assertThat(verdict.kind()).isEqualTo(Kind.UP_TO_DATE);
		assertThat(verdict.schemaVersion()).isEqualTo("2");
	}

	@Test
	void newMigrationIsPending() throws Exception {
		migrate();
		write("V3__tags.sql", "CREATE TABLE tags (id int);");
		assertThat(checkAgreeingWithFlyway(configuration()).kind()).isEqualTo(Kind.PENDING);
	}

	@Test
	void missingHistoryTableIsADoubt() throws Exception {
		Verdict verdict = checkAgreeingWithFlyway(configuration());
		assertThat(verdict.kind()).isEqualTo(Kind.DOUBT);
		assertThat(verdict.detail()).contains("does not exist yet");
	}

	@Test
	void failedMigrationIsADoubt() throws Exception {
		write("V3__unique_title.sql", "CREATE UNIQUE INDEX CONCURRENTLY notes_missing_idx ON notes (missing);");
		migrateExpectingFailure();
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true", "3 false");
		Verdict verdict = checkAgreeingWithFlyway(configuration());
		assertThat(verdict.kind()).isEqualTo(Kind.DOUBT);
		assertThat(verdict.detail()).contains("failed migration");
	}

	@Test
	void failedMigrationIsADoubtEvenWhenValidationIgnoresIt(CapturedOutput output) throws Exception {
		write("V3__unique_title.sql", "CREATE UNIQUE INDEX CONCURRENTLY notes_missing_idx ON notes (missing);");
		migrateExpectingFailure();
		// The failed version is now a future one, which validation ignores by default.
		Files.delete(this.migrations.resolve("V3__unique_title.sql"));
		Flyway flyway = configuration()
			.dataSource(this.database.directJdbcUrl(), this.database.username(), this.database.password())
			.load();
		assertThat(flyway.validateWithResult().validationSuccessful).as("validation ignores the failed row").isTrue();
		flyway.migrate();
		assertThat(output).as("migrate() reports the failed row")
			.contains("contains a failed future migration to version 3");
		Verdict verdict = check(configuration());
		assertThat(verdict.kind()).isEqualTo(Kind.DOUBT);
		assertThat(verdict.detail()).isEqualTo("the schema history has a failed migration");
	}

	@Test
	void checksumMismatchIsADoubt() throws Exception {
		migrate();
		write("V1__notes.sql", "CREATE TABLE notes (id bigint);");
		Verdict verdict = checkAgreeingWithFlyway(configuration());
		assertThat(verdict.kind()).isEqualTo(Kind.DOUBT);
		assertThat(verdict.detail()).contains("checksum mismatch");
	}

	@Test
	void changedRepeatableMigrationIsNotUpToDate() throws Exception {
		write("R__notes_view.sql", "CREATE OR REPLACE VIEW notes_view AS SELECT id FROM notes;");
		migrate();
		assertThat(checkAgreeingWithFlyway(configuration()).kind()).isEqualTo(Kind.UP_TO_DATE);
		write("R__notes_view.sql", "CREATE OR REPLACE VIEW notes_view AS SELECT id, 1 AS one FROM notes;");
		assertThat(checkAgreeingWithFlyway(configuration()).kind()).isNotEqualTo(Kind.UP_TO_DATE);
	}

	@Test
	void pendingVersionBelowTheAppliedOnesIsADoubt() throws Exception {
		migrate();
		write("V1_5__tags.sql", "CREATE TABLE tags (id int);");
		Verdict verdict = checkAgreeingWithFlyway(configuration());
		assertThat(verdict.kind()).isEqualTo(Kind.DOUBT);
		assertThat(verdict.detail()).contains("validation would fail");
	}

	@Test
	void appliedMigrationMissingLocallyIsADoubt() throws Exception {
		migrate();
		Files.delete(this.migrations.resolve("V1__notes.sql"));
		assertThat(checkAgreeingWithFlyway(configuration()).kind()).isEqualTo(Kind.DOUBT);
	}

	@Test
	void targetIsADoubt() throws Exception {
		migrate();
		Verdict verdict = checkAgreeingWithFlyway(configuration().target("1"));
		assertThat(verdict.kind()).isEqualTo(Kind.DOUBT);
		assertThat(verdict.detail()).contains("target");
	}

	@Test
	void baselinedHistoryIsJudgedAsFlywayJudgesIt() throws Exception {
		try (var connection = this.database.openAdmin()) {
			connection.createStatement().execute("CREATE TABLE notes (id int)");
		}
		migrate(configuration().baselineOnMigrate(true).baselineVersion("1"));
		assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true");
		Verdict verdict = checkAgreeingWithFlyway(configuration().baselineOnMigrate(true).baselineVersion("1"));
		assertThat(verdict.kind()).isEqualTo(Kind.UP_TO_DATE);
	}

	@Test
	void baselineStillToBeDoneIsADoubt() throws Exception {
		try (var connection = this.database.openAdmin()) {
			connection.createStatement().execute("CREATE TABLE notes (id int)");
		}
		Verdict verdict = checkAgreeingWithFlyway(configuration().baselineOnMigrate(true).baselineVersion("1"));
		assertThat(verdict.kind()).isEqualTo(Kind.DOUBT);
	}

	@Test
	void javaCallbackIsADoubtUnlessItIsTheLibrarysOwn() throws Exception {
		migrate();
		Callback callback = new AfterMigrateCallback();
		FluentConfiguration configuration = configuration().callbacks(callback);
		assertThat(check(configuration).detail()).contains("callback");
		assertThat(new UpToDateCheck(pooled(), (candidate) -> candidate == callback).check(configuration).kind())
			.isEqualTo(Kind.UP_TO_DATE);
	}

	@Test
	void sqlCallbackIsADoubt() throws Exception {
		migrate();
		write("afterMigrate.sql", "SELECT 1;");
		assertThat(check(configuration()).detail()).contains("SQL callbacks");
	}

	@Test
	void checkSendsOnlyMarkedSelectsThroughThePooler() throws Exception {
		migrate();
		ServerLog.Mark mark = this.topology.serverLog().mark();
		check(configuration());
		List<ServerLog.Entry> statements = this.topology.serverLog()
			.since(mark)
			.stream()
			.filter((entry) -> this.database.name().equals(entry.database()) && entry.statement() != null)
			.toList();
		// What PgBouncer sends on its own (its auth query, the SETs that carry tracked
		// startup
		// parameters to the server connection it lends) is left out: the check sent the
		// rest.
		assertThat(statements).filteredOn((entry) -> !entry.isSentByPgBouncer()).isNotEmpty().allSatisfy((entry) -> {
			assertThat(entry.isLocalSocket()).as("through PgBouncer").isTrue();
			assertThat(entry.statement()).startsWith(UpToDateCheck.MARKER + "SELECT ")
				.doesNotContainIgnoringCase("advisory_lock")
				.doesNotContainIgnoringCase("set_config")
				.doesNotContainIgnoringCase("temp");
		});
	}

	@Test
	void activitySeesFlywaysOwnLockAndTheHistoryProgress() throws Exception {
		migrate();
		write("V3__slow.sql", "SELECT pg_sleep(3);");
		Thread other = new Thread(this::migrate);
		other.start();
		try {
			UpToDateCheck check = new UpToDateCheck(pooled(), (callback) -> false);
			long deadline = System.nanoTime() + 30_000_000_000L;
			UpToDateCheck.Activity activity = check.activity(configuration(), "other-instance");
			while (!activity.locked()) {
				assertThat(System.nanoTime()).as("Flyway's lock seen within 30 s").isLessThan(deadline);
				Thread.sleep(50);
				activity = check.activity(configuration(), "other-instance");
			}
			assertThat(activity.lastInstalledRank()).isEqualTo(2);
		}
		finally {
			other.join(60_000);
		}
		UpToDateCheck.Activity after = new UpToDateCheck(pooled(), (callback) -> false).activity(configuration(),
				"other-instance");
		assertThat(after.locked()).isFalse();
		assertThat(after.lastInstalledRank()).isEqualTo(3);
	}

	/**
	 * Checks, and asserts that the check agrees with Flyway's own verdict over the direct
	 * endpoint: up to date only where Flyway has nothing to do, pending only where it
	 * has. A doubt leaves the decision to Flyway.
	 */
	private Verdict checkAgreeingWithFlyway(FluentConfiguration configuration) {
		Verdict verdict = check(configuration);
		Flyway flyway = configuration
			.dataSource(this.database.directJdbcUrl(), this.database.username(), this.database.password())
			.load();
		boolean nothingToDo = flyway.info().pending().length == 0 && flyway.validateWithResult().validationSuccessful;
		if (verdict.kind() != Kind.DOUBT) {
			assertThat(verdict.kind() == Kind.UP_TO_DATE).as("up to date by the check (%s), as by Flyway", verdict)
				.isEqualTo(nothingToDo);
		}
		return verdict;
	}

	private Verdict check(FluentConfiguration configuration) {
		return new UpToDateCheck(pooled(), (callback) -> false).check(configuration.load().getConfiguration());
	}

	private SimpleDriverDataSource pooled() {
		return new SimpleDriverDataSource(new org.postgresql.Driver(), this.database.pooledJdbcUrl(),
				this.database.username(), this.database.password());
	}

	private FluentConfiguration configuration() {
		return Flyway.configure()
			.locations("filesystem:" + this.migrations)
			.configuration(Map.of("flyway.postgresql.transactional.lock", "false"));
	}

	private void migrate() {
		migrate(configuration());
	}

	private void migrate(FluentConfiguration configuration) {
		configuration
			.dataSource(this.database.directJdbcUrl() + "&ApplicationName=other-instance", this.database.username(),
					this.database.password())
			.load()
			.migrate();
	}

	private void migrateExpectingFailure() {
		try {
			migrate();
		}
		catch (FlywayException ex) {
			// Expected: the migration fails outside a transaction and leaves its row.
		}
	}

	private void write(String name, String sql) throws IOException {
		Files.writeString(this.migrations.resolve(name), sql);
	}

	static class AfterMigrateCallback implements Callback {

		@Override
		public boolean supports(Event event, Context context) {
			return event == Event.AFTER_MIGRATE;
		}

		@Override
		public boolean canHandleInTransaction(Event event, Context context) {
			return true;
		}

		@Override
		public void handle(Event event, Context context) {
		}

		@Override
		public String getCallbackName() {
			return "after migrate";
		}

	}

}
