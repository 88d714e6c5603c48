package io.github.neonmigrations.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.neonmigrations.autoconfigure.Endpoint.Origin;
import io.github.neonmigrations.connection.ConnectionString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every row of the README's precedence table.
 */
class EndpointResolverTests {

	private static final String POOLED_HOST = "ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech";

	private static final String DIRECT_HOST = "ep-cool-darkness-123456.us-east-2.aws.neon.tech";

	private static final String POOLED = "postgresql://app:app-pw@" + POOLED_HOST + "/neondb";

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void pooledComesFromSpringDatasourceUrlFirst() {
		set("spring.datasource.url", "jdbc:postgresql://ep-one-pooler.us-east-2.aws.neon.tech/db", "DATABASE_URL",
				"postgresql://ep-two-pooler.us-east-2.aws.neon.tech/db", "POSTGRES_URL",
				"postgresql://ep-three-pooler.us-east-2.aws.neon.tech/db");
		assertThat(resolve().pooled().connection().host()).isEqualTo("ep-one-pooler.us-east-2.aws.neon.tech");
		assertThat(resolve().pooled().source()).isEqualTo("spring.datasource.url");
	}

	@Test
	void pooledComesFromDatabaseUrlBeforePostgresUrl() {
		set("DATABASE_URL", "postgresql://ep-two-pooler.us-east-2.aws.neon.tech/db", "POSTGRES_URL",
				"postgresql://ep-three-pooler.us-east-2.aws.neon.tech/db");
		assertThat(resolve().pooled().source()).isEqualTo("DATABASE_URL");
		this.environment.setProperty("DATABASE_URL", "");
		assertThat(resolve().pooled().source()).isEqualTo("POSTGRES_URL");
	}

	@Test
	void springDatasourceUrlMayBeALibpqUri() {
		set("spring.datasource.url", POOLED);
		assertThat(resolve().pooled().connection().toJdbcUrl())
			.isEqualTo("jdbc:postgresql://" + POOLED_HOST + "/neondb?sslmode=require");
	}

	@ParameterizedTest
	@ValueSource(strings = { "neon.migrations.url", "spring.flyway.url", "DATABASE_URL_MIGRATIONS",
			"DATABASE_URL_UNPOOLED", "POSTGRES_URL_NON_POOLING", "DIRECT_URL" })
	void directComesFromTheFirstConfiguredSourceInOrder(String source) {
		set("DATABASE_URL", POOLED);
		List<String> sources = new ArrayList<>(EndpointResolver.DIRECT_SOURCES);
		sources.add(0, EndpointResolver.DIRECT_URL_PROPERTY);
		for (String later : sources.subList(sources.indexOf(source), sources.size())) {
			this.environment.setProperty(later,
					"postgresql://" + later.toLowerCase().replace('.', '-') + ".example.com/db");
		}
		ResolvedEndpoints endpoints = resolve();
		assertThat(endpoints.direct().source()).isEqualTo(source);
		assertThat(endpoints.direct().origin()).isEqualTo(Origin.CONFIGURED);
	}

	@Test
	void directIsDerivedFromThePooledUrlByRemovingPooler() {
		set("DATABASE_URL", POOLED);
		ResolvedEndpoints endpoints = resolve();
		assertThat(endpoints.direct().connection().host()).isEqualTo(DIRECT_HOST);
		assertThat(endpoints.direct().source()).isEqualTo("DATABASE_URL");
		assertThat(endpoints.direct().toString())
			.endsWith(", derived from DATABASE_URL by removing '-pooler' from the host");
		assertThat(endpoints.direct().origin()).isEqualTo(Origin.DERIVED);
	}

	@Test
	void directIsThePooledEndpointWhenItsHostIsNotAPooler() {
		set("DATABASE_URL", "postgresql://app:pw@db.internal.example.com/app");
		ResolvedEndpoints endpoints = resolve();
		assertThat(endpoints.direct().connection().host()).isEqualTo("db.internal.example.com");
		assertThat(endpoints.direct().origin()).isEqualTo(Origin.SHARED);
	}

	@Test
	void applicationUsesTheDirectUrlWhenNoPooledUrlIsGiven() {
		set("DATABASE_URL_UNPOOLED", "postgresql://owner:pw@" + DIRECT_HOST + "/neondb");
		ResolvedEndpoints endpoints = resolve();
		assertThat(endpoints.pooled().connection().host()).isEqualTo(DIRECT_HOST);
		assertThat(endpoints.pooled().source()).startsWith("DATABASE_URL_UNPOOLED");
		assertThat(endpoints.direct().connection().host()).isEqualTo(DIRECT_HOST);
	}

	@Test
	void blankValuesCountAsUnset() {
		set("spring.datasource.url", "  ", "DATABASE_URL", POOLED, "neon.migrations.url", "", "spring.flyway.user",
				" ");
		ResolvedEndpoints endpoints = resolve();
		assertThat(endpoints.pooled().source()).isEqualTo("DATABASE_URL");
		assertThat(endpoints.direct().origin()).isEqualTo(Origin.DERIVED);
		assertThat(endpoints.direct().connection().username()).isEqualTo("app");
	}

	@Test
	void applicationCredentialsFromPropertiesBeatUrlUserinfo() {
		set("DATABASE_URL", POOLED, "spring.datasource.username", "reader", "spring.datasource.password", "reader-pw");
		ConnectionString pooled = resolve().pooled().connection();
		assertThat(pooled.username()).isEqualTo("reader");
		assertThat(pooled.password()).isEqualTo("reader-pw");
	}

