package io.github.neonmigrations.connection;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.postgresql.PGProperty;

/**
 * Translates the parameters of libpq URIs into pgjdbc connection properties.
 */
final class LibpqParameters {

	static final String DEFAULT_JAVA_SSL_FACTORY = "org.postgresql.ssl.DefaultJavaSSLFactory";

	private static final Map<String, String> TRANSLATED_NAMES = orderedMap("channel_binding", "channelBinding",
			"connect_timeout", "connectTimeout", "application_name", "ApplicationName", "sslnegotiation",
			"sslNegotiation", "require_auth", "requireAuth", "target_session_attrs", "targetServerType", "gssencmode",
			"gssEncMode");

	private static final Map<String, String> TARGET_SERVER_TYPES = orderedMap("any", "any", "read-write", "primary",
			"primary", "primary", "read-only", "secondary", "standby", "secondary", "prefer-standby",
			"preferSecondary");

	// Shared by libpq and pgjdbc; listed so that the error for an unknown name shows
	// them.
	private static final String LIBPQ_NAMES = "sslmode, sslrootcert, sslcert, sslkey, sslpassword, "
			+ String.join(", ", TRANSLATED_NAMES.keySet()) + ", options, user, password";

	private static final Set<String> PGJDBC_NAMES = Arrays.stream(PGProperty.values())
		.map(PGProperty::getName)
		.collect(Collectors.toUnmodifiableSet());

	// Prisma's own parameters, found in the URLs platforms hand out for Prisma
	// (POSTGRES_PRISMA_URL), with what does the same in a Spring service.
	private static final Map<String, String> PRISMA_ONLY = orderedMap("connection_limit",
			"Remove connection_limit and set spring.datasource.hikari.maximum-pool-size instead", "pool_timeout",
			"Remove pool_timeout and set spring.datasource.hikari.connection-timeout instead (milliseconds)", "schema",
			"Remove schema and set spring.flyway.default-schema for migrations and "
					+ "spring.jpa.properties.hibernate.default_schema (or schema-qualified names) for the "
					+ "application; a search_path startup parameter is rejected by a transaction pooler",
			"statement_cache_size",
			"Remove statement_cache_size; pgjdbc's prepareThreshold (0 turns server-side prepared statements off) "
					+ "does the same",
			"socket_timeout", "Remove socket_timeout and use pgjdbc's socketTimeout (seconds) instead");

	// pgjdbc reads these from the URL itself; as parameters they would silently replace
	// it.
	private static final Map<String, String> URL_PARTS = orderedMap("host", "host", "hostaddr", "host", "PGHOST",
			"host", "port", "port", "PGPORT", "port", "dbname", "database", "PGDBNAME", "database");

	private LibpqParameters() {
	}

	/**
	 * Whether a name is a parameter of libpq or pgjdbc, or a credential.
	 */
	static boolean isKnownName(String name) {
		return PGJDBC_NAMES.contains(name) || TRANSLATED_NAMES.containsKey(name) || URL_PARTS.containsKey(name)
				|| name.equals("user") || name.equals("password");
	}

	/**
	 * Returns the pgjdbc name and value for a parameter given in a libpq URI or a JDBC
	 * URL.
	 */
	static Map.Entry<String, String> translate(String name, String value, Rejection rejection) {
		checkNotUrlPart(name, rejection);
		String prismaAction = PRISMA_ONLY.get(name);
		if (prismaAction != null) {
			throw rejection.reject(name, name + " is a Prisma parameter that PostgreSQL and pgjdbc do not know",
					prismaAction);
		}
		String translated = TRANSLATED_NAMES.get(name);
		if (translated == null) {
			if (!PGJDBC_NAMES.contains(name)) {
				throw rejection.reject(name, unknownNameReason(name),
						"Remove the parameter or use its libpq or pgjdbc name");
			}
			return Map.entry(name, value);
		}
		if (translated.equals("targetServerType")) {
			return Map.entry(translated, targetServerType(name, value, rejection));
		}
		return Map.entry(translated, value);
	}

	/**
	 * Checks that a name may be set as a pgjdbc property on an already parsed connection
	 * string.
	 */
	static void checkSettable(String name, Rejection rejection) {
		if (name.equals("user") || name.equals("password")) {
			throw rejection.reject(name, "the " + name + " is not a parameter of the connection string",
					"Set the user and password with withCredentials");
		}
		checkNotUrlPart(name, rejection);
		if (!PGJDBC_NAMES.contains(name)) {
			throw rejection.reject(name, "unknown pgjdbc parameter '" + name + "'" + suggestion(name),
					"Use the name of a pgjdbc connection property, e.g. sslmode or connectTimeout");
		}
	}

	private static void checkNotUrlPart(String name, Rejection rejection) {
		String part = URL_PARTS.get(name);
		if (part != null) {
			throw rejection.reject(name,
					"the parameter '" + name + "' is not supported; the " + part + " belongs in the URL itself",
					"Remove the parameter and put the " + part
							+ " in the URL, as in postgresql://user:password@host:port/database");
		}
	}

	private static String targetServerType(String name, String value, Rejection rejection) {
		String translated = TARGET_SERVER_TYPES.get(value);
		if (translated == null) {
			throw rejection.reject(name,
					name + "=" + value + " is not supported; use one of "
							+ String.join(", ", TARGET_SERVER_TYPES.keySet()),
					"Use a supported value or remove " + name);
		}
		return translated;
	}

	private static String unknownNameReason(String name) {
		return "unknown parameter '" + name + "'" + suggestion(name) + "; use one of the libpq parameters "
				+ LIBPQ_NAMES
				+ ", or any pgjdbc connection property (e.g. sslfactory, socketTimeout, prepareThreshold)";
	}

	private static String suggestion(String name) {
		for (String known : TRANSLATED_NAMES.keySet()) {
			if (known.equalsIgnoreCase(name)) {
				return " (names are case-sensitive; did you mean '" + known + "'?)";
			}
		}
		for (String known : PGJDBC_NAMES) {
			if (known.equalsIgnoreCase(name)) {
				return " (names are case-sensitive; did you mean '" + known + "'?)";
			}
		}
		return "";
	}

	private static Map<String, String> orderedMap(String... keysAndValues) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int index = 0; index < keysAndValues.length; index += 2) {
			map.put(keysAndValues[index], keysAndValues[index + 1]);
		}
		return map;
	}

}
