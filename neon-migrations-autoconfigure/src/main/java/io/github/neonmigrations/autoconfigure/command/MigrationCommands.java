package io.github.neonmigrations.autoconfigure.command;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.github.neonmigrations.flyway.FlywayInternals;
import io.github.neonmigrations.flyway.FlywayInternals.MigrationScript;
import io.github.neonmigrations.lint.Finding;
import io.github.neonmigrations.lint.MigrationLinter;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ErrorDetails;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.output.RepairOutput;
import org.flywaydb.core.api.output.RepairResult;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.core.api.pattern.ValidatePattern;
import org.jspecify.annotations.Nullable;

/**
 * The migration commands other than {@code migrate}: {@code history}, {@code current} and
 * {@code validate} read, {@code repair} changes the schema history. Each prints to the
 * given stream and returns the exit code. Flyway reaches the database over the direct
 * endpoint; a failure to connect propagates.
 */
final class MigrationCommands {

	static final int SUCCESS = 0;

	/** Exit code of {@code validate} when migrations do not match the schema history. */
	static final int INVALID = 2;

	/** Exit code of {@code lint} when a pending migration breaks a rule. */
	static final int FINDINGS = 2;

	/** Exit code of {@code plan} when something is pending. */
	static final int PENDING = 3;

	/** Exit code of {@code plan} when {@code migrate} would refuse to run. */
	static final int FAILURE = 1;

	private static final DateTimeFormatter INSTALLED_ON = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private MigrationCommands() {
	}

	static int history(Flyway flyway, PrintStream out) {
		MigrationInfo[] migrations = flyway.info().all();
		if (migrations.length == 0) {
			out.println("No migrations: none found in " + locations(flyway) + " and none applied");
			return SUCCESS;
		}
		TextTable table = new TextTable("Version", "Description", "Type", "State", "Installed on (UTC)",
				"Execution time");
		for (MigrationInfo migration : migrations) {
			table.row(version(migration), migration.getDescription(), migration.getType().name(),
					migration.getState().getDisplayName(), installedOn(migration.getInstalledOn()),
					(migration.getExecutionTime() != null) ? migration.getExecutionTime() + " ms" : "");
		}
		table.print(out);
		return SUCCESS;
	}

	static int current(Flyway flyway, PrintStream out) {
		MigrationInfo current = flyway.info().current();
		if (current == null) {
			out.println("No migrations applied");
		}
		else if (current.getVersion() == null) {
			out.println("No versioned migration applied; last repeatable migration: " + current.getDescription());
		}
		else {
			out.println("Current version: " + current.getVersion() + " (" + current.getDescription() + ")"
					+ (current.getState().isFailed() ? ", " + current.getState().getDisplayName() : ""));
		}
		return SUCCESS;
	}

	static int repair(Flyway flyway, PrintStream out) {
		RepairResult result = flyway.repair();
		out.println("Repaired the schema history: " + result.migrationsRemoved.size() + " failed migration(s) removed, "
				+ result.migrationsDeleted.size() + " marked as deleted, " + result.migrationsAligned.size()
				+ " checksum(s) realigned");
		for (RepairOutput removed : result.migrationsRemoved) {
			out.println("- removed failed " + describe(removed));
		}
		for (RepairOutput deleted : result.migrationsDeleted) {
			out.println("- marked as deleted " + describe(deleted));
		}
		for (RepairOutput aligned : result.migrationsAligned) {
			out.println("- realigned " + describe(aligned));
		}
		return SUCCESS;
	}

	private static String describe(RepairOutput migration) {
		return (migration.version == null || migration.version.isEmpty())
				? "repeatable migration '" + migration.description + "'"
				: "version " + migration.version + " (" + migration.description + ")";
	}

	static int validate(Flyway flyway, PrintStream out) {
		ValidateResult result = flyway.validateWithResult();
		if (result.validationSuccessful) {
			out.println("Valid: " + result.validateCount + " migration(s) in " + locations(flyway)
					+ " match the schema history");
			return SUCCESS;
		}
		List<ValidateOutput> invalid = result.invalidMigrations;
		out.println("Invalid: " + invalid.size() + " migration(s) in " + locations(flyway)
				+ " do not match the schema history");
		for (ValidateOutput migration : invalid) {
			out.println("- " + identify(migration) + ": " + kind(migration.errorDetails));
			printIndented(out, (migration.errorDetails != null) ? migration.errorDetails.errorMessage : null);
		}
		if (invalid.isEmpty() && result.errorDetails != null) {
			printIndented(out, result.errorDetails.errorMessage);
		}
		return INVALID;
	}

	static int lint(Flyway flyway, PrintStream out) throws SQLException {
		List<MigrationScript> scripts = pendingScripts(flyway);
		if (scripts.isEmpty()) {
			out.println("Nothing pending: no migration to lint in " + locations(flyway));
			return SUCCESS;
		}
		MigrationLinter.Report report = FlywayInternals.lint(scripts);
		printUnread(out, scripts, report);
		if (report.findings().isEmpty()) {
			out.println("No findings in " + scripts.size() + " pending migration(s)");
			return SUCCESS;
		}
		out.println(report.findings().size() + " finding(s) in " + scripts.size() + " pending migration(s):");
		report.findings().forEach((finding) -> out.println("- " + finding));
		return FINDINGS;
	}

