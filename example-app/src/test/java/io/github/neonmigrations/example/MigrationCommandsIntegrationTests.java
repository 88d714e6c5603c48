package io.github.neonmigrations.example;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.NeonTopologyExtension;
import io.github.neonmigrations.test.ServerLog;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the packaged notes service, {@code java -jar example-app.jar
 * --neon.migrations.command=...}, as its own process against the Neon-shaped topology
 * with Neon's pooled {@code DATABASE_URL}, and checks each command's output and exit
 * code, and from the database's side which endpoint it used.
 */
@ExtendWith(NeonTopologyExtension.class)
@Tag("slow")
class MigrationCommandsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	/** A row starts with a version; a log line with a date and time. */
	private static final Pattern ROW = Pattern.compile("\\d+(\\.\\d+)* ");

	private static final List<String> MIGRATIONS = List.of("V1__create_notes.sql", "V2__add_tags.sql",
			"V3__index_tags.sql", "V4__add_orders.sql", "V5__add_orders_index_notes_order_id_idx.sql",
			"V6__add_orders_validate.sql");

	@TempDir
	Path temp;

	@Test
	void migrateAppliesTheMigrationsOverTheDirectEndpointAndExitsZero(NeonTopology topology) throws Exception {
		NeonDatabase database = topology.createDatabase();
		ServerLog.Mark mark = topology.serverLog().mark();
		Run run = run(database, "--neon.migrations.command=migrate");
		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.stdout()).contains("Migrations: applied 6 migration(s) in")
			.contains("schema version 6")
			.contains("Migrations: direct connection closed (1 opened)")
			.doesNotContain("Tomcat");
		assertThat(database.schemaHistory()).containsExactly("1 true", "2 true", "3 true", "4 true", "5 true",
				"6 true");
		List<ServerLog.Entry> entries = of(database, topology.serverLog().since(mark));
		assertThat(entries)
			.filteredOn((entry) -> entry.statement() != null
					&& entry.statement().contains("CREATE INDEX CONCURRENTLY notes_tags_idx"))
			.singleElement()
			.satisfies((entry) -> assertThat(entry.isDirect()).isTrue());
		assertThat(topology.serverLog().directConnectionsSince(mark).openAtEnd()).isZero();
		assertThat(pooledBackends(entries)).isEmpty();
		assertThat(pgBouncerDatabases(topology)).doesNotContain(database.name());
		assertThat(topology.pgBouncer().clients())
			.noneMatch((client) -> database.name().equals(client.get("database")));
	}

	@Test
	void pooledConnectionsShowInTheChecksAbove(NeonTopology topology) throws Exception {
		// The checks that migrate opens no pooled connection can fail: one pooled query
		// shows in both.
		NeonDatabase database = topology.createDatabase();
		ServerLog.Mark mark = topology.serverLog().mark();
		try (Connection connection = database.openPooled(); Statement statement = connection.createStatement()) {
			statement.execute("SELECT 1");
		}
		assertThat(pooledBackends(of(database, topology.serverLog().since(mark)))).isNotEmpty();
		assertThat(pgBouncerDatabases(topology)).contains(database.name());
	}

	@Test
	void failingMigrationExitsOneWithTheDatabasesError(NeonTopology topology) throws Exception {
		NeonDatabase database = topology.createDatabase();
		Path migrations = failingMigrations();
		Run run = run(database, "--neon.migrations.command=migrate",
				"--spring.flyway.locations=filesystem:" + migrations);
		assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
		assertThat(run.output()).contains("column \"missing_column\" does not exist");
		assertThat(database.schemaHistory()).containsExactly("1 true", "2 true", "3 false");
	}

	@Test
	void historyListsEveryMigrationWithItsStateInAnAlignedTable(NeonTopology topology) throws Exception {
		NeonDatabase database = topology.createDatabase();
		Path migrations = copyOfTheMigrations();
		String locations = "--spring.flyway.locations=filesystem:" + migrations;
		seed(database, migrations);
		Files.writeString(migrations.resolve("V7__add_invoices.sql"),
				"CREATE TABLE invoices (id bigint PRIMARY KEY);\n");

		Run run = run(database, "--neon.migrations.command=history", locations);
		assertThat(run.exitCode()).as(run.output()).isZero();
		List<String> table = table(run.stdout());
		assertThat(table).hasSize(9);
		String header = table.get(0);
		assertThat(header).startsWith("Version")
			.contains("Description", "Type", "State", "Installed on (UTC)", "Execution time");
		int state = header.indexOf("State");
		int installedOn = header.indexOf("Installed on");
		assertThat(table.subList(2, 8)).allSatisfy((row) -> {
			assertThat(row.substring(state)).startsWith("Success ");
			assertThat(row.substring(installedOn)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +\\d+ ms");
		});
		assertThat(table.get(2)).startsWith("1 ").contains(" create notes ").contains(" SQL ");
		assertThat(table.get(4)).startsWith("3 ").contains(" index tags ");
		assertThat(table.get(7)).startsWith("6 ").contains(" add orders validate ");
		assertThat(table.get(8)).startsWith("7 ").contains(" add invoices ");
		assertThat(table.get(8).substring(state)).isEqualTo("Pending");
	}

	@Test
	void historyShowsAFailedMigration(NeonTopology topology) throws Exception {
		NeonDatabase database = topology.createDatabase();
		Path migrations = failingMigrations();
		String locations = "--spring.flyway.locations=filesystem:" + migrations;
		seed(database, migrations);

		Run run = run(database, "--neon.migrations.command=history", locations);
		assertThat(run.exitCode()).as(run.output()).isZero();
		List<String> table = table(run.stdout());
		int state = table.get(0).indexOf("State");
		assertThat(table.get(4)).startsWith("3 ").contains(" index missing column ");
		assertThat(table.get(4).substring(state)).startsWith("Failed ");
	}

	@Test
	void repairRemovesTheFailedMigrationSoThatTheFixedOneApplies(NeonTopology topology) throws Exception {
		NeonDatabase database = topology.createDatabase();
		Path migrations = failingMigrations();
		String locations = "--spring.flyway.locations=filesystem:" + migrations;
		seed(database, migrations);
		assertThat(run(database, "--neon.migrations.command=migrate", locations).output())
			.contains("Detected failed migration to version 3")
			.contains("--neon.migrations.command=repair");

		Run repair = run(database, "--neon.migrations.command=repair", locations);
		assertThat(repair.exitCode()).as(repair.output()).isZero();
		assertThat(repair.stdout()).contains("1 failed migration(s) removed")
			.contains("- removed failed version 3 (index missing column)");
		assertThat(database.schemaHistory()).containsExactly("1 true", "2 true");

		Files.writeString(migrations.resolve("V3__index_missing_column.sql"),
				"CREATE INDEX CONCURRENTLY notes_title_idx ON notes (title);\n");
		assertThat(run(database, "--neon.migrations.command=migrate", locations).exitCode()).isZero();
		assertThat(database.schemaHistory()).containsExactly("1 true", "2 true", "3 true");
	}

	@Test
	void downgradeTakesBackTheGeneratedMigrationsWithTheirGeneratedUndoScripts(NeonTopology topology) throws Exception {
		NeonDatabase database = topology.createDatabase();
		assertThat(run(database, "--neon.migrations.command=migrate").exitCode()).isZero();

		Run downgrade = run(database, "--neon.migrations.command=downgrade", "--neon.migrations.downgrade.target=3");
		assertThat(downgrade.exitCode()).as(downgrade.output()).isZero();
		assertThat(downgrade.stdout())
			.contains("Undid 3 migration(s) over the direct endpoint; schema version now 3 (index tags)")
			.contains("- U5__add_orders_index_notes_order_id_idx.sql cannot run in a transaction: it ran alone");
		assertThat(database.schemaHistory()).containsExactly("1 true", "2 true", "3 true");
		try (Connection connection = database.openAdmin();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT to_regclass('orders') IS NULL, "
						+ "(SELECT count(*) FROM pg_attribute WHERE attrelid = 'notes'::regclass AND attname = 'order_id'), "
						+ "to_regclass('notes_order_id_idx') IS NULL")) {
			assertThat(result.next()).isTrue();
			assertThat(result.getBoolean(1)).as("orders dropped").isTrue();
			assertThat(result.getInt(2)).as("notes.order_id dropped").isZero();
			assertThat(result.getBoolean(3)).as("index dropped").isTrue();
		}

		assertThat(run(database, "--neon.migrations.command=migrate").exitCode()).isZero();
		assertThat(database.schemaHistory()).hasSize(6).allMatch((row) -> row.endsWith(" true"));
	}

	@Test
	void currentShowsTheSchemaVersion(NeonTopology topology) throws Exception {
		NeonDatabase database = topology.createDatabase();
		Run before = run(database, "--neon.migrations.command=current");
		assertThat(before.exitCode()).as(before.output()).isZero();
		assertThat(before.stdout()).contains("\nNo migrations applied\n");
		seed(database, copyOfTheMigrations());

		Run after = run(database, "--neon.migrations.command=current");
		assertThat(after.exitCode()).as(after.output()).isZero();
		assertThat(after.stdout()).contains("\nCurrent version: 6 (add orders validate)\n");
	}

	@Test
	void validatePassesWhenTheMigrationsMatchTheSchemaHistory(NeonTopology topology) throws Exception {
		NeonDatabase database = topology.createDatabase();
		seed(database, copyOfTheMigrations());

		Run run = run(database, "--neon.migrations.command=validate");
		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.stdout()).contains("Valid: 6 migration(s) in classpath:db/migration match the schema history");
	}

	@Test
	void validateListsEachMismatchAndExitsTwo(NeonTopology topology) throws Exception {
		NeonDatabase database = topology.createDatabase();
		Path migrations = failingMigrations();
		String locations = "--spring.flyway.locations=filesystem:" + migrations;
		seed(database, migrations);
		Path first = migrations.resolve("V1__create_notes.sql");
		Files.writeString(first, Files.readString(first).replace("DEFAULT ''", "DEFAULT 'edited'"));
		Files.delete(migrations.resolve("V2__add_tags.sql"));

		Run run = run(database, "--neon.migrations.command=validate", locations);
		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.stdout()).contains("Invalid: 3 migration(s) in filesystem:" + migrations)
			.contains("- version 1 (create notes), " + first + ": changed since it was applied (checksum mismatch)")
			.contains("- version 2 (add tags): missing: applied, but not found locally")
			.contains("- version 3 (index missing column), " + migrations.resolve("V3__index_missing_column.sql")
					+ ": failed");
	}

	@Test
	void commandComesFromTheEnvironmentVariableToo(NeonTopology topology) throws Exception {
		NeonDatabase database = topology.createDatabase();
		Run run = run(Map.of("DATABASE_URL", database.pooledUrl(), "NEON_MIGRATIONS_COMMAND", "current"));
		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.stdout()).contains("\nNo migrations applied\n").doesNotContain("Tomcat");
	}

	@Test
	void unknownCommandFailsWithTheValidOnes(NeonTopology topology) throws Exception {
		NeonDatabase database = topology.createDatabase();
		ServerLog.Mark mark = topology.serverLog().mark();
		Run run = run(database, "--neon.migrations.command=upgrade");
		assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
		assertThat(run.output()).contains("APPLICATION FAILED TO START")
			.contains("neon.migrations.command")
			.contains("upgrade")
			.contains("MIGRATE", "HISTORY", "CURRENT", "VALIDATE");
		assertThat(of(database, topology.serverLog().since(mark))).isEmpty();
	}

	@Test
	void commandWithFlywayTurnedOffFailsWithTheReason(NeonTopology topology) throws Exception {
		NeonDatabase database = topology.createDatabase();
		Run run = run(database, "--neon.migrations.command=history", "--spring.flyway.enabled=false");
		assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
		assertThat(run.output()).contains("APPLICATION FAILED TO START")
			.contains("history: no Flyway bean is defined")
			.contains("Remove spring.flyway.enabled=false");
	}

	@Test
	void unreachableDatabaseExitsOneWithTheAnalysis() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		Run run = run(Map.of("DATABASE_URL", "postgresql://app:secret@127.0.0.1:" + closedPort + "/neondb"),
				"--neon.migrations.command=current", "--neon.migrations.connect-retry.budget=1s");
		assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
		assertThat(run.output()).contains("APPLICATION FAILED TO START")
			.contains("could not be reached within the retry budget")
			.contains("connection refused");
	}

	@Test
	void badConfigurationExitsOneWithTheAnalysis() throws Exception {
		Run run = run(Map.of("DATABASE_URL", "postgresql://app:secret@" + NeonTopology.POOLED_HOST + ":54x2/neondb"),
				"--neon.migrations.command=current");
		assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
		assertThat(run.output()).contains("APPLICATION FAILED TO START")
			.contains("The connection string in DATABASE_URL is invalid")
			.doesNotContain("secret");
	}

	/**
	 * Applies the migrations with Flyway's own API, as the library would, to set up what
	 * a command under test then reads. A failing set leaves its failed row, as with the
	 * library.
	 */
	private static void seed(NeonDatabase database, Path migrations) {
		Flyway flyway = Flyway.configure()
			.dataSource(database.directJdbcUrl(), database.username(), database.password())
			.locations("filesystem:" + migrations)
			.configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
			.load();
		try {
			flyway.migrate();
		}
		catch (FlywayException ex) {
			// The failing set is meant to fail.
		}
	}

	private Run run(NeonDatabase database, String... arguments) throws Exception {
		return run(Map.of("DATABASE_URL", database.pooledUrl()), arguments);
	}

	private Run run(Map<String, String> environment, String... arguments) throws Exception {
		String hostsFile = System.getProperty("jdk.net.hosts.file");
		String jar = System.getProperty("neon.exampleJar");
		assertThat(hostsFile).as("-Djdk.net.hosts.file of the test JVM").isNotBlank();
		assertThat(jar).as("neon.exampleJar, set by the build").isNotBlank();
		assertThat(Path.of(jar)).as("the repackaged jar").isRegularFile();
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
						// A command's process is short-lived: the fast compiler is
						// enough.
						"-XX:TieredStopAtLevel=1", "-Djdk.net.hosts.file=" + hostsFile, "-jar", jar));
		command.addAll(List.of(arguments));
		Path directory = Files.createTempDirectory(this.temp, "run");
		Path stdout = directory.resolve("stdout");
		Path stderr = directory.resolve("stderr");
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
			.redirectOutput(stdout.toFile())
			.redirectError(stderr.toFile());
		List.of("DATABASE_URL", "DATABASE_URL_MIGRATIONS", "DATABASE_URL_UNPOOLED", "POSTGRES_URL",
				"POSTGRES_URL_NON_POOLING", "DIRECT_URL", "NEON_MIGRATIONS_COMMAND")
			.forEach(builder.environment()::remove);
		builder.environment().putAll(environment);
		Process process = builder.start();
		if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			// A hung Spring application may ignore SIGTERM.
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			throw new AssertionError("java -jar did not exit within " + TIMEOUT + ":\n" + Files.readString(stdout)
					+ Files.readString(stderr));
		}
		return new Run(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
	}

	private Path copyOfTheMigrations() throws IOException {
		return copyOf(MIGRATIONS);
	}

	private Path copyOf(List<String> names) throws IOException {
		Path migrations = Files.createTempDirectory(this.temp, "migrations");
		for (String name : names) {
			try (InputStream in = getClass().getResourceAsStream("/db/migration/" + name)) {
				assertThat(in).as(name).isNotNull();
				Files.copy(in, migrations.resolve(name));
			}
		}
		return migrations;
	}

	/**
	 * V1 and V2 of the service, then a migration that fails outside a transaction, so
	 * that Flyway records it as failed.
	 */
	private Path failingMigrations() throws IOException {
		Path migrations = copyOf(MIGRATIONS.subList(0, 2));
		Files.writeString(migrations.resolve("V3__index_missing_column.sql"),
				"CREATE INDEX CONCURRENTLY notes_missing_idx ON notes (missing_column);\n");
		return migrations;
	}

	/**
	 * The table the history command printed: its header, rule and rows.
	 */
	private static List<String> table(String stdout) {
		List<String> lines = stdout.lines().toList();
		int header = lines
			.indexOf(lines.stream().filter((line) -> line.startsWith("Version  ")).findFirst().orElseThrow());
		List<String> table = new ArrayList<>();
		for (String line : lines.subList(header, lines.size())) {
			if (line.isBlank() || (table.size() > 1 && !ROW.matcher(line).lookingAt())) {
				break;
			}
			table.add(line);
		}
		return table;
	}

	private static List<ServerLog.Entry> of(NeonDatabase database, List<ServerLog.Entry> entries) {
		return entries.stream().filter((entry) -> database.name().equals(entry.database())).toList();
	}

	/**
	 * Entries of backends PgBouncer opened for a client: over the Unix socket, as a role
	 * other than {@code postgres}, which PgBouncer uses only to look up passwords.
	 */
	private static List<ServerLog.Entry> pooledBackends(List<ServerLog.Entry> entries) {
		return entries.stream().filter((entry) -> entry.isLocalSocket() && !"postgres".equals(entry.user())).toList();
	}

	/**
	 * The databases PgBouncer has a pool for: with the wildcard entry, one appears when a
	 * client first connects to it.
	 */
	private static List<String> pgBouncerDatabases(NeonTopology topology) {
		return topology.pgBouncer().show("SHOW DATABASES").stream().map((row) -> row.get("name")).toList();
	}

	private record Run(int exitCode, String stdout, String stderr) {

		String output() {
			return this.stdout + this.stderr;
		}

	}

}
