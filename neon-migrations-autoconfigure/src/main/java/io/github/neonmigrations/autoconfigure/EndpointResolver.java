package io.github.neonmigrations.autoconfigure;

import java.util.List;

import io.github.neonmigrations.autoconfigure.Endpoint.Origin;
import io.github.neonmigrations.connection.ConnectionString;
import io.github.neonmigrations.connection.InvalidConnectionStringException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.PropertyResolver;
import org.springframework.util.StringUtils;

/**
 * Finds the pooled and the direct endpoint, and the credentials of each, in the order the
 * README documents. Connection-details beans, when given, win over everything. The
 * library's own settings come bound; only Spring Boot's keys and environment variables
 * are read from the environment.
 */
final class EndpointResolver {

	static final List<String> POOLED_SOURCES = List.of("spring.datasource.url", "DATABASE_URL", "POSTGRES_URL");

	/** Where a direct URL may come from after {@code neon.migrations.url}. */
	static final List<String> DIRECT_SOURCES = List.of("spring.flyway.url", "DATABASE_URL_MIGRATIONS",
			"DATABASE_URL_UNPOOLED", "POSTGRES_URL_NON_POOLING", "DIRECT_URL");

	static final String DIRECT_URL_PROPERTY = "neon.migrations.url";

	static final String DEFAULT_APPLICATION_NAME = "neon-migrations";

	static final String CONNECT_TIMEOUT_SECONDS = "10";

	static final String LOGIN_TIMEOUT_SECONDS = "20";

	private final NeonMigrationsProperties properties;

	private final PropertyResolver environment;

	EndpointResolver(NeonMigrationsProperties properties, PropertyResolver environment) {
		this.properties = properties;
		this.environment = environment;
	}

	/**
	 * Resolves both endpoints.
	 * @param pooledDetails the pooled endpoint of a user's {@code JdbcConnectionDetails}
	 * bean, with its credentials
	 * @param directDetails the direct endpoint of a user's
	 * {@code FlywayConnectionDetails} bean, with its credentials
	 * @param migrations whether Flyway runs; without it there is no migration endpoint to
	 * find or check
	 * @return the endpoints
	 * @throws NeonMigrationsException when no URL is configured, one cannot be parsed, or
	 * migrations would run through a pooler
	 */
	ResolvedEndpoints resolve(@Nullable Endpoint pooledDetails, @Nullable Endpoint directDetails, boolean migrations) {
		Endpoint configuredPooled = (pooledDetails != null) ? pooledDetails : configuredPooled();
		Endpoint configuredDirect = (directDetails != null) ? directDetails : configuredDirect();
		Endpoint pooled;
		if (configuredPooled != null) {
			pooled = configuredPooled;
		}
		else if (configuredDirect != null) {
			pooled = withApplicationCredentials(
					new Endpoint(configuredDirect.connection(), configuredDirect.source(), Origin.SHARED));
		}
		else {
			throw new NeonMigrationsException("No database URL is configured.",
					"Set DATABASE_URL to your Neon project's pooled connection string (or spring.datasource.url), "
							+ "and optionally DATABASE_URL_MIGRATIONS or neon.migrations.url to the direct one.");
		}
		if (!migrations) {
			return new ResolvedEndpoints(pooled, null);
		}
		// A connection-details bean's credentials win over every property, also for the
		// direct endpoint derived from it.
		boolean detailsCredentials = (directDetails != null) || (configuredDirect == null && pooledDetails != null);
		Endpoint direct = forMigrations((configuredDirect != null) ? configuredDirect : derived(pooled), pooled,
				detailsCredentials);
		checkNotPooler(direct);
		return new ResolvedEndpoints(pooled, direct);
	}

	private @Nullable Endpoint configuredPooled() {
		Endpoint configured = first(POOLED_SOURCES);
		if (configured == null) {
			configured = LibpqEnvironment.endpoint(this.environment, LibpqEnvironment.HOST);
		}
		return (configured != null) ? withApplicationCredentials(configured) : null;
	}