	static int plan(Flyway flyway, PrintStream out) throws SQLException {
		ValidateResult validation = validateAsMigrateWould(flyway);
		if (validation != null && !validation.validationSuccessful) {
			out.println("migrate would refuse to run: " + validation.invalidMigrations.size()
					+ " migration(s) do not match the schema history");
			for (ValidateOutput migration : validation.invalidMigrations) {
				out.println("- " + identify(migration) + ": " + kind(migration.errorDetails));
			}
			return FAILURE;
		}
		List<MigrationScript> scripts = pendingScripts(flyway);
		if (scripts.isEmpty()) {
			out.println("Nothing pending: the schema is up to date with " + locations(flyway));
			return SUCCESS;
		}
		MigrationLinter.Report report = FlywayInternals.lint(scripts);
		out.println(scripts.size() + " pending migration(s), in the order migrate would apply them:");
		for (MigrationScript script : scripts) {
			MigrationInfo migration = script.migration();
			out.println();
			out.println(version(migration) + " " + migration.getDescription() + " (" + migration.getScript() + "), "
					+ (script.transactional() ? "in a transaction" : "without a transaction"));
			if (!script.sql()) {
				out.println("    (a " + migration.getType().name() + " migration: its statements are not known)");
			}
			else if (script.unreadable() != null) {
				out.println("    (cannot be read: " + script.unreadable() + ")");
			}
			for (MigrationLinter.Statement statement : script.statements()) {
				statement.sql().strip().lines().forEach((line) -> out.println("    " + line));
				out.println("    ;");
			}
			List<Finding> findings = report.findings()
				.stream()
				.filter((finding) -> finding.script().equals(migration.getScript()))
				.toList();
			out.println("  lint: " + (findings.isEmpty() ? "no findings" : findings.size() + " finding(s)"));
			findings.forEach((finding) -> out.println("  - " + finding));
		}
		printUnread(out, scripts, report);
		return PENDING;
	}

	/**
	 * The pending migrations as {@code migrate} decides them, read as Flyway would run
	 * them, with Flyway's placeholders filled over a connection of its own.
	 */
	private static List<MigrationScript> pendingScripts(Flyway flyway) throws SQLException {
		List<MigrationInfo> pending = List.of(flyway.info().pending());
		if (pending.isEmpty()) {
			return List.of();
		}
		Configuration configuration = flyway.getConfiguration();
		try (Connection connection = configuration.getDataSource().getConnection()) {
			return FlywayInternals.scripts(configuration, pending,
					FlywayInternals.placeholders(connection, configuration));
		}
	}

	private static void printUnread(PrintStream out, List<MigrationScript> scripts, MigrationLinter.Report report) {
		for (MigrationScript script : scripts) {
			if (script.unreadable() != null) {
				out.println(
						"Not linted: " + script.migration().getScript() + " cannot be read: " + script.unreadable());
			}
		}
		report.unread().forEach((statement) -> out.println("Not linted, the linter cannot read: " + statement));
	}

	/**
	 * Validates as {@code migrate} does before it migrates: pending migrations are not an
	 * error.
	 * @return the result, or {@code null} when migrate does not validate
	 */
	private static @Nullable ValidateResult validateAsMigrateWould(Flyway flyway) {
		Configuration configuration = flyway.getConfiguration();
		if (!configuration.isValidateOnMigrate()) {
			return null;
		}
		List<ValidatePattern> patterns = new ArrayList<>(Arrays.asList(configuration.getIgnoreMigrationPatterns()));
		patterns.add(ValidatePattern.fromPattern("*:pending"));
		return Flyway.configure(configuration.getClassLoader())
			.configuration(configuration)
			.ignoreMigrationPatterns(patterns.toArray(ValidatePattern[]::new))
			.load()
			.validateWithResult();
	}

	private static String identify(ValidateOutput migration) {
		String name = (migration.version == null || migration.version.isEmpty())
				? "repeatable migration '" + migration.description + "'"
				: "version " + migration.version + " (" + migration.description + ")";
		return (migration.filepath == null || migration.filepath.isEmpty()) ? name : name + ", " + migration.filepath;
	}

	private static String kind(@Nullable ErrorDetails details) {
		String code = (details != null && details.errorCode != null) ? details.errorCode.toString() : "";
		return switch (code) {
			case "CHECKSUM_MISMATCH" -> "changed since it was applied (checksum mismatch)";
			case "APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED", "APPLIED_REPEATABLE_MIGRATION_NOT_RESOLVED" ->
				"missing: applied, but not found locally";
			case "FAILED_VERSIONED_MIGRATION", "FAILED_REPEATABLE_MIGRATION" -> "failed";
			case "RESOLVED_VERSIONED_MIGRATION_NOT_APPLIED", "RESOLVED_REPEATABLE_MIGRATION_NOT_APPLIED" ->
				"not applied";
			case "OUTDATED_REPEATABLE_MIGRATION" -> "outdated: changed since it was applied";
			case "DESCRIPTION_MISMATCH" -> "description changed";
			case "TYPE_MISMATCH" -> "type changed";
			default -> code.toLowerCase(Locale.ROOT).replace('_', ' ');
		};
	}

	private static void printIndented(PrintStream out, @Nullable String message) {
		if (message != null) {
			message.lines().forEach((line) -> out.println("    " + line));
		}
	}

	private static String version(MigrationInfo migration) {
		return (migration.getVersion() != null) ? migration.getVersion().toString() : "repeatable";
	}

	private static String installedOn(@Nullable Date installedOn) {
		return (installedOn != null) ? INSTALLED_ON.format(installedOn.toInstant()) : "";
	}

	private static String locations(Flyway flyway) {
		return Arrays.stream(flyway.getConfiguration().getLocations())
			.map(Object::toString)
			.collect(Collectors.joining(", "));
	}

}
