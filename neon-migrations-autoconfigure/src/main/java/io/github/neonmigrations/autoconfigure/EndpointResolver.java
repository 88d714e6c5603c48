package io.github.neonmigrations.autoconfigure;

import java.util.List;

import io.github.neonmigrations.autoconfigure.ResolvedEndpoints.DirectOrigin;
import io.github.neonmigrations.connection.ConnectionString;
import io.github.neonmigrations.connection.InvalidConnectionStringException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.PropertyResolver;
import org.springframework.util.StringUtils;

/**
 * Finds the pooled and the direct endpoint, and the credentials of each, in the order the
 * README documents. Connection-details beans, when given, win over everything.
 */
final class EndpointResolver {

	static final List<String> POOLED_SOURCES = List.of("spring.datasource.url", "DATABASE_URL", "POSTGRES_URL");

	static final List<String> DIRECT_SOURCES = List.of("neon.migrations.url", "spring.flyway.url",
			"DATABASE_URL_MIGRATIONS", "DATABASE_URL_UNPOOLED", "POSTGRES_URL_NON_POOLING", "DIRECT_URL");

	static final String DEFAULT_APPLICATION_NAME = "neon-migrations";

	static final String CONNECT_TIMEOUT_SECONDS = "10";

	static final String LOGIN_TIMEOUT_SECONDS = "20";

	private final PropertyResolver environment;

	EndpointResolver(PropertyResolver environment) {
		this.environment = environment;
	}

	/**
	 * Resolves both endpoints.
	 * @param pooledDetails the pooled endpoint of a user's {@code JdbcConnectionDetails} bean
	 * @param directDetails the direct endpoint of a user's {@code FlywayConnectionDetails} bean
	 * @return the endpoints
	 * @throws EndpointException when no URL is configured, one cannot be parsed, or migrations
	 * would run through a pooler
	 */
	ResolvedEndpoints resolve(@Nullable Endpoint pooledDetails, @Nullable Endpoint directDetails) {
		Endpoint configuredPooled = (pooledDetails != null) ? pooledDetails : withApplicationCredentials(first(POOLED_SOURCES));
		Endpoint configuredDirect = (directDetails != null) ? directDetails : first(DIRECT_SOURCES);
		if (configuredPooled == null && configuredDirect == null) {
			throw new EndpointException("No database URL is configured.",
					"Set DATABASE_URL to your Neon project's pooled connection string (or spring.datasource.url), "
							+ "and optionally DATABASE_URL_MIGRATIONS or neon.migrations.url to the direct one. "
							+ "To use Spring Boot's own DataSource configuration instead, set neon.migrations.enabled=false.");
		}
		Endpoint pooled = (configuredPooled != null) ? configuredPooled
				: withApplicationCredentials(new Endpoint(configuredDirect.connection(),
						configuredDirect.source() + " (no pooled URL is configured, so the application uses it too)"));
		ResolvedEndpoints endpoints = (configuredDirect != null)
				? new ResolvedEndpoints(pooled, forMigrations(configuredDirect, pooled),
						DirectOrigin.CONFIGURED)
				: fromPooled(pooled);
		checkNotPooler(endpoints.direct());
		return endpoints;
	}

	private ResolvedEndpoints fromPooled(Endpoint pooled) {
		ConnectionString derived = pooled.connection().toDirect();
		if (derived == pooled.connection()) {
			return new ResolvedEndpoints(pooled, forMigrations(pooled, pooled), DirectOrigin.SAME_AS_POOLED);
		}
		Endpoint direct = new Endpoint(derived, "derived from " + pooled.source());
		return new ResolvedEndpoints(pooled, forMigrations(direct, pooled), DirectOrigin.DERIVED);
	}

	/**
	 * Each credential comes from the first of: the migration properties, the direct URL's own
	 * userinfo, the application's credentials. So an owner role for migrations and a less
	 * privileged role for the application work together.
	 */
	private Endpoint forMigrations(Endpoint direct, Endpoint pooled) {
		ConnectionString connection = direct.connection();
		ConnectionString application = pooled.connection();
		String username = firstNonNull(firstText("neon.migrations.username", "spring.flyway.user"),
				connection.username(), application.username());
		String password = firstNonNull(firstText("neon.migrations.password", "spring.flyway.password"),
				connection.password(), application.password());
		// Bound the setup and authentication of each attempt, so that a stalled handshake is
		// retried instead of hanging; statements keep no timeout (no socketTimeout).
		return new Endpoint(connection.withCredentials(username, password)
			.forMigrations()
			.withParameter("ApplicationName", applicationName())
			.withDefaultParameter("connectTimeout", CONNECT_TIMEOUT_SECONDS)
			.withDefaultParameter("loginTimeout", LOGIN_TIMEOUT_SECONDS), direct.source());
	}

	private static @Nullable String firstNonNull(@Nullable String... values) {
		for (String value : values) {
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	private @Nullable Endpoint withApplicationCredentials(@Nullable Endpoint endpoint) {
		if (endpoint == null) {
			return null;
		}
		ConnectionString connection = endpoint.connection();
		String username = firstText("spring.datasource.username");
		String password = firstText("spring.datasource.password");
		return new Endpoint(connection.withCredentials((username != null) ? username : connection.username(),
				(password != null) ? password : connection.password()), endpoint.source());
	}

	private String applicationName() {
		String configured = firstText("neon.migrations.application-name");
		if (configured != null) {
			return configured;
		}
		String application = firstText("spring.application.name");
		return (application != null) ? application + "-migrations" : DEFAULT_APPLICATION_NAME;
	}

	private void checkNotPooler(Endpoint direct) {
		if (direct.connection().isPooler()
				&& !this.environment.getProperty("neon.migrations.allow-pooler", Boolean.class, false)) {
			throw new PoolerMigrationEndpointException(direct);
		}
	}

	private @Nullable Endpoint first(List<String> sources) {
		for (String source : sources) {
			String value = firstText(source);
			if (value != null) {
				return new Endpoint(parse(value, source), source);
			}
		}
		return null;
	}

	static ConnectionString parse(String value, String source) {
		try {
			return ConnectionString.parse(value);
		}
		catch (InvalidConnectionStringException ex) {
			throw new EndpointException("The connection string in " + source + " is invalid: " + ex.getMessage(),
					ex.action(), ex);
		}
	}

	private @Nullable String firstText(String... names) {
		for (String name : names) {
			String value = this.environment.getProperty(name);
			if (StringUtils.hasText(value)) {
				return value;
			}
		}
		return null;
	}

}
