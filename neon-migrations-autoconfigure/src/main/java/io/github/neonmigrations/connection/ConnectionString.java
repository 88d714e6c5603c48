package io.github.neonmigrations.connection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL connection string, parsed from a libpq URI or a pgjdbc URL, with the rules
 * for Neon's endpoints applied.
 *
 * @since 0.1.0
 */
public final class ConnectionString {

	static final int DEFAULT_PORT = 5432;

	private static final String POOLER_SUFFIX = "-pooler";

	/** Parameters that only work around a transaction pooler. */
	private static final Set<String> POOLER_ONLY_PARAMETERS = Set.of("prepareThreshold",
			"preparedStatementCacheQueries", "preparedStatementCacheSizeMiB");

	/**
	 * Parameters that are secrets: passed to the driver as properties, never in the URL.
	 */
	private static final Set<String> SECRET_PARAMETERS = Set.of("sslpassword");

	private final String host;

	private final @Nullable Integer port;

	private final String database;

	private final Map<String, String> parameters;

	private final @Nullable String username;

	private final @Nullable String password;

	private final boolean declaredPooler;

	ConnectionString(String host, @Nullable Integer port, String database, Map<String, String> parameters,
			@Nullable String username, @Nullable String password, boolean declaredPooler) {
		this.declaredPooler = declaredPooler;
		this.host = host;
		this.port = port;
		this.database = database;
		this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
		this.username = username;
		this.password = password;
	}

	/**
	 * Parses a {@code postgresql://} or {@code postgres://} URI, or a
	 * {@code jdbc:postgresql://} URL.
	 * @param input the connection string
	 * @return the parsed connection string
	 * @throws InvalidConnectionStringException if the input is not a usable connection
	 * string
	 */
	public static ConnectionString parse(@Nullable String input) {
		return ConnectionStringParser.parse(input);
	}

	/**
	 * Returns the host name or IP address; an IPv6 address is returned without brackets.
	 * @return the host
	 */
	public String host() {
		return this.host;
	}

	/**
	 * Returns the port as given.
	 * @return the port, or {@code null} when none was given
	 */
	public @Nullable Integer port() {
		return this.port;
	}

	/**
	 * Returns the port, or PostgreSQL's default port when none was given.
	 * @return the port
	 */
	public int portOrDefault() {
		return (this.port != null) ? this.port : DEFAULT_PORT;
	}

	/**
	 * Returns the database name.
	 * @return the database name, empty when none was given
	 */
	public String database() {
		return this.database;
	}

	/**
	 * Returns the pgjdbc connection properties in the order given, without the user and
	 * password.
	 * @return the unmodifiable parameters
	 */
	public Map<String, String> parameters() {
		return this.parameters;
	}

	/**
	 * Returns the parameters that are secrets, such as {@code sslpassword}; they are
	 * passed to the driver as properties, never in the URL.
	 * @return the unmodifiable secret parameters
	 */
	public Map<String, String> secretParameters() {
		Map<String, String> secrets = new LinkedHashMap<>();
		this.parameters.forEach((name, value) -> {
			if (SECRET_PARAMETERS.contains(name)) {
				secrets.put(name, value);
			}
		});
		return Collections.unmodifiableMap(secrets);
	}

	/**
	 * Returns what the driver gets beside the URL: the user, the password and the secret
	 * parameters.
	 * @return new properties for {@code Driver.connect}
	 */
	public Properties driverProperties() {
		Properties properties = new Properties();
		if (this.username != null) {
			properties.setProperty("user", this.username);
		}
		if (this.password != null) {
			properties.setProperty("password", this.password);
		}
		secretParameters().forEach(properties::setProperty);
		return properties;
	}

	/**
	 * Returns the user name.
	 * @return the user name, or {@code null} when none was given
	 */
	public @Nullable String username() {
		return this.username;
	}

	/**
	 * Returns the password.
	 * @return the password, or {@code null} when none was given
	 */
	public @Nullable String password() {
		return this.password;
	}

	/**
	 * Returns the pgjdbc URL; it never contains the user or password, which are passed to
	 * the driver separately.
	 * @return the JDBC URL
	 */
	public String toJdbcUrl() {
		Map<String, String> inUrl = new LinkedHashMap<>(this.parameters);
		inUrl.keySet().removeAll(SECRET_PARAMETERS);
		return jdbcUrl(this.host, this.port, this.database, inUrl);
	}

	/**
	 * Returns whether the host is a Neon endpoint.
	 * @return whether the host ends with {@code .neon.tech}
	 */
	public boolean isNeon() {
		return isNeonHost(this.host);
	}

