package io.github.neonmigrations.autoconfigure;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.neonmigrations.connection.ConnectionString;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.PropertyResolver;
import org.springframework.util.StringUtils;

/**
 * Endpoints described by libpq's environment variables ({@code PGHOST}, {@code PGPORT},
 * {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD}, {@code PGSSLMODE},
 * {@code PGAPPNAME}), and by {@code PGHOST_UNPOOLED}, the direct host the Neon
 * integration sets beside {@code PGHOST} on Vercel. They are the lowest-precedence
 * source. The endpoint is written as a libpq URI and parsed like any other, so the same
 * TLS policy, derivation and masking apply.
 */
final class LibpqEnvironment {

	static final String HOST = "PGHOST";

	static final String UNPOOLED_HOST = "PGHOST_UNPOOLED";

	static final List<String> HOSTS = List.of(HOST, UNPOOLED_HOST);

	private LibpqEnvironment() {
	}

	/**
	 * The endpoint at the host in the given variable.
	 * @param environment the environment
	 * @param hostVariable {@link #HOST} or {@link #UNPOOLED_HOST}
	 * @return the endpoint, or {@code null} when the variable is not set
	 * @throws NeonMigrationsException when the variables do not describe an endpoint
	 */
	static @Nullable Endpoint endpoint(PropertyResolver environment, String hostVariable) {
		String host = text(environment.getProperty(hostVariable));
		if (host == null) {
			return null;
		}
		if (host.startsWith("/") || host.contains(",")) {
			throw new NeonMigrationsException(
					hostVariable + " is '" + host + "': a Unix-domain socket directory or a list of hosts, which "
							+ "this library does not support.",
					"Set " + hostVariable + " to one host name, or set DATABASE_URL to the connection string.");
		}
		String user = text(environment.getProperty("PGUSER"));
		String database = text(environment.getProperty("PGDATABASE"));
		if (database == null) {
			// libpq's default: the database named after the user.
			database = user;
		}
		if (database == null) {
			throw new NeonMigrationsException(hostVariable + " is set, but neither PGDATABASE nor PGUSER is.",
					"Set PGDATABASE and PGUSER (and PGPASSWORD) beside " + hostVariable
							+ ", or set DATABASE_URL to the connection string.");
		}
		StringBuilder uri = new StringBuilder("postgresql://");
		uri.append((host.indexOf(':') >= 0) ? "[" + host + "]" : host);
		String port = text(environment.getProperty("PGPORT"));
		if (port != null) {
			uri.append(':').append(port);
		}
		uri.append('/').append(encode(database));
		char separator = '?';
		for (String[] parameter : new String[][] { { "PGSSLMODE", "sslmode" }, { "PGAPPNAME", "application_name" } }) {
			String value = text(environment.getProperty(parameter[0]));
			if (value != null) {
				uri.append(separator).append(parameter[1]).append('=').append(encode(value));
				separator = '&';
			}
		}
		ConnectionString connection = EndpointResolver.parse(uri.toString(),
				String.join("/", hostVariable, "PGPORT", "PGDATABASE", "PGSSLMODE", "PGAPPNAME"));
		// The credentials never go through a URI: nothing to encode, nothing to leak in a
		// parse error.
		return Endpoint.configured(connection.withCredentials(user, text(environment.getProperty("PGPASSWORD"))),
				hostVariable);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static @Nullable String text(@Nullable String value) {
		return StringUtils.hasText(value) ? value.strip() : null;
	}

}
