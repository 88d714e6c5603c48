package io.github.neonmigrations.autoconfigure;

import io.github.neonmigrations.autoconfigure.Endpoint.Origin;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * libpq's environment variables, and Vercel's {@code PGHOST_UNPOOLED}, as the
 * lowest-precedence source of both endpoints.
 */
class LibpqEnvironmentTests {

	private static final String POOLED_HOST = "ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech";

	private static final String DIRECT_HOST = "ep-cool-darkness-123456.us-east-2.aws.neon.tech";

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void theVariablesDescribeThePooledEndpoint() {
		set("PGHOST", POOLED_HOST, "PGPORT", "5432", "PGDATABASE", "neondb", "PGUSER", "neondb_owner", "PGPASSWORD",
				"p@ss/w:rd?", "PGSSLMODE", "verify-full", "PGAPPNAME", "notes");
		Endpoint pooled = resolve().pooled();
		assertThat(pooled.source()).isEqualTo("PGHOST");
		assertThat(pooled.connection().toJdbcUrl()).isEqualTo("jdbc:postgresql://" + POOLED_HOST
				+ ":5432/neondb?sslmode=verify-full&ApplicationName=notes&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory");
		assertThat(pooled.connection().username()).isEqualTo("neondb_owner");
		assertThat(pooled.connection().password()).isEqualTo("p@ss/w:rd?");
		assertThat(pooled.toString()).contains("password ****").doesNotContain("p@ss");
	}

	@Test
	void theDirectEndpointIsDerivedAsFromAUrlWithTheSameTlsPolicy() {
		set("PGHOST", POOLED_HOST, "PGDATABASE", "neondb", "PGUSER", "neondb_owner", "PGPASSWORD", "pw");
		ResolvedEndpoints endpoints = resolve();
		assertThat(endpoints.pooled().connection().parameters()).containsEntry("sslmode", "require");
		assertThat(endpoints.direct().connection().host()).isEqualTo(DIRECT_HOST);
		assertThat(endpoints.direct().origin()).isEqualTo(Origin.DERIVED);
		assertThat(endpoints.direct().connection().parameters()).containsEntry("channelBinding", "require");
		assertThat(endpoints.direct().connection().password()).isEqualTo("pw");
	}

	@Test
	void pghostUnpooledIsTheDirectEndpoint() {
		set("PGHOST", "pooled.internal.example", "PGHOST_UNPOOLED", "direct.internal.example", "PGDATABASE", "app",
				"PGUSER", "app", "PGPASSWORD", "pw");
		ResolvedEndpoints endpoints = resolve();
		assertThat(endpoints.direct().connection().host()).isEqualTo("direct.internal.example");
		assertThat(endpoints.direct().source()).isEqualTo("PGHOST_UNPOOLED");
		assertThat(endpoints.direct().origin()).isEqualTo(Origin.CONFIGURED);
		assertThat(endpoints.direct().connection().database()).isEqualTo("app");
		assertThat(endpoints.direct().connection().password()).isEqualTo("pw");
	}

	@Test
	void everyUrlWinsOverTheVariables() {
		set("PGHOST", "pg.internal.example", "PGHOST_UNPOOLED", "pg-direct.internal.example", "PGDATABASE", "app",
				"PGUSER", "app", "DATABASE_URL", "postgresql://u:pw@" + POOLED_HOST + "/neondb",
				"DATABASE_URL_UNPOOLED", "postgresql://u:pw@unpooled.example.com/neondb");
		ResolvedEndpoints endpoints = resolve();
		assertThat(endpoints.pooled().source()).isEqualTo("DATABASE_URL");
		assertThat(endpoints.direct().source()).isEqualTo("DATABASE_URL_UNPOOLED");
	}

	@Test
	void pghostUnpooledIsIgnoredBesideAPooledUrlWhichMayNameAnotherDatabase() {
		set("DATABASE_URL", "postgresql://u:pw@" + POOLED_HOST + "/neondb", "PGHOST_UNPOOLED", "stale.internal.example",
				"PGUSER", "app");
		ResolvedEndpoints endpoints = resolve();
		assertThat(endpoints.direct().connection().host()).isEqualTo(DIRECT_HOST);
		assertThat(endpoints.direct().origin()).isEqualTo(Origin.DERIVED);
	}

	@Test
	void theDatabaseDefaultsToTheUserAsInLibpq() {
		set("PGHOST", "pg.internal.example", "PGUSER", "alice");
		assertThat(resolve().pooled().connection().database()).isEqualTo("alice");
	}

	@Test
	void aHostWithoutDatabaseOrUserIsExplained() {
		set("PGHOST", "pg.internal.example");
		assertThatExceptionOfType(NeonMigrationsException.class).isThrownBy(this::resolve)
			.satisfies((ex) -> assertThat(ex.getDescription())
				.isEqualTo("PGHOST is set, but neither PGDATABASE nor PGUSER is."));
	}

	@Test
	void aSocketDirectoryIsNotSupported() {
		set("PGHOST", "/var/run/postgresql", "PGUSER", "alice");
		assertThatExceptionOfType(NeonMigrationsException.class).isThrownBy(this::resolve)
			.satisfies((ex) -> assertThat(ex.getAction())
				.isEqualTo("Set PGHOST to one host name, or set DATABASE_URL to the connection string."));
	}

	@Test
	void aBadPortNamesTheVariablesAndNeverThePassword() {
		set("PGHOST", "pg.internal.example", "PGPORT", "54x", "PGUSER", "alice", "PGPASSWORD", "s3cret-pw");
		assertThatExceptionOfType(NeonMigrationsException.class).isThrownBy(this::resolve)
			.withMessageContaining("PGHOST/PGPORT")
			.withMessageNotContaining("s3cret-pw");
	}

	@Test
	void thePooledEndpointMayBeAPoolerOnlyWhenADirectOneIsGiven() {
		set("PGHOST", "db-pooler.internal.example", "PGUSER", "alice");
		assertThatExceptionOfType(PoolerMigrationEndpointException.class).isThrownBy(this::resolve);
		set("PGHOST_UNPOOLED", "db.internal.example");
		assertThat(resolve().direct().connection().host()).isEqualTo("db.internal.example");
	}

	private ResolvedEndpoints resolve() {
		NeonMigrationsProperties properties = Binder.get(this.environment)
			.bindOrCreate("neon.migrations", NeonMigrationsProperties.class);
		return new EndpointResolver(properties, this.environment).resolve(null, null, true);
	}

	private void set(String... pairs) {
		for (int i = 0; i < pairs.length; i += 2) {
			this.environment.setProperty(pairs[i], pairs[i + 1]);
		}
	}

}
