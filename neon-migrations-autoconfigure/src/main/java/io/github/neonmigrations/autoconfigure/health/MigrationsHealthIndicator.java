package io.github.neonmigrations.autoconfigure.health;

import io.github.neonmigrations.autoconfigure.MigrationOutcome;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the startup migration as the {@code migrations} health component, from what was
 * recorded then: it never opens a direct connection, so probes cannot keep a compute
 * awake.
 */
final class MigrationsHealthIndicator extends AbstractHealthIndicator {

	private final MigrationOutcome outcome;

	MigrationsHealthIndicator(MigrationOutcome outcome) {
		super("Migrations health check failed");
		this.outcome = outcome;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		MigrationOutcome.Result result = this.outcome.result().orElse(null);
		if (result == null) {
			builder.unknown().withDetail("reason", "no migration has run in this process");
			return;
		}
		builder.up()
			.withDetail("path",
					(result.path() == MigrationOutcome.Path.UP_TO_DATE)
							? "up to date, checked over the pooled endpoint; no direct connection opened"
							: "migrated over the direct endpoint")
			.withDetail("schemaVersion", (result.schemaVersion() != null) ? result.schemaVersion() : "none")
			.withDetail("durationMs", result.duration().toMillis())
			.withDetail("wakeUpWaitMs", result.wakeUpWait().toMillis())
			.withDetail("connectionAttempts", result.connectionAttempts())
			.withDetail("endpoint", result.endpoint());
		if (result.migrationsApplied() >= 0) {
			builder.withDetail("migrationsApplied", result.migrationsApplied());
		}
	}

}
