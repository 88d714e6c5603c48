package io.github.neonmigrations.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * What happened at startup on the direct endpoint: connection attempts, the wait for a
 * waking compute, and the migrations applied. Health and metrics read it, so that no probe
 * ever opens a direct connection.
 */
final class MigrationOutcome implements ConnectRetry.Listener {

	private final List<Consumer<MigrationOutcome>> completionListeners = new ArrayList<>();

	private int attempts;

	private int retries;

	private @Nullable Duration wakeUpWait;

	private @Nullable Snapshot result;

	@Override
	public synchronized void attempt() {
		this.attempts++;
	}

	@Override
	public synchronized void retry() {
		this.retries++;
	}

	@Override
	public synchronized void connected(Duration waited, int attempts) {
		if (this.wakeUpWait == null) {
			this.wakeUpWait = waited;
		}
	}

	/**
	 * Records the end of the startup migration.
	 * @param endpoint the direct endpoint, masked
	 * @param schemaVersion the schema version afterwards, or {@code null} when unknown
	 * @param migrationsApplied how many migrations ran, or -1 when a custom strategy ran
	 * @param duration how long migrating took
	 */
	void completed(String endpoint, @Nullable String schemaVersion, int migrationsApplied, Duration duration) {
		List<Consumer<MigrationOutcome>> listeners;
		synchronized (this) {
			this.result = new Snapshot(endpoint, schemaVersion, migrationsApplied, duration, this.attempts,
					this.retries, (this.wakeUpWait != null) ? this.wakeUpWait : Duration.ZERO);
			listeners = List.copyOf(this.completionListeners);
		}
		listeners.forEach((listener) -> listener.accept(this));
	}

	/**
	 * Calls the listener once the migration has completed: now if it has, otherwise then.
	 * @param listener the listener
	 */
	void whenCompleted(Consumer<MigrationOutcome> listener) {
		synchronized (this) {
			if (this.result == null) {
				this.completionListeners.add(listener);
				return;
			}
		}
		listener.accept(this);
	}

	synchronized @Nullable Snapshot result() {
		return this.result;
	}

	/**
	 * The startup migration's result.
	 *
	 * @param endpoint the direct endpoint, masked
	 * @param schemaVersion the schema version afterwards
	 * @param migrationsApplied how many migrations ran, -1 when unknown
	 * @param duration how long migrating took
	 * @param attempts attempts to open the direct connection until then
	 * @param retries attempts that were retried after a transient failure
	 * @param wakeUpWait time from the first attempt until the direct connection opened
	 */
	record Snapshot(String endpoint, @Nullable String schemaVersion, int migrationsApplied, Duration duration,
			int attempts, int retries, Duration wakeUpWait) {
	}

}