	@Test
	void migrationCredentialsComeFromNeonPropertiesFirst() {
		set("DATABASE_URL", POOLED, "neon.migrations.username", "owner", "neon.migrations.password", "owner-pw",
				"spring.flyway.user", "flyway", "spring.flyway.password", "flyway-pw");
		assertCredentials(resolve().direct(), "owner", "owner-pw");
	}

	@Test
	void migrationCredentialsComeFromFlywayPropertiesNext() {
		set("DATABASE_URL", POOLED, "spring.flyway.user", "flyway", "spring.flyway.password", "flyway-pw");
		assertCredentials(resolve().direct(), "flyway", "flyway-pw");
	}

	@Test
	void migrationCredentialsComeFromTheDirectUrlNext() {
		set("DATABASE_URL", POOLED, "DATABASE_URL_MIGRATIONS",
				"postgresql://owner:owner-pw@" + DIRECT_HOST + "/neondb");
		assertCredentials(resolve().direct(), "owner", "owner-pw");
		assertCredentials(resolve().pooled(), "app", "app-pw");
	}

	@Test
	void migrationCredentialsFallBackToTheApplications() {
		set("DATABASE_URL", POOLED, "spring.datasource.username", "reader", "spring.datasource.password", "reader-pw",
				"DATABASE_URL_MIGRATIONS", "postgresql://" + DIRECT_HOST + "/neondb");
		assertCredentials(resolve().direct(), "reader", "reader-pw");
	}

	@Test
	void derivedDirectUsesTheApplicationsEffectiveCredentials() {
		set("DATABASE_URL", POOLED, "spring.datasource.password", "rotated-pw");
		assertCredentials(resolve().direct(), "app", "rotated-pw");
	}

	@Test
	void connectionDetailsWinOverEveryProperty() {
		set("DATABASE_URL", POOLED, "neon.migrations.url", "postgresql://x@other-host.example.com/db");
		Endpoint pooled = Endpoint.configured(
				ConnectionString.parse("jdbc:postgresql://localhost:6432/test").withCredentials("app", "app-pw"),
				"the JdbcConnectionDetails bean");
		Endpoint direct = Endpoint.configured(
				ConnectionString.parse("jdbc:postgresql://localhost:5432/test").withCredentials("owner", "owner-pw"),
				"the FlywayConnectionDetails bean");
		ResolvedEndpoints endpoints = resolver().resolve(pooled, direct, true);
		assertThat(endpoints.pooled()).isSameAs(pooled);
		assertThat(endpoints.direct().connection().port()).isEqualTo(5432);
		assertCredentials(endpoints.direct(), "owner", "owner-pw");
	}

	@Test
	void directGetsTheMigrationApplicationNameReplacingTheUrls() {
		set("DATABASE_URL", POOLED + "?application_name=notes");
		assertThat(resolve().pooled().connection().parameters()).containsEntry("ApplicationName", "notes");
		assertThat(resolve().direct().connection().parameters()).containsEntry("ApplicationName", "neon-migrations");
		this.environment.setProperty("neon.migrations.application-name", "schema-bot");
		assertThat(resolve().direct().connection().parameters()).containsEntry("ApplicationName", "schema-bot");
	}

	@Test
	void neonDirectEndpointRequiresChannelBindingByDefault() {
		set("DATABASE_URL", POOLED);
		assertThat(resolve().direct().connection().parameters()).containsEntry("channelBinding", "require");
		assertThat(resolve().pooled().connection().parameters()).doesNotContainKey("channelBinding");
	}

	@Test
	void supabaseTransactionPoolerCannotBeDerivedAndIsRefusedForMigrations() {
		set("DATABASE_URL", "postgresql://postgres.ref:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres");
		assertThatExceptionOfType(PoolerMigrationEndpointException.class).isThrownBy(this::resolve)
			.withMessageContaining("neon.migrations.url")
			.withMessageNotContaining(":pw@");
	}

	@Test
	void poolerOutsideNeonIsNotDerivedAndTheVariableToSetIsNamed() {
		set("DATABASE_URL", "postgresql://app:app-pw@my-pooler.example.com/app");
		assertThatExceptionOfType(PoolerMigrationEndpointException.class).isThrownBy(this::resolve)
			.withMessageContaining("Its direct host cannot be derived")
			.withMessageContaining("Set DATABASE_URL_MIGRATIONS (or neon.migrations.url)")
			.withMessageNotContaining("my.example.com")
			.withMessageNotContaining("app-pw");
	}

	@Test
	void poolerOutsideNeonWorksWithAConfiguredDirectUrl() {
		set("DATABASE_URL", "postgresql://app:app-pw@my-pooler.example.com/app", "DATABASE_URL_MIGRATIONS",
				"postgresql://owner:owner-pw@db.example.com/app");
		ResolvedEndpoints endpoints = resolve();
		assertThat(endpoints.direct().connection().host()).isEqualTo("db.example.com");
		assertThat(endpoints.direct().origin()).isEqualTo(Origin.CONFIGURED);
	}

	private void assertCredentials(Endpoint endpoint, String username, String password) {
		assertThat(endpoint.connection().username()).isEqualTo(username);
		assertThat(endpoint.connection().password()).isEqualTo(password);
	}

	private ResolvedEndpoints resolve() {
		return resolver().resolve(null, null, true);
	}

	private EndpointResolver resolver() {
		NeonMigrationsProperties properties = Binder.get(this.environment)
			.bindOrCreate("neon.migrations", NeonMigrationsProperties.class);
		return new EndpointResolver(properties, this.environment);
	}

	private void set(String... pairs) {
		for (int i = 0; i < pairs.length; i += 2) {
			this.environment.setProperty(pairs[i], pairs[i + 1]);
		}
	}

}
