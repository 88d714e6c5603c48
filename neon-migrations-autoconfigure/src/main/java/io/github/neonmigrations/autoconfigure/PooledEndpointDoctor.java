package io.github.neonmigrations.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.github.neonmigrations.connection.ConnectionString;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.PropertyResolver;
import org.springframework.util.StringUtils;

/**
 * Settings of the application's pool that break under transaction pooling: each
 * transaction may run on another server connection, so session state set on one
 * connection is seen by other clients' transactions and missed by the next ones of this
 * client. One warning each, with the fix.
 */
final class PooledEndpointDoctor {

	private static final String HIKARI = "spring.datasource.hikari.";

	private static final String DATA_SOURCE_PROPERTIES = HIKARI + "data-source-properties.";

	// SET, SET SESSION and RESET, but not SET LOCAL, which ends with the transaction.
	private static final Pattern SESSION_SET = Pattern
		.compile("(?i)(^|;)\\s*(SET\\s+(?!LOCAL\\s)(SESSION\\s+)?\\w|RESET\\s)");

	/** pgjdbc's default: server-side prepared statements from the fifth execution. */
	private static final int PGJDBC_DEFAULT_PREPARE_THRESHOLD = 5;

	private PooledEndpointDoctor() {
	}

	/**
	 * The warnings for the application's pool.
	 * @param pooled the application's endpoint
	 * @param environment the environment, for Spring Boot's Hikari settings
	 * @return one line per setting that breaks, empty when the endpoint is not a
	 * transaction pooler
	 */
	static List<String> warnings(ConnectionString pooled, PropertyResolver environment) {
		if (!pooled.isPooler()) {
			return List.of();
		}
		List<String> warnings = new ArrayList<>();
		String initSql = text(environment.getProperty(HIKARI + "connection-init-sql"));
		if (initSql != null && SESSION_SET.matcher(initSql).find()) {
			warnings.add(HIKARI + "connection-init-sql sets session state ('" + initSql + "'), which a "
					+ "transaction pooler does not keep: the setting reaches one server connection, then other "
					+ "clients' transactions. Use SET LOCAL inside each transaction, or set it per role or "
					+ "database (ALTER ROLE ... SET), and remove it from connection-init-sql");
		}
		if (text(environment.getProperty(HIKARI + "schema")) != null) {
			warnings.add(HIKARI + "schema makes Hikari set the connection's schema once per connection, which a "
					+ "transaction pooler does not keep. Use schema-qualified names, "
					+ "spring.jpa.properties.hibernate.default_schema, or ALTER ROLE ... SET search_path, and "
					+ "remove " + HIKARI + "schema");
		}
		if ("always".equalsIgnoreCase(setting(pooled, environment, "readOnlyMode"))) {
			warnings.add("pgjdbc's readOnlyMode=always makes a read-only connection run SET SESSION "
					+ "CHARACTERISTICS AS TRANSACTION READ ONLY, which a transaction pooler leaves on a shared "
					+ "server connection. Use readOnlyMode=transaction (pgjdbc's default), which marks each "
					+ "transaction instead");
		}
		for (String startupParameter : List.of("currentSchema", "options")) {
			if (text(environment.getProperty(DATA_SOURCE_PROPERTIES + startupParameter)) != null) {
				warnings.add(DATA_SOURCE_PROPERTIES + startupParameter + " becomes a startup parameter, which a "
						+ "transaction pooler rejects with \"unsupported startup parameter\". Remove it and use "
						+ "schema-qualified names or ALTER ROLE ... SET instead");
			}
		}
		int prepareThreshold = prepareThreshold(pooled, environment);
		if (prepareThreshold > 0 && !supportsPreparedStatements(pooled)) {
			warnings.add("pgjdbc prepares statements on the server from their " + prepareThreshold
					+ "th execution (prepareThreshold=" + prepareThreshold + "), but " + poolerName(pooled)
					+ " does not support protocol-level prepared statements: queries would fail with "
					+ "\"prepared statement ... does not exist\". Add prepareThreshold=0 to the pooled URL");
		}
		return warnings;
	}

	/**
	 * Neon's pooler keeps prepared statements per client, as PgBouncer does from 1.21
	 * with {@code max_prepared_statements}. Supabase's transaction mode, and a PgBouncer
	 * marked with Prisma's {@code pgbouncer=true} (of a version not known), do not.
	 */
	private static boolean supportsPreparedStatements(ConnectionString pooled) {
		return !pooled.isDeclaredPooler() && !pooled.host().toLowerCase(Locale.ROOT).endsWith(".pooler.supabase.com");
	}

	private static String poolerName(ConnectionString pooled) {
		return pooled.isDeclaredPooler()
				? "a pooler marked pgbouncer=true (PgBouncer before 1.21, or without " + "max_prepared_statements)"
				: "Supabase's transaction pooler (port " + pooled.portOrDefault() + ")";
	}

	private static int prepareThreshold(ConnectionString pooled, PropertyResolver environment) {
		String value = setting(pooled, environment, "prepareThreshold");
		if (value == null) {
			return PGJDBC_DEFAULT_PREPARE_THRESHOLD;
		}
		try {
			return Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			return PGJDBC_DEFAULT_PREPARE_THRESHOLD;
		}
	}

	/**
	 * A pgjdbc property from the data-source properties, which win, or from the URL.
	 */
	private static @Nullable String setting(ConnectionString pooled, PropertyResolver environment, String name) {
		String configured = text(environment.getProperty(DATA_SOURCE_PROPERTIES + name));
		return (configured != null) ? configured : pooled.parameters().get(name);
	}

	private static @Nullable String text(@Nullable String value) {
		return StringUtils.hasText(value) ? value : null;
	}

}