	/**
	 * Returns whether the endpoint is a transaction pooler: Neon's {@code -pooler}
	 * endpoints, Supabase's pooler on port 6543, or any host marked with Prisma's
	 * {@code pgbouncer=true}.
	 * @return whether the endpoint is a transaction pooler
	 */
	public boolean isPooler() {
		return isTransactionPooler(this.host, this.port, this.declaredPooler);
	}

	/**
	 * Returns whether the endpoint is Supabase's pooler in session mode (port 5432),
	 * which keeps one server connection per client for the whole session and so is a
	 * valid migration endpoint.
	 * @return whether the endpoint is a session-mode pooler
	 */
	public boolean isSessionPooler() {
		return isSupabasePoolerHost(this.host) && !this.declaredPooler && portOrDefault() == DEFAULT_PORT;
	}

	/**
	 * Returns whether the connection string marks its host as a PgBouncer-style
	 * transaction pooler with Prisma's {@code pgbouncer=true}; PgBouncer before 1.21
	 * supports no protocol-level prepared statements.
	 * @return whether {@code pgbouncer=true} was given
	 */
	public boolean isDeclaredPooler() {
		return this.declaredPooler;
	}

	/**
	 * Returns the direct endpoint of a Neon pooled endpoint, by removing {@code -pooler}
	 * from the first label of the host. Only where this is the provider's documented
	 * naming rule: Neon's hosts and Vercel Postgres hosts, which are Neon endpoints.
	 * Elsewhere a host without {@code -pooler} may belong to someone else, and would
	 * receive the credentials.
	 * <p>
	 * Parameters that only work around a transaction pooler are dropped: server-side
	 * prepared statements ({@code prepareThreshold},
	 * {@code preparedStatementCacheQueries}) work on the direct endpoint, and channel
	 * binding weaker than {@code require} would weaken the direct endpoint's default.
	 * Parameters that mean the same on both endpoints (TLS, timeouts, the application
	 * name) are kept.
	 * @return the direct endpoint, or this instance when the host is not a Neon pooled
	 * host
	 */
	public ConnectionString toDirect() {
		String firstLabel = firstLabel(this.host);
		if (!isDerivableHost(this.host) || firstLabel.length() <= POOLER_SUFFIX.length()
				|| !endsWithPoolerSuffix(firstLabel)) {
			return this;
		}
		String directHost = firstLabel.substring(0, firstLabel.length() - POOLER_SUFFIX.length())
				+ this.host.substring(firstLabel.length());
		Map<String, String> parameters = new LinkedHashMap<>(this.parameters);
		parameters.keySet().removeAll(POOLER_ONLY_PARAMETERS);
		if (!"require".equals(parameters.get("channelBinding"))) {
			parameters.remove("channelBinding");
		}
		return new ConnectionString(directHost, this.port, this.database, parameters, this.username, this.password,
				false);
	}

	/**
	 * Returns a copy with both credentials replaced.
	 * @param username the user name, or {@code null} for none
	 * @param password the password, or {@code null} for none
	 * @return the copy
	 */
	public ConnectionString withCredentials(@Nullable String username, @Nullable String password) {
		return new ConnectionString(this.host, this.port, this.database, this.parameters, emptyToNull(username),
				emptyToNull(password), this.declaredPooler);
	}

	/**
	 * Returns a copy with the pgjdbc parameter set, replacing any value it has.
	 * @param name the name of a pgjdbc connection property
	 * @param value the value
	 * @return the copy
	 * @throws InvalidConnectionStringException if the name is unknown or the result
	 * breaks the rules for the host
	 */
	public ConnectionString withParameter(String name, String value) {
		Objects.requireNonNull(name, "'name' must not be null");
		Objects.requireNonNull(value, "'value' must not be null");
		Map<String, String> candidate = new LinkedHashMap<>(this.parameters);
		candidate.put(name, value);
		Rejection rejection = rejectionFor(candidate);
		LibpqParameters.checkSettable(name, rejection);
		return new ConnectionString(this.host, this.port, this.database,
				EndpointPolicy.apply(this.host, this.port, this.declaredPooler, candidate, rejection), this.username,
				this.password, this.declaredPooler);
	}

	/**
	 * Returns a copy with the pgjdbc parameter set when it is not set yet.
	 * @param name the name of a pgjdbc connection property
	 * @param value the value
	 * @return the copy, or this instance when the parameter is already set
	 * @throws InvalidConnectionStringException if the name is unknown or the result
	 * breaks the rules for the host
	 */
	public ConnectionString withDefaultParameter(String name, String value) {
		Objects.requireNonNull(name, "'name' must not be null");
		return this.parameters.containsKey(name) ? this : withParameter(name, value);
	}

