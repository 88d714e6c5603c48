package io.github.neonmigrations.autoconfigure.command;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.github.neonmigrations.autoconfigure.NeonMigrationsAutoConfiguration;
import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.NeonTopologyExtension;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a command set, the library's {@code flywayInitializer} leaves migrating to the
 * command, on a real database. The command runner itself is left out: it would exit the
 * test JVM.
 */
@ExtendWith(NeonTopologyExtension.class)
class CommandModeFlywayInitializerIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NeonMigrationsAutoConfiguration.class,
				DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class))
		.withPropertyValues("spring.flyway.locations=classpath:db/it/notes");

	@Test
	void initializerDoesNotMigrateWhenACommandIsSet(NeonTopology topology) {
		NeonDatabase database = topology.createDatabase();
		this.contextRunner.withPropertyValues("DATABASE_URL=" + database.pooledUrl(), "neon.migrations.command=history")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(FlywayMigrationInitializer.class);
				assertThat(historyTable(database)).isNull();
			});
	}

	@Test
	void initializerMigratesWithoutACommand(NeonTopology topology) {
		NeonDatabase database = topology.createDatabase();
		this.contextRunner.withPropertyValues("DATABASE_URL=" + database.pooledUrl())
			.run((context) -> assertThat(historyTable(database)).isEqualTo("flyway_schema_history"));
	}

	private static @Nullable String historyTable(NeonDatabase database) throws SQLException {
		try (Connection connection = database.openAdmin();
				ResultSet result = connection.createStatement()
					.executeQuery("SELECT to_regclass('public.flyway_schema_history')::text")) {
			result.next();
			return result.getString(1);
		}
	}

}
