package io.github.neonmigrations.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Opens the direct connection, retrying failures that a waking compute or a restarting
 * server explain, with exponential backoff and jitter inside a total budget. The cap on
 * the interval is low so that migrations start soon after the database accepts
 * connections.
 */
final class RetryingConnector {

	private static final Log logger = LogFactory.getLog(RetryingConnector.class);

	private final NeonMigrationsProperties.ConnectRetry settings;

	private final Listener listener;

	private final Clock clock;

	private final LongUnaryOperator jitter;

	RetryingConnector(NeonMigrationsProperties.ConnectRetry settings, Listener listener) {
		this(settings, listener, Clock.SYSTEM, RetryingConnector::halfPlusRandomHalf);
	}

	/**
	 * Creates a connector on the given clock.
	 * @param settings how to retry
	 * @param listener hears about attempts
	 * @param clock reads time and waits
	 * @param jitter turns an interval in milliseconds into the wait before the next
	 * attempt
	 */
	RetryingConnector(NeonMigrationsProperties.ConnectRetry settings, Listener listener, Clock clock,
			LongUnaryOperator jitter) {
		this.settings = settings;
		this.listener = listener;
		this.clock = clock;
		this.jitter = jitter;
	}

	/**
	 * Opens a connection.
	 * @param endpoint the endpoint, for logs and messages
	 * @param connect one attempt to connect
	 * @return the connection
	 * @throws DirectConnectionException when a failure is not worth retrying, retries are
	 * off, or the budget is spent; it carries the attempts
	 * @throws SQLException when interrupted while waiting
	 */
	Connection open(Endpoint endpoint, Attempt connect) throws SQLException {
		String host = endpoint.connection().host();
		long start = this.clock.nanoTime();
		AttemptHistory history = new AttemptHistory();
		Duration interval = this.settings.getInitialInterval();
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
				ConnectFailure failure = ConnectFailure.classify(ex);
				Duration elapsed = since(start);
				history.add("attempt " + attempt + " at " + seconds(elapsed) + ": " + failure.description() + " ("
						+ ex.getSQLState() + " " + ex.getMessage() + ")");
				if (!failure.isRetryable() || !this.settings.isEnabled()) {
					throw new DirectConnectionException(endpoint, failure, attempt, elapsed, history,
							DirectConnectionException.Verdict.of(failure, this.settings.isEnabled()), ex);
				}
				Duration delay = Duration.ofMillis(this.jitter.applyAsLong(interval.toMillis()));
				if (elapsed.plus(delay).compareTo(this.settings.getBudget()) > 0) {
					throw new DirectConnectionException(endpoint, failure, attempt, elapsed, history,
							DirectConnectionException.Verdict.BUDGET_SPENT, ex);
				}
				logger
					.info("Direct endpoint " + host + " not reachable yet (attempt " + attempt + ", " + seconds(elapsed)
							+ " elapsed): " + failure.description() + "; retrying in " + delay.toMillis() + " ms");
				this.listener.retry();
				sleep(delay, ex);
				interval = min(interval.multipliedBy(2), this.settings.getMaxInterval());
			}
		}
	}

	/**
	 * Half the interval plus a random part of the other half, so that instances booting
	 * together do not retry in lockstep.
	 */
	static long halfPlusRandomHalf(long intervalMillis) {
		long half = intervalMillis / 2;
		return half + ThreadLocalRandom.current().nextLong(half + 1);
	}

	private void sleep(Duration delay, SQLException failure) throws SQLException {
		try {
			this.clock.sleep(delay);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SQLException("Interrupted while waiting to connect to the direct endpoint", failure);
		}
	}

	private Duration since(long start) {
		return Duration.ofNanos(this.clock.nanoTime() - start);
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	/**
	 * One attempt to open a connection.
	 */
	@FunctionalInterface
	interface Attempt {

		Connection open() throws SQLException;

	}

	/**
	 * Reads the time and waits, so that tests run on fake time.
	 */
	interface Clock {

		Clock SYSTEM = new Clock() {

			@Override
			public long nanoTime() {
				return System.nanoTime();
			}

			@Override
			public void sleep(Duration duration) throws InterruptedException {
				Thread.sleep(duration.toMillis());
			}

		};

		long nanoTime();

		void sleep(Duration duration) throws InterruptedException;

	}

	/**
	 * Hears about attempts, for health and metrics.
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

}
