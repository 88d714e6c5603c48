package io.github.neonmigrations.autoconfigure.command;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.Locale;
import java.util.function.IntConsumer;

import io.github.neonmigrations.autoconfigure.MigrationRunner;
import io.github.neonmigrations.autoconfigure.NeonMigrationsException;
import io.github.neonmigrations.autoconfigure.NeonMigrationsProperties;
import io.github.neonmigrations.autoconfigure.NeonMigrationsProperties.Command;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.Ordered;

/**
 * Runs the configured migration command once the context is refreshed, before any
 * {@code ApplicationRunner}, then closes the context and exits with the command's code. A
 * failure propagates out of the refresh, so that Spring Boot reports it and the process
 * exits with 1.
 */
final class MigrationCommandRunner implements ApplicationListener<ContextRefreshedEvent>, Ordered {

	private static final Log logger = LogFactory.getLog(MigrationCommandRunner.class);

	private final ApplicationContext context;

	private final NeonMigrationsProperties properties;

	private final ObjectProvider<Flyway> flyway;

	private final ObjectProvider<MigrationRunner> runner;

	private final PrintStream out;

	private final IntConsumer exit;

	/**
	 * Creates the runner.
	 * @param context the application context it runs in
	 * @param properties the bound properties, which carry the command
	 * @param flyway the application's Flyway
	 * @param runner how the library migrates
	 * @param out where the command prints
	 * @param exit ends the process with the command's code
	 */
	MigrationCommandRunner(ApplicationContext context, NeonMigrationsProperties properties,
			ObjectProvider<Flyway> flyway, ObjectProvider<MigrationRunner> runner, PrintStream out, IntConsumer exit) {
		this.context = context;
		this.properties = properties;
		this.flyway = flyway;
		this.runner = runner;
		this.out = out;
		this.exit = exit;
	}

	@Override
	public void onApplicationEvent(ContextRefreshedEvent event) {
		Command command = this.properties.getCommand();
		if (event.getApplicationContext() != this.context || command == null) {
			return;
		}
		int exitCode = run(command);
		this.exit.accept(SpringApplication.exit(this.context, () -> exitCode));
	}

	/**
	 * Runs a command.
	 * @param command the command
	 * @return its exit code
	 * @throws NeonMigrationsException when the command cannot run in this application
	 */
	int run(Command command) {
		String name = command.name().toLowerCase(Locale.ROOT);
		Flyway flyway = this.flyway.getIfAvailable();
		MigrationRunner runner = this.runner.getIfAvailable();
		if (flyway == null || runner == null) {
			throw new NeonMigrationsException(
					name + ": no Flyway bean is defined, so there are no migrations to " + "run or show.",
					"Remove spring.flyway.enabled=false, or remove neon.migrations.command.");
		}
		logger.info("Running the migration command '" + name + "'; the application does not start and the process "
				+ "exits when it is done");
		int exitCode;
		try {
			exitCode = runCommand(command, flyway, runner);
		}
		catch (SQLException ex) {
			throw new NeonMigrationsException(name + ": could not read the database: " + ex.getMessage(),
					"Check that the direct endpoint is reachable, then run the command again.", ex);
		}
		this.out.flush();
		return exitCode;
	}

	private int runCommand(Command command, Flyway flyway, MigrationRunner runner) throws SQLException {
		return switch (command) {
			case MIGRATE -> {
				runner.migrate(flyway);
				yield MigrationCommands.SUCCESS;
			}
			case HISTORY -> MigrationCommands.history(flyway, this.out);
			case CURRENT -> MigrationCommands.current(flyway, this.out);
			case VALIDATE -> MigrationCommands.validate(flyway, this.out);
			case REPAIR -> MigrationCommands.repair(flyway, this.out);
			case LINT -> MigrationCommands.lint(flyway, this.out);
			case PLAN -> MigrationCommands.plan(flyway, this.out);
			case DOWNGRADE -> new Downgrade(flyway,
					new DowngradePlan.Request(this.properties.getDowngrade().getSteps(),
							this.properties.getDowngrade().getTarget()),
					this.properties.getLockTimeout(), this.out)
				.run();
		};
	}

	@Override
	public int getOrder() {
		// Before any other listener that might touch a lazy bean, and so open a pooled
		// connection.
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
