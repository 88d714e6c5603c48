package io.github.neonmigrations.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.github.neonmigrations.autoconfigure.ConnectFailureClassifier.Classification;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Opens the direct connection, retrying failures that a waking compute or a restarting server
 * explain, with exponential backoff and jitter inside a total budget. The cap on the interval
 * is low so that migrations start soon after the database accepts connections.
 */
final class ConnectRetry {

	private static final Log logger = LogFactory.getLog(ConnectRetry.class);

	private final Settings settings;

	private final Sleeper sleeper;

	private final Listener listener;

	ConnectRetry(Settings settings, Listener listener) {
		this(settings, listener, Thread::sleep);
	}

	ConnectRetry(Settings settings, Listener listener, Sleeper sleeper) {
		this.settings = settings;
		this.listener = listener;
		this.sleeper = sleeper;
	}

	/**
	 * Opens a connection.
	 * @param endpoint the endpoint, for logs and messages
	 * @param connect one attempt to connect
	 * @return the connection
	 * @throws DirectConnectionException when a failure is not worth retrying or the budget
	 * is spent; it carries every attempt
	 * @throws SQLException when interrupted while waiting
	 */
	Connection open(Endpoint endpoint, Attempt connect) throws SQLException {
		String host = endpoint.connection().host();
		long start = System.nanoTime();
		List<String> history = new ArrayList<>();
		Duration interval = this.settings.initialInterval();
		for (int attempt = 1;; attempt++) {
			this.listener.attempt();
			try {
				Connection connection = connect.open();
				Duration waited = since(start);
				if (attempt > 1) {
					logger.info("Direct endpoint " + host + " answered after " + seconds(waited) + " and " + attempt
							+ " attempts");
				}
				this.listener.connected(waited, attempt);
				return connection;
			}
			catch (SQLException ex) {
				Classification classification = ConnectFailureClassifier.classify(ex);
				Duration elapsed = since(start);
				history.add("attempt " + attempt + " at " + seconds(elapsed) + ": " + classification.cause() + " ("
						+ ex.getSQLState() + " " + ex.getMessage() + ")");
				if (!classification.retry() || !this.settings.enabled()) {
					throw new DirectConnectionException(endpoint, classification, attempt, elapsed, history, false, ex);
				}
				Duration delay = jittered(interval);
				if (elapsed.plus(delay).compareTo(this.settings.budget()) > 0) {
					throw new DirectConnectionException(endpoint, classification, attempt, elapsed, history, true, ex);
				}
				logger.info("Direct endpoint " + host + " not reachable yet (attempt " + attempt + ", " + seconds(elapsed)
						+ " elapsed): " + classification.cause() + "; retrying in " + delay.toMillis() + " ms");
				this.listener.retry();
				sleep(delay, ex);
				interval = min(interval.multipliedBy(2), this.settings.maxInterval());
			}
		}
	}

	/**
	 * Half the interval plus a random part of the other half, so that instances booting
	 * together do not retry in lockstep.
	 */
	private static Duration jittered(Duration interval) {
		long half = interval.toMillis() / 2;
		return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
	}

	private void sleep(Duration delay, SQLException failure) throws SQLException {
		try {
			this.sleeper.sleep(delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SQLException("Interrupted while waiting to connect to the direct endpoint", failure);
		}
	}

	private static Duration since(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	static String seconds(Duration duration) {
		return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	/**
	 * One attempt to open a connection.
	 */
	@FunctionalInterface
	interface Attempt {

		Connection open() throws SQLException;

	}

	/**
	 * Waits between attempts.
	 */
	@FunctionalInterface
	interface Sleeper {

		void sleep(long millis) throws InterruptedException;

	}

	/**
	 * Hears about attempts, for metrics.
	 */
	interface Listener {

		Listener NONE = new Listener() {
		};

		default void attempt() {
		}

		default void retry() {
		}

		default void connected(Duration waited, int attempts) {
		}

	}

	/**
	 * How to retry.
	 *
	 * @param enabled whether to retry at all
	 * @param initialInterval the first wait
	 * @param maxInterval the longest wait
	 * @param budget the time after which no new attempt starts
	 */
	record Settings(boolean enabled, Duration initialInterval, Duration maxInterval, Duration budget) {

		static final Settings DEFAULTS = new Settings(true, Duration.ofMillis(100), Duration.ofMillis(500),
				Duration.ofSeconds(60));

	}

}
