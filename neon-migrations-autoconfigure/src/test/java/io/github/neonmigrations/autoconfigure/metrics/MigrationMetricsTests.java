package io.github.neonmigrations.autoconfigure.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.neonmigrations.autoconfigure.MigrationOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters take their values from the recorded result, once it is there.
 */
class MigrationMetricsTests {

	@Test
	void metersAreRecordedWhenTheMigrationCompletes() {
		List<Consumer<MigrationOutcome.Result>> listeners = new ArrayList<>();
		MigrationOutcome outcome = new MigrationOutcome() {

			@Override
			public Optional<Result> result() {
				return Optional.empty();
			}

			@Override
			public void whenCompleted(Consumer<Result> listener) {
				listeners.add(listener);
			}

		};
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new MigrationMetrics(outcome).bindTo(registry);
		assertThat(registry.find("neon.migrations.duration").timer()).isNull();

		listeners.forEach((listener) -> listener.accept(new MigrationOutcome.Result(MigrationOutcome.Path.DIRECT,
				"endpoint", "3", 2, Duration.ofMillis(250), 4, 3, Duration.ofMillis(900))));
		assertThat(
				registry.get("neon.migrations.duration").tag("path", "direct").timer().totalTime(TimeUnit.MILLISECONDS))
			.isEqualTo(250);
		assertThat(registry.get("neon.migrations.wakeup").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(900);
		assertThat(registry.get("neon.migrations.connection.attempts").counter().count()).isEqualTo(4);
		assertThat(registry.get("neon.migrations.connection.retries").counter().count()).isEqualTo(3);
	}

}
