package io.github.neonmigrations.autoconfigure;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.function.Predicate;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The kinds of failure to open the direct connection, in the order they are tried, first
 * match wins: whether retrying can help, and what each means. A compute that is waking up
 * is retried, a wrong password is not. It applies only to opening a connection, never to
 * a statement inside a migration. The README shows the same table.
 */
enum ConnectFailure {

	/**
	 * Wrong password or unknown role; PgBouncer answers {@code 08P01} with its own texts.
	 */
	AUTHENTICATION_FAILED("authentication failed", false,
			(ex) -> hasState(ex, "28P01", "28000")
					|| hasMessage(ex, "password authentication failed", "SASL authentication failed", "no such user")),

	/** The database named in the URL does not exist. */
	UNKNOWN_DATABASE("unknown database", false, (ex) -> hasState(ex, "3D000") || hasMessage(ex, "no such database")),

	/**
	 * A connection closed or reset while TLS was being set up: a waking compute or a
	 * proxy does this, so it is retried. Before the TLS failure below, which would
	 * otherwise claim it.
	 */
	CLOSED_DURING_TLS_SETUP("connection closed during TLS setup", true,
			(ex) -> (hasCause(ex, SSLException.class) || hasMessage(ex, "SSL error"))
					&& !hasCause(ex, CertificateException.class) && !hasCause(ex, SSLPeerUnverifiedException.class)
					&& (hasCause(ex, EOFException.class) || hasCause(ex, SocketException.class)
							|| hasMessage(ex, "Connection reset", "Remote host terminated the handshake",
									"Broken pipe"))),

	/** The certificate, the TLS protocol or SCRAM channel binding failed. */
	TLS_FAILURE("TLS or channel binding failure", false,
			(ex) -> hasCause(ex, SSLHandshakeException.class) || hasCause(ex, SSLException.class)
					|| hasMessage(ex, "SSL", "channel binding", "channelBinding", "certificate", "handshake")),

	/** The host name does not resolve. */
	UNKNOWN_HOST("unknown host", false, (ex) -> hasCause(ex, UnknownHostException.class)),

	/** Neon reports the endpoint as disabled. */
	ENDPOINT_DISABLED("the Neon endpoint is disabled", false, (ex) -> hasMessage(ex, "endpoint is disabled")),

	/** A Neon project limit is reached. */
	QUOTA_EXCEEDED("a Neon quota is exceeded", false,
			(ex) -> hasMessage(ex, "exceeded the limit of concurrently active endpoints",
					"endpoint is temporary unavailable", "quota")),

	/** Nothing listens on the port yet. */
	CONNECTION_REFUSED("connection refused", true, (ex) -> hasCause(ex, ConnectException.class)),

	/** TCP or the whole attempt ({@code loginTimeout}) timed out. */
	CONNECT_TIMEOUT("connect timeout", true,
			(ex) -> hasCause(ex, SocketTimeoutException.class) || hasMessage(ex, "Connection attempt timed out")),

	/** Neon's proxy answers while it wakes the compute. */
	COMPUTE_WAKING("the compute is waking up", true,
			(ex) -> hasMessage(ex, "Couldn't connect to compute node", "endpoint is idle, retry request",
					"timed out while waiting for endpoint to become active")),

	/** The server is shutting down or starting up. */
	SERVER_STARTING_OR_STOPPING("the server is shutting down or starting up", true,
			(ex) -> hasState(ex, "57P01", "57P03")),

	/** Every connection slot is taken. */
	TOO_MANY_CONNECTIONS("too many connections", true, (ex) -> hasState(ex, "53300")),

	/**
	 * A pooler that cannot reach its server yet, e.g. PgBouncer while PostgreSQL starts.
	 */
	POOLER_CANNOT_REACH_SERVER("the pooler cannot reach the database yet", true,
			(ex) -> hasMessage(ex, "server login has been failing", "pgbouncer cannot connect to server")),

	/**
	 * Accepted, then closed before the server answered, as a proxy in front of a waking
	 * compute does.
	 */
	CLOSED_DURING_SETUP("connection closed during setup", true,
			(ex) -> hasState(ex, "08001", "08006")
					&& (hasCause(ex, EOFException.class) || hasCause(ex, SocketException.class))),

	/**
	 * No rule matched; not retried, since retrying the unknown could hide a real problem.
	 */
	UNRECOGNISED("not recognised as transient", false, (ex) -> true);

	private final String description;

	private final boolean retryable;

	private final Predicate<SQLException> matches;

	ConnectFailure(String description, boolean retryable, Predicate<SQLException> matches) {
		this.description = description;
		this.retryable = retryable;
		this.matches = matches;
	}

	/**
	 * Classifies a failure to open a connection.
	 * @param failure what the driver threw
	 * @return the first kind that matches, {@link #UNRECOGNISED} when none does
	 */
	static ConnectFailure classify(SQLException failure) {
		for (ConnectFailure kind : values()) {
			if (kind.matches.test(failure)) {
				return kind;
			}
		}
		return UNRECOGNISED;
	}

	/**
	 * What the failure means, for logs and messages.
	 * @return e.g. "connection refused"
	 */
	String description() {
		return this.description;
	}

	/**
	 * Whether retrying can fix it.
	 * @return {@code true} for transient failures
	 */
	boolean isRetryable() {
		return this.retryable;
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

}
