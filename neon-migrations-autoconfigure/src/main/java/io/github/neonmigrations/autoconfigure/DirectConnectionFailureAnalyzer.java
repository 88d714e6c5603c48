package io.github.neonmigrations.autoconfigure;

import java.sql.SQLException;

import io.github.neonmigrations.connection.ConnectionString;
import io.github.neonmigrations.connection.DriverVersion;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains why the direct connection for migrations could not be opened, by the
 * classified cause: what happened, on which endpoint and from which setting, and what to
 * do.
 */
class DirectConnectionFailureAnalyzer extends AbstractFailureAnalyzer<DirectConnectionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DirectConnectionException cause) {
		ConnectionString direct = cause.endpoint().connection();
		String endpoint = cause.endpoint().toString();
		String last = lastFailure(cause);
		if (cause.verdict() != DirectConnectionException.Verdict.NOT_RETRYABLE) {
			return unreachable(cause, endpoint, last);
		}
		String role = (direct.username() != null) ? direct.username() : "(none given)";
		return switch (cause.failure()) {
			case AUTHENTICATION_FAILED -> new FailureAnalysis(
					"Authentication failed for role '" + role + "' on the direct endpoint " + endpoint + ". " + last,
					"Check the password of role '" + role + "': copy the connection string again from the Neon "
							+ "console (Connect), or reset the role's password there. Migration credentials come from "
							+ "neon.migrations.username/password, then spring.flyway.user/password, then the direct "
							+ "URL's userinfo, then the application's credentials. In a URL the password must stay "
							+ "percent-encoded.",
					cause);
			case UNKNOWN_DATABASE -> new FailureAnalysis(
					"The database '" + direct.database() + "' does not exist on the direct endpoint " + endpoint + ". "
							+ last,
					"Check the database name at the end of the connection string against the Neon console, or "
							+ "create the database.",
					cause);
			case TLS_FAILURE -> new FailureAnalysis(
					"The TLS handshake or SCRAM channel binding " + "with the direct endpoint " + endpoint + " failed. "
							+ last,
					"Neon accepts only TLS: keep sslmode=require, or verify-full to check the certificate against the "
							+ "JDK trust store. channel_binding=require needs a PostgreSQL JDBC driver of 42.7.12 or "
							+ "newer (this one is " + DriverVersion.current() + "; set <postgresql.version>). A VPN or "
							+ "proxy that intercepts TLS breaks channel binding: try another network.",
					cause);
			case UNKNOWN_HOST ->
				new FailureAnalysis("The host of the direct endpoint " + endpoint + " cannot be resolved. " + last,
						"Check the host in the connection string (a derived direct host is the pooled one without "
								+ "'-pooler'), and your DNS or VPN settings. Set the direct URL explicitly with "
								+ "neon.migrations.url or DATABASE_URL_MIGRATIONS if it differs.",
						cause);
			case ENDPOINT_DISABLED ->
				new FailureAnalysis("Neon reports the direct endpoint " + endpoint + " as disabled. " + last,
						"Enable the compute in the Neon console, and check the project's status and billing.", cause);
			case QUOTA_EXCEEDED ->
				new FailureAnalysis("Neon refuses the direct endpoint " + endpoint + ": a quota is exceeded. " + last,
						"Check the project's usage and limits in the Neon console; suspend other computes or raise the "
								+ "plan's limits.",
						cause);
			// Transient kinds end here only if a retry verdict was mislabelled; explain
			// them as unrecognised rather than hide them.
			case CLOSED_DURING_TLS_SETUP, CONNECTION_REFUSED, CONNECT_TIMEOUT, COMPUTE_WAKING,
					SERVER_STARTING_OR_STOPPING, TOO_MANY_CONNECTIONS, POOLER_CANNOT_REACH_SERVER,
					CLOSED_DURING_SETUP ->
				unreachable(cause, endpoint, last);
			case UNRECOGNISED -> new FailureAnalysis(
					"Opening the direct connection to " + endpoint + " failed in a way that is "
							+ "not recognised as transient, so it was not retried. " + last,
					"Read the server's message above. If the failure is transient, starting again may succeed; "
							+ "neon.migrations.connect-retry only retries failures it recognises.",
					cause);
		};
	}

	private FailureAnalysis unreachable(DirectConnectionException cause, String endpoint, String last) {
		String host = cause.endpoint().connection().host();
		boolean retriesOff = cause.verdict() == DirectConnectionException.Verdict.RETRIES_OFF;
		String description = retriesOff
				? "The direct endpoint " + endpoint + " could not be reached: " + cause.failure().description()
						+ ", and retries are switched off (neon.migrations.connect-retry.enabled=false). " + last
				: "The direct endpoint " + endpoint + " could not be reached within the retry budget: "
						+ cause.attempts() + " attempts in " + RetryingConnector.seconds(cause.elapsed()) + ", "
						+ cause.failure().description() + ". " + last;
		String retries = retriesOff
				? "Switch retries back on (remove neon.migrations.connect-retry.enabled=false) so that a waking "
						+ "compute is waited for."
				: "Set the direct URL explicitly with neon.migrations.url or DATABASE_URL_MIGRATIONS if it was "
						+ "derived, or raise neon.migrations.connect-retry.budget for a slow wake-up.";
		return new FailureAnalysis(description,
				String.join("\n", "Likely causes: port 5432 is blocked by a firewall or the network (common on office, "
						+ "hotel and CI networks); the compute is suspended or disabled; a VPN or proxy is in the way.",
						"    - Wake the compute: open the project in the Neon console and run a query in its SQL "
								+ "editor, then start again.",
						"    - Try another network, or check that outbound TCP port 5432 is allowed (nc -vz " + host
								+ " 5432).",
						"    - Check firewall rules, and VPN or proxy settings.", "    - " + retries,
						"    - Write the migration now (./mvnw neon-migrations:new -Dname=\"...\") and apply it later "
								+ "from a network that reaches Neon (java -jar app.jar "
								+ "--neon.migrations.command=migrate)."),
				cause);
	}

	private static String lastFailure(DirectConnectionException cause) {
		Throwable last = cause.getCause();
		String state = (last instanceof SQLException sql) ? sql.getSQLState() + " " : "";
		return (last != null) ? "Last failure: " + state + last.getMessage() : "";
	}

}
