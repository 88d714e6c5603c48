package io.github.neonmigrations.autoconfigure;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import io.github.neonmigrations.autoconfigure.ConnectFailureClassifier.Classification;

/**
 * The direct connection could not be opened: either the failure is not one that retrying
 * fixes, or the retry budget is spent. Carries the endpoint, the classified cause and every
 * attempt.
 */
class DirectConnectionException extends SQLException {

	private final Endpoint endpoint;

	private final Classification classification;

	private final int attempts;

	private final Duration elapsed;

	private final List<String> history;

	private final boolean budgetSpent;

	DirectConnectionException(Endpoint endpoint, Classification classification, int attempts, Duration elapsed,
			List<String> history, boolean budgetSpent, SQLException last) {
		super(message(endpoint.connection().host(), classification, attempts, elapsed, history, budgetSpent),
				last.getSQLState(), last);
		this.endpoint = endpoint;
		this.classification = classification;
		this.attempts = attempts;
		this.elapsed = elapsed;
		this.history = List.copyOf(history);
		this.budgetSpent = budgetSpent;
	}

	private static String message(String host, Classification classification, int attempts, Duration elapsed,
			List<String> history, boolean budgetSpent) {
		String what = "Could not connect to the direct endpoint " + host;
		if (budgetSpent) {
			return what + ": still " + classification.cause() + " after " + attempts + " attempts in "
					+ ConnectRetry.seconds(elapsed) + ", the retry budget (neon.migrations.connect-retry.budget). "
					+ String.join("; ", history);
		}
		String verdict = classification.recognised() ? "Not retried: retrying cannot fix " + classification.cause()
				: "Not retried: this failure was not recognised as transient";
		return what + ": " + classification.cause() + ". " + verdict + ". " + String.join("; ", history);
	}

	Endpoint endpoint() {
		return this.endpoint;
	}

	Classification classification() {
		return this.classification;
	}

	int attempts() {
		return this.attempts;
	}

	Duration elapsed() {
		return this.elapsed;
	}

	List<String> history() {
		return this.history;
	}

	boolean budgetSpent() {
		return this.budgetSpent;
	}

}
