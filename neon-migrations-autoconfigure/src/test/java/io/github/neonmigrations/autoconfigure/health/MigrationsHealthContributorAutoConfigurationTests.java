package io.github.neonmigrations.autoconfigure.health;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

import io.github.neonmigrations.autoconfigure.MigrationOutcome;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code migrations} health component reads what was recorded, and can be turned off.
 */
class MigrationsHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MigrationsHealthContributorAutoConfiguration.class))
		.withUserConfiguration(RecordedOutcome.class);

	@Test
	void reportsTheRecordedMigration() {
		this.contextRunner.run((context) -> {
			Health health = context.getBean(MigrationsHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("path", "migrated over the direct endpoint")
				.containsEntry("schemaVersion", "3")
				.containsEntry("migrationsApplied", 2)
				.containsEntry("durationMs", 120L)
				.containsEntry("wakeUpWaitMs", 40L)
				.containsEntry("connectionAttempts", 2)
				.containsEntry("endpoint", "jdbc:postgresql://ep-x/neondb (user a, password ****) from DATABASE_URL");
		});
	}

	@Test
	void isUnknownBeforeAnyMigrationCompleted() {
		RecordedOutcome.result = null;
		try {
			this.contextRunner
				.run((context) -> assertThat(context.getBean(MigrationsHealthIndicator.class).health(true).getStatus())
					.isEqualTo(Status.UNKNOWN));
		}
		finally {
			RecordedOutcome.result = RecordedOutcome.COMPLETED;
		}
	}

	@Test
	void canBeTurnedOff() {
		this.contextRunner.withPropertyValues("management.health.migrations.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MigrationsHealthIndicator.class));
	}

	@Test
	void isAbsentWhenTheLibraryIsOff() {
		this.contextRunner.withPropertyValues("neon.migrations.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MigrationsHealthIndicator.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class RecordedOutcome {

		static final MigrationOutcome.Result COMPLETED = new MigrationOutcome.Result(MigrationOutcome.Path.DIRECT,
				"jdbc:postgresql://ep-x/neondb (user a, password ****) from DATABASE_URL", "3", 2,
				Duration.ofMillis(120), 2, 1, Duration.ofMillis(40));

		static MigrationOutcome.@Nullable Result result = COMPLETED;

		@Bean
		MigrationOutcome outcome() {
			return new MigrationOutcome() {

				@Override
				public Optional<Result> result() {
					return Optional.ofNullable(RecordedOutcome.result);
				}

				@Override
				public void whenCompleted(Consumer<Result> listener) {
					result().ifPresent(listener);
				}

			};
		}

	}

}
