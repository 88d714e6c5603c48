package io.github.neonmigrations.autoconfigure.metrics;

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
		Timer duration = Timer.builder("neon.migrations.duration")
			.description("Time the startup migration took over the direct endpoint")
			.register(registry);
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
			duration.record(result.duration());
			wakeUp.record(result.wakeUpWait());
			attempts.increment(result.connectionAttempts());
			retries.increment(result.connectionRetries());
		});
	}

}
