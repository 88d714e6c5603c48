package io.github.neonmigrations.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Records the startup migration as it happens: connection attempts, the wait for a waking
 * compute, and the result. It is the {@link MigrationOutcome} bean that health and
 * metrics read.
 */
final class MigrationRecorder implements MigrationOutcome, RetryingConnector.Listener {

	private final List<Consumer<Result>> completionListeners = new ArrayList<>();

	private int attempts;

	private int retries;

	private @Nullable Duration wakeUpWait;

	private @Nullable Result result;

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
	 * Records the end of the startup migration and tells the listeners.
	 * @param path how the schema was brought up to date
	 * @param endpoint the direct endpoint, masked
	 * @param schemaVersion the schema version afterwards, or {@code null} when there is
	 * none
	 * @param migrationsApplied how many migrations ran, or -1 when unknown
	 * @param duration how long checking and migrating took
	 */
	void completed(Path path, String endpoint, @Nullable String schemaVersion, int migrationsApplied,
			Duration duration) {
		Result completed;
		List<Consumer<Result>> listeners;
		synchronized (this) {
			completed = new Result(path, endpoint, schemaVersion, migrationsApplied, duration, this.attempts,
					this.retries, (this.wakeUpWait != null) ? this.wakeUpWait : Duration.ZERO);
			this.result = completed;
			listeners = List.copyOf(this.completionListeners);
		}
		listeners.forEach((listener) -> listener.accept(completed));
	}

	@Override
	public synchronized Optional<Result> result() {
		return Optional.ofNullable(this.result);
	}

	@Override
	public void whenCompleted(Consumer<Result> listener) {
		Result completed;
		synchronized (this) {
			if (this.result == null) {
				this.completionListeners.add(listener);
				return;
			}
			completed = this.result;
		}
		listener.accept(completed);
	}

}
