package io.github.neonmigrations.autoconfigure.command;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.github.neonmigrations.autoconfigure.MigrationRunner;
import io.github.neonmigrations.autoconfigure.NeonMigrationsAutoConfiguration;
import io.github.neonmigrations.autoconfigure.NeonMigrationsException;
import io.github.neonmigrations.autoconfigure.NeonMigrationsProperties;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command runner in a real application context, with the process exit recorded
 * instead of taken, and no database: a migration strategy that records its call stands in
 * for Flyway.
 */
class MigrationCommandRunnerTests {

	private static final String POOLED = "postgresql://alice:s3cret@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(NeonMigrationsAutoConfiguration.class, DataSourceAutoConfiguration.class,
						FlywayAutoConfiguration.class, MigrationCommandAutoConfiguration.class))
		.withUserConfiguration(RecordingRunner.class)
		.withPropertyValues("DATABASE_URL=" + POOLED);

	@BeforeEach
	void forget() {
		RecordingRunner.exitCodes.clear();
		RecordingStrategy.calls.clear();
	}

	@Test
	void migrateRunsTheUserStrategyOnceAndExitsZero() {
		this.contextRunner.withUserConfiguration(RecordingStrategy.class)
			.withPropertyValues("neon.migrations.command=migrate")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(RecordingStrategy.calls).as("called by the command, not at startup").hasSize(1);
				assertThat(RecordingRunner.exitCodes).containsExactly(0);
			});
	}

	@Test
	void withoutACommandTheStrategyRunsAtStartupAndNothingExits() {
		this.contextRunner.withUserConfiguration(RecordingStrategy.class).run((context) -> {
			assertThat(RecordingStrategy.calls).hasSize(1);
			assertThat(RecordingRunner.exitCodes).isEmpty();
		});
	}

	@Test
	void commandIsReadWithRelaxedCase() {
		this.contextRunner.withUserConfiguration(RecordingStrategy.class)
			.withPropertyValues("neon.migrations.command=MIGRATE")
			.run((context) -> assertThat(RecordingRunner.exitCodes).containsExactly(0));
	}

	@Test
	void unknownCommandFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("neon.migrations.command=upgrade")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasRootCauseInstanceOf(IllegalArgumentException.class)
				.satisfies((failure) -> assertThat(findBindException(failure).getProperty().getName().toString())
					.isEqualTo("neon.migrations.command")));
	}

	@Test
	void downgradeStepsBelowOneFailStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("neon.migrations.command=downgrade", "neon.migrations.downgrade.steps=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasRootCauseMessage("neon.migrations.downgrade.steps must be at least 1, but is 0")
				.satisfies((failure) -> assertThat(findBindException(failure).getProperty().getName().toString())
					.isEqualTo("neon.migrations.downgrade.steps")));
	}

	@Test
	void commandWithFlywayOffFailsWithTheFix() {
		this.contextRunner.withPropertyValues("neon.migrations.command=history", "spring.flyway.enabled=false")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(NeonMigrationsException.class)
				.hasMessageContaining("no Flyway bean")
				.hasMessageContaining("Remove spring.flyway.enabled=false"));
	}

	private static BindException findBindException(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof BindException bind) {
				return bind;
			}
		}
		throw new AssertionError("No BindException in " + failure);
	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingRunner {

		// Static: exiting closes the context, so its beans cannot be asked afterwards.
		static final List<Integer> exitCodes = new ArrayList<>();

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		@Bean
		MigrationCommandRunner neonMigrationCommandRunner(ApplicationContext context,
				NeonMigrationsProperties properties, ObjectProvider<Flyway> flyway,
				ObjectProvider<MigrationRunner> runner) {
			return new MigrationCommandRunner(context, properties, flyway, runner,
					new PrintStream(this.out, true, StandardCharsets.UTF_8), exitCodes::add);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingStrategy {

		static final List<Flyway> calls = new ArrayList<>();

		@Bean
		FlywayMigrationStrategy recordingStrategy() {
			return calls::add;
		}

	}

}
