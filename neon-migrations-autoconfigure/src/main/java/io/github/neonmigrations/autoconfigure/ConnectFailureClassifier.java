package io.github.neonmigrations.autoconfigure;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import javax.net.ssl.SSLException;

/**
 * Decides whether a failure to open the direct connection is worth retrying: a compute that is
 * waking up is, a wrong password is not. An ordered table, first match wins; it applies only
 * to opening a connection, never to a statement inside a migration.
 */
final class ConnectFailureClassifier {

	/**
	 * The table, in order. The README shows the same table.
	 */
	static final List<Rule> RULES = List.of(
			failFast("authentication failed", (ex) -> hasState(ex, "28P01", "28000")
					|| hasMessage(ex, "password authentication failed", "SASL authentication failed", "no such user")),
			failFast("unknown database", (ex) -> hasState(ex, "3D000") || hasMessage(ex, "no such database")),
			failFast("TLS or channel binding failure",
					(ex) -> hasCause(ex, SSLException.class) || hasMessage(ex, "SSL", "channel binding",
							"channelBinding", "certificate", "handshake")),
			failFast("unknown host", (ex) -> hasCause(ex, UnknownHostException.class)),
			failFast("the Neon endpoint is disabled", (ex) -> hasMessage(ex, "endpoint is disabled")),
			failFast("a Neon quota is exceeded", (ex) -> hasMessage(ex, "exceeded the limit of concurrently active endpoints",
					"endpoint is temporary unavailable", "quota")),
			retry("connection refused", (ex) -> hasCause(ex, ConnectException.class)),
			retry("connect timeout", (ex) -> hasCause(ex, SocketTimeoutException.class)
					|| hasMessage(ex, "Connection attempt timed out")),
			retry("the compute is waking up", (ex) -> hasMessage(ex, "Couldn't connect to compute node",
					"endpoint is idle, retry request", "timed out while waiting for endpoint to become active")),
			retry("the server is shutting down or starting up", (ex) -> hasState(ex, "57P01", "57P03")),
			retry("too many connections", (ex) -> hasState(ex, "53300")),
			retry("connection closed during setup", (ex) -> hasState(ex, "08001", "08006")
					&& (hasCause(ex, EOFException.class) || hasCause(ex, SocketException.class))));

	private ConnectFailureClassifier() {
	}

	/**
	 * Classifies a failure to open a connection.
	 * @param failure what the driver threw
	 * @return the first matching rule's verdict, or fail fast as not recognised
	 */
	static Classification classify(SQLException failure) {
		for (Rule rule : RULES) {
			if (rule.matches().test(failure)) {
				return new Classification(rule.retry(), rule.cause(), true);
			}
		}
		return new Classification(false, "not recognised as transient", false);
	}

	private static Rule failFast(String cause, Predicate<SQLException> matches) {
		return new Rule(cause, false, matches);
	}

	private static Rule retry(String cause, Predicate<SQLException> matches) {
		return new Rule(cause, true, matches);
	}

	private static boolean hasState(SQLException ex, String... states) {
		for (String state : states) {
			if (state.equals(ex.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasMessage(Throwable ex, String... fragments) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			String message = candidate.getMessage();
			if (message != null) {
				String lower = message.toLowerCase(Locale.ROOT);
				for (String fragment : fragments) {
					if (lower.contains(fragment.toLowerCase(Locale.ROOT))) {
						return true;
					}
				}
			}
		}
		return false;
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable candidate = ex.getCause(); candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * One row of the table.
	 *
	 * @param cause what the failure means, for logs and messages
	 * @param retry whether retrying can help
	 * @param matches whether a failure is of this kind
	 */
	record Rule(String cause, boolean retry, Predicate<SQLException> matches) {
	}

	/**
	 * The verdict on one failure.
	 *
	 * @param retry whether to try again
	 * @param cause what the failure means
	 * @param recognised whether a rule matched
	 */
	record Classification(boolean retry, String cause, boolean recognised) {
	}

}