	private @Nullable Endpoint configuredDirect() {
		String url = this.properties.getUrl();
		if (StringUtils.hasText(url)) {
			return Endpoint.configured(parse(url, DIRECT_URL_PROPERTY), DIRECT_URL_PROPERTY);
		}
		Endpoint configured = first(DIRECT_SOURCES);
		if (configured == null && !hasUrl(POOLED_SOURCES)) {
			// PGHOST_UNPOOLED belongs with PGHOST, not beside a pooled URL that may name
			// another database.
			configured = LibpqEnvironment.endpoint(this.environment, LibpqEnvironment.UNPOOLED_HOST);
		}
		return configured;
	}

	private boolean hasUrl(List<String> sources) {
		return sources.stream().anyMatch((source) -> firstText(source) != null);
	}

	private static Endpoint derived(Endpoint pooled) {
		ConnectionString derived = pooled.connection().toDirect();
		Origin origin = (derived != pooled.connection()) ? Origin.DERIVED : Origin.SHARED;
		return new Endpoint(derived, pooled.source(), origin);
	}

	/**
	 * Each credential comes from the first of: the migration properties, the direct URL's
	 * own userinfo, the application's credentials. So an owner role for migrations and a
	 * less privileged role for the application work together. Credentials of a
	 * connection-details bean are used as they are.
	 */
	private Endpoint forMigrations(Endpoint direct, Endpoint pooled, boolean detailsCredentials) {
		ConnectionString connection = direct.connection();
		ConnectionString application = pooled.connection();
		String username = detailsCredentials ? connection.username() : firstNonNull(text(this.properties.getUsername()),
				firstText("spring.flyway.user"), connection.username(), application.username());
		String password = detailsCredentials ? connection.password() : firstNonNull(text(this.properties.getPassword()),
				firstText("spring.flyway.password"), connection.password(), application.password());
		// Bound the setup and authentication of each attempt, so that a stalled handshake
		// is retried instead of hanging; statements keep no timeout.
		return direct.withConnection(connection.withCredentials(username, password)
			.forMigrations()
			.withParameter("ApplicationName", applicationName())
			.withDefaultParameter("connectTimeout", CONNECT_TIMEOUT_SECONDS)
			.withDefaultParameter("loginTimeout", LOGIN_TIMEOUT_SECONDS));
	}

	private static @Nullable String firstNonNull(@Nullable String... values) {
		for (String value : values) {
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	private Endpoint withApplicationCredentials(Endpoint endpoint) {
		ConnectionString connection = endpoint.connection();
		String username = firstText("spring.datasource.username");
		String password = firstText("spring.datasource.password");
		return endpoint.withConnection(connection.withCredentials((username != null) ? username : connection.username(),
				(password != null) ? password : connection.password()));
	}

	private String applicationName() {
		String configured = text(this.properties.getApplicationName());
		if (configured != null) {
			return configured;
		}
		String application = firstText("spring.application.name");
		return (application != null) ? application + "-migrations" : DEFAULT_APPLICATION_NAME;
	}

	private void checkNotPooler(Endpoint direct) {
		if (direct.connection().isPooler() && !this.properties.isAllowPooler()) {
			throw new PoolerMigrationEndpointException(direct);
		}
	}

	private @Nullable Endpoint first(List<String> sources) {
		for (String source : sources) {
			String value = firstText(source);
			if (value != null) {
				return Endpoint.configured(parse(value, source), source);
			}
		}
		return null;
	}

	static ConnectionString parse(String value, String source) {
		try {
			return ConnectionString.parse(value);
		}
		catch (InvalidConnectionStringException ex) {
			throw new NeonMigrationsException("The connection string in " + source + " is invalid: " + ex.getMessage(),
					ex.action(), ex);
		}
	}

	private static @Nullable String text(@Nullable String value) {
		return StringUtils.hasText(value) ? value : null;
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
