package io.github.neonmigrations.autoconfigure;

import java.sql.SQLException;
import java.time.Duration;

/**
 * The direct connection could not be opened: the failure is not one that retrying fixes,
 * retries are off, or the retry budget is spent. Carries the endpoint, the kind of
 * failure and the attempts.
 */
class DirectConnectionException extends SQLException {

	private final Endpoint endpoint;

	private final ConnectFailure failure;

	private final int attempts;

	private final Duration elapsed;

	private final AttemptHistory history;

	private final Verdict verdict;

	DirectConnectionException(Endpoint endpoint, ConnectFailure failure, int attempts, Duration elapsed,
			AttemptHistory history, Verdict verdict, SQLException last) {
		super(message(endpoint.connection().host(), failure, attempts, elapsed, history, verdict), last.getSQLState(),
				last);
		this.endpoint = endpoint;
		this.failure = failure;
		this.attempts = attempts;
		this.elapsed = elapsed;
		this.history = history;
		this.verdict = verdict;
	}

	private static String message(String host, ConnectFailure failure, int attempts, Duration elapsed,
			AttemptHistory history, Verdict verdict) {
		String what = "Could not connect to the direct endpoint " + host;
		return switch (verdict) {
			case BUDGET_SPENT -> what + ": still " + failure.description() + " after " + attempts + " attempts in "
					+ RetryingConnector.seconds(elapsed) + ", the retry budget (neon.migrations.connect-retry.budget). "
					+ history;
			case NOT_RETRYABLE -> what + ": " + failure.description() + ". Not retried: "
					+ ((failure != ConnectFailure.UNRECOGNISED) ? "retrying cannot fix " + failure.description()
							: "this failure was not recognised as transient")
					+ ". " + history;
			case RETRIES_OFF -> what + ": " + failure.description()
					+ ". Not retried: retries are switched off (neon.migrations.connect-retry.enabled=false). "
					+ history;
		};
	}

	Endpoint endpoint() {
		return this.endpoint;
	}

	ConnectFailure failure() {
		return this.failure;
	}

	int attempts() {
		return this.attempts;
	}

	Duration elapsed() {
		return this.elapsed;
	}

	AttemptHistory history() {
		return this.history;
	}

	Verdict verdict() {
		return this.verdict;
	}

	/**
	 * Why no further attempt was made.
	 */
	enum Verdict {

		/** Retrying cannot fix this failure, or it was not recognised as transient. */
		NOT_RETRYABLE,

		/** The failure is transient, but retries are switched off. */
		RETRIES_OFF,

		/** The failure is transient, and the retry budget is spent. */
		BUDGET_SPENT;

		static Verdict of(ConnectFailure failure, boolean retriesEnabled) {
			return (failure.isRetryable() && !retriesEnabled) ? RETRIES_OFF : NOT_RETRYABLE;
		}

	}

}