	/**
	 * Returns the connection string to run migrations with: on Neon, channel binding is
	 * required unless {@code channelBinding} is given.
	 * @return the connection string for migrations
	 */
	public ConnectionString forMigrations() {
		// Neon supports SCRAM channel binding, so requiring it costs nothing and stops a
		// man in the middle from downgrading the authentication of the schema owner.
		return isNeon() ? withDefaultParameter("channelBinding", "require") : this;
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		if (this == obj) {
			return true;
		}
		if (obj == null || getClass() != obj.getClass()) {
			return false;
		}
		ConnectionString other = (ConnectionString) obj;
		return this.host.equals(other.host) && Objects.equals(this.port, other.port)
				&& this.database.equals(other.database) && this.parameters.equals(other.parameters)
				&& Objects.equals(this.username, other.username) && Objects.equals(this.password, other.password)
				&& this.declaredPooler == other.declaredPooler;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.host, this.port, this.database, this.parameters, this.username, this.password,
				this.declaredPooler);
	}

	/**
	 * Returns the JDBC URL with the user and masked secrets.
	 * @return the masked description, e.g.
	 * {@code jdbc:postgresql://host/db (user alice, password ****)}
	 */
	@Override
	public String toString() {
		String url = Masking.maskUrls(toJdbcUrl());
		List<String> credentials = new ArrayList<>();
		if (this.username != null) {
			credentials.add("user " + this.username);
		}
		if (this.password != null) {
			credentials.add("password " + Masking.MASK);
		}
		secretParameters().keySet().forEach((name) -> credentials.add(name + " " + Masking.MASK));
		return credentials.isEmpty() ? url : url + " (" + String.join(", ", credentials) + ")";
	}

	static boolean isNeonHost(String host) {
		return normalized(host).endsWith(".neon.tech");
	}

	/**
	 * Whether the direct host may be derived: Neon's hosts, and Vercel Postgres hosts,
	 * which are Neon endpoints.
	 */
	static boolean isDerivableHost(String host) {
		return isNeonHost(host) || normalized(host).endsWith(".postgres.vercel-storage.com");
	}

	static boolean isPoolerHost(String host) {
		if (host.indexOf(':') >= 0) {
			return false;
		}
		return endsWithPoolerSuffix(firstLabel(host)) || isSupabasePoolerHost(host);
	}

	/**
	 * Whether connections to the endpoint share server connections per transaction.
	 * Supabase's pooler host serves transaction mode on port 6543 and session mode on
	 * 5432.
	 */
	static boolean isTransactionPooler(String host, @Nullable Integer port, boolean declaredPooler) {
		if (declaredPooler) {
			return true;
		}
		if (isSupabasePoolerHost(host)) {
			return port != null && port != DEFAULT_PORT;
		}
		return isPoolerHost(host);
	}

	private static boolean isSupabasePoolerHost(String host) {
		return normalized(host).endsWith(".pooler.supabase.com");
	}

	/**
	 * The host as DNS compares it: case does not count, nor does the dot of a fully
	 * qualified name.
	 */
	private static String normalized(String host) {
		String lowerCase = host.toLowerCase(Locale.ROOT);
		return lowerCase.endsWith(".") ? lowerCase.substring(0, lowerCase.length() - 1) : lowerCase;
	}

	private static String jdbcUrl(String host, @Nullable Integer port, String database,
			Map<String, String> parameters) {
		StringBuilder url = new StringBuilder("jdbc:postgresql://");
		url.append((host.indexOf(':') >= 0) ? "[" + host + "]" : host);
		if (port != null) {
			url.append(':').append(port);
		}
		url.append('/').append(PercentCodec.encode(database));
		char separator = '?';
		for (Map.Entry<String, String> parameter : parameters.entrySet()) {
			url.append(separator).append(parameter.getKey()).append('=');
			url.append(PercentCodec.encode(parameter.getValue()));
			separator = '&';
		}
		return url.toString();
	}

	private Rejection rejectionFor(Map<String, String> candidate) {
		String maskedCandidate = Masking.maskUrls(jdbcUrl(this.host, this.port, this.database, candidate));
		return (parameter, reason, action) -> new InvalidConnectionStringException(maskedCandidate, -1, reason, action);
	}

	private static String firstLabel(String host) {
		int dot = host.indexOf('.');
		return (dot >= 0) ? host.substring(0, dot) : host;
	}

	private static boolean endsWithPoolerSuffix(String label) {
		return label.regionMatches(true, label.length() - POOLER_SUFFIX.length(), POOLER_SUFFIX, 0,
				POOLER_SUFFIX.length());
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

}
