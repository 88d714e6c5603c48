package io.github.neonmigrations.connection;

import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules a connection string's parameters must follow for its host: libpq's
 * {@code sslrootcert=system}, Neon's TLS requirement and what transaction poolers accept.
 */
final class EndpointPolicy {

	private static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca",
			"verify-full");

	private static final Set<String> SSL_MODES_WITHOUT_TLS_GUARANTEE = Set.of("disable", "allow", "prefer");

	// pgjdbc would fail on these only when connecting, and then not always clearly.
	private static final List<String> SECONDS_PARAMETERS = List.of("connectTimeout", "loginTimeout", "socketTimeout",
			"cancelSignalTimeout");

	private static final List<String> POOLER_REJECTED_PARAMETERS = List.of("currentSchema", "options", "replication");

	private EndpointPolicy() {
	}

	/**
	 * Returns the parameters with the rules applied; the given ones are not changed.
	 */
	static Map<String, String> apply(String host, @Nullable Integer port, boolean declaredPooler,
			Map<String, String> parameters, Rejection rejection) {
		Map<String, String> result = systemRootCertificates(parameters, rejection);
		checkSslMode(result, rejection);
		checkNumbers(result, rejection);
		if (ConnectionString.isNeonHost(host)) {
			requireTls(result, rejection);
		}
		if (ConnectionString.isTransactionPooler(host, port, declaredPooler)) {
			checkStartupParameters(result, rejection);
		}
		return result;
	}

	private static void checkNumbers(Map<String, String> parameters, Rejection rejection) {
		for (String name : SECONDS_PARAMETERS) {
			String value = parameters.get(name);
			if (value != null
					&& (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit))) {
				throw rejection.reject(name, name + "=" + value + " must be a whole number of seconds",
						"Give the seconds as a number, e.g. " + name + "=10 (connect_timeout=10 in a libpq URI)");
			}
		}
	}

	private static Map<String, String> systemRootCertificates(Map<String, String> parameters, Rejection rejection) {
		if (!"system".equals(parameters.get("sslrootcert"))) {
			return new LinkedHashMap<>(parameters);
		}
		// pgjdbc would read "system" as a file name; its DefaultJavaSSLFactory is what
		// libpq means: the platform's trusted roots.
		if (parameters.containsKey("sslfactory")) {
			throw rejection.reject("sslfactory", "sslrootcert=system cannot be combined with sslfactory",
					"Remove sslfactory; sslrootcert=system already selects the JDK's trusted root certificates");
		}
		String sslMode = parameters.get("sslmode");
		if (sslMode != null && !sslMode.equals("verify-full")) {
			throw rejection.reject("sslmode",
					"sslmode=" + sslMode
							+ " is too weak for sslrootcert=system; like libpq, only verify-full is allowed",
					"Remove sslmode or set sslmode=verify-full");
		}
		Map<String, String> result = new LinkedHashMap<>();
		parameters.forEach((name, value) -> {
			if (name.equals("sslrootcert")) {
				result.put("sslfactory", LibpqParameters.DEFAULT_JAVA_SSL_FACTORY);
			}
			else {
				result.put(name, value);
			}
		});
		result.putIfAbsent("sslmode", "verify-full");
		return result;
	}

	private static void checkSslMode(Map<String, String> parameters, Rejection rejection) {
		String sslMode = parameters.get("sslmode");
		if (sslMode != null && !SSL_MODES.contains(sslMode)) {
			throw rejection.reject("sslmode",
					"sslmode=" + sslMode + " is not a valid mode; use one of " + String.join(", ", SSL_MODES),
					"Use sslmode=require, or sslmode=verify-full to also verify the server certificate");
		}
	}

	private static void requireTls(Map<String, String> parameters, Rejection rejection) {
		String sslMode = parameters.get("sslmode");
		if (sslMode == null) {
			sslMode = sslModeOfSslParameter(parameters, rejection);
			parameters.put("sslmode", sslMode);
		}
		else if (SSL_MODES_WITHOUT_TLS_GUARANTEE.contains(sslMode)) {
			throw rejection.reject("sslmode",
					"sslmode=" + sslMode + " is not allowed for Neon, which accepts only TLS connections",
					"Use sslmode=require, or sslmode=verify-full to also verify the server certificate");
		}
		if ((sslMode.equals("verify-ca") || sslMode.equals("verify-full")) && !parameters.containsKey("sslrootcert")
				&& !parameters.containsKey("sslfactory")) {
			// Neon's certificates chain to a public root that the JDK trusts, whereas
			// pgjdbc's default factory would look for ~/.postgresql/root.crt.
			parameters.put("sslfactory", LibpqParameters.DEFAULT_JAVA_SSL_FACTORY);
		}
	}

	private static String sslModeOfSslParameter(Map<String, String> parameters, Rejection rejection) {
		String ssl = parameters.get("ssl");
		if (ssl == null) {
			return "require";
		}
		// pgjdbc reads ssl=true (or an empty ssl) without sslmode as verify-full.
		if (ssl.isEmpty() || ssl.equalsIgnoreCase("true")) {
			return "verify-full";
		}
		throw rejection.reject("ssl", "ssl=" + ssl + " turns TLS off, but Neon accepts only TLS connections",
				"Remove ssl=" + ssl + " (sslmode=require is used when no sslmode is given)");
	}

	private static void checkStartupParameters(Map<String, String> parameters, Rejection rejection) {
		for (String name : POOLER_REJECTED_PARAMETERS) {
			if (parameters.containsKey(name)) {
				throw rejection.reject(name, name + " becomes a startup parameter, which a transaction pooler rejects"
						+ " with \"unsupported startup parameter\" (PgBouncer and Neon's pooler accept only"
						+ " client_encoding, datestyle, timezone, standard_conforming_strings and application_name)",
						action(name));
			}
		}
	}

	private static String action(String name) {
		if (name.equals("replication")) {
			return "Use the direct (non-pooler) URL; replication connections cannot go through a pooler";
		}
		return "Remove " + name + " and set the schema in SQL or in the migration instead (schema-qualified names,"
				+ " or spring.flyway.default-schema), or use the direct (non-pooler) URL";
	}

}
