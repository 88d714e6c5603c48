package io.github.neonmigrations.autoconfigure.command;

import java.io.PrintStream;
import java.util.Locale;

import io.github.neonmigrations.autoconfigure.MigrationStrategies;
import io.github.neonmigrations.autoconfigure.NeonMigrationsProperties.Command;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Runs the configured migration command once the context is refreshed, before any
 * {@code ApplicationRunner}, then closes the context and exits with the command's code. A
 * failure propagates out of the refresh, so that Spring Boot reports it and the process exits
 * with 1.
 */
final class MigrationCommandRunner implements ApplicationListener<ContextRefreshedEvent>, Ordered {

	static final String COMMAND_PROPERTY = "neon.migrations.command";

	private static final Log logger = LogFactory.getLog(MigrationCommandRunner.class);

	private final ApplicationContext context;

	private final ObjectProvider<Flyway> flyway;

	MigrationCommandRunner(ApplicationContext context, ObjectProvider<Flyway> flyway) {
		this.context = context;
		this.flyway = flyway;
	}

	/**
	 * The command configured in the environment.
	 * @param environment the environment
	 * @return the command, or {@code null} when none is set
	 */
	static @Nullable Command command(Environment environment) {
		if (!StringUtils.hasText(environment.getProperty(COMMAND_PROPERTY))) {
			return null;
		}
		return Binder.get(environment).bind(COMMAND_PROPERTY, Command.class).orElse(null);
	}

	@Override
	public void onApplicationEvent(ContextRefreshedEvent event) {
		if (event.getApplicationContext() != this.context
				|| !(this.context instanceof ConfigurableApplicationContext context)) {
			return;
		}
		Command command = command(context.getEnvironment());
		if (command == null) {
			return;
		}
		int exitCode = run(command, context);
		System.exit(SpringApplication.exit(context, () -> exitCode));
	}

	private int run(Command command, ConfigurableApplicationContext context) {
		String name = command.name().toLowerCase(Locale.ROOT);
		if (!context.getEnvironment().getProperty("neon.migrations.enabled", Boolean.class, true)) {
			throw new MigrationCommandException(name + ": neon.migrations.enabled is false, so the library does not "
					+ "configure migrations and the command cannot run.",
					"Remove neon.migrations.enabled=false, or remove neon.migrations.command.");
		}
		Flyway flyway = this.flyway.getIfAvailable();
		if (flyway == null) {
			throw new MigrationCommandException(name + ": no Flyway bean is defined, so there are no migrations to run "
					+ "or show.", "Remove spring.flyway.enabled=false, or remove neon.migrations.command.");
		}
		logger.info("Running the migration command '" + name + "'; the application does not start and the process "
				+ "exits when it is done");
		PrintStream out = System.out;
		int exitCode = switch (command) {
			case MIGRATE -> {
				MigrationStrategies.reporting(context.getBeanFactory()).migrate(flyway);
				yield MigrationCommands.SUCCESS;
			}
			case HISTORY -> MigrationCommands.history(flyway, out);
			case CURRENT -> MigrationCommands.current(flyway, out);
			case VALIDATE -> MigrationCommands.validate(flyway, out);
			case REPAIR -> MigrationCommands.repair(flyway, out);
		};
		out.flush();
		return exitCode;
	}

	@Override
	public int getOrder() {
		// Before any other listener that might touch a lazy bean, and so open a pooled connection.
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
