package io.github.neonmigrations.autoconfigure;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import io.github.neonmigrations.autoconfigure.ConnectFailureClassifier.Classification;
import org.jspecify.annotations.Nullable;

/**
 * The direct connection could not be opened: either the failure is not one that retrying
 * fixes, or the retry budget is spent. Carries the classified cause and every attempt.
 */
class DirectConnectionException extends SQLException {

	private final @Nullable String host;

	private final @Nullable Classification classification;

	private final int attempts;

	private final Duration elapsed;

	private final List<String> history;

	private final boolean budgetSpent;

	DirectConnectionException(String host, Classification classification, int attempts, Duration elapsed,
			List<String> history, boolean budgetSpent, SQLException last) {
		super(message(host, classification, attempts, elapsed, history, budgetSpent), last.getSQLState(), last);
		this.host = host;
		this.classification = classification;
		this.attempts = attempts;
		this.elapsed = elapsed;
		this.history = List.copyOf(history);
		this.budgetSpent = budgetSpent;
	}

	DirectConnectionException(String message, SQLException last) {
		super(message, last.getSQLState(), last);
		this.host = null;
		this.classification = null;
		this.attempts = 0;
		this.elapsed = Duration.ZERO;
		this.history = List.of();
		this.budgetSpent = false;
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

	@Nullable String host() {
		return this.host;
	}

	@Nullable Classification classification() {
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
