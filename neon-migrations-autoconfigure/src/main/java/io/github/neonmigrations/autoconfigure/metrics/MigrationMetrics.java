package io.github.neonmigrations.autoconfigure.metrics;

import java.util.Locale;

import io.github.neonmigrations.autoconfigure.MigrationOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes the startup migration as {@code neon.migrations.*} meters, from what the
 * migration and the connection logic recorded, not from a Flyway callback (which would
 * open one more direct connection).
 */
final class MigrationMetrics implements MeterBinder {

	private final MigrationOutcome outcome;

	MigrationMetrics(MigrationOutcome outcome) {
		this.outcome = outcome;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Timer wakeUp = Timer.builder("neon.migrations.wakeup")
			.description("Time from the first attempt to open the direct connection until it opened")
			.register(registry);
		Counter attempts = Counter.builder("neon.migrations.connection.attempts")
			.description("Attempts to open the direct connection")
			.register(registry);
		Counter retries = Counter.builder("neon.migrations.connection.retries")
			.description("Attempts to open the direct connection that were retried after a transient failure")
			.register(registry);
		this.outcome.whenCompleted((result) -> {
			// Tagged with the path, known only now: up-to-date (checked over the pooled
			// endpoint) or direct (Flyway migrated over the direct endpoint).
			Timer.builder("neon.migrations.duration")
				.description("Time the startup migration took, checking included")
				.tag("path", result.path().name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.register(registry)
				.record(result.duration());
			wakeUp.record(result.wakeUpWait());
			attempts.increment(result.connectionAttempts());
			retries.increment(result.connectionRetries());
		});
	}

}
