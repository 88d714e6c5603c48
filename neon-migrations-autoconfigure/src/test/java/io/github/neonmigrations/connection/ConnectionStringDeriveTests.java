package io.github.neonmigrations.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for what {@link ConnectionString} derives: the direct endpoint, credentials,
 * parameters and the connection string for migrations.
 */
class ConnectionStringDeriveTests {

	private static final String AWS_POOLER = "ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech";

	private static final String AWS_DIRECT = "ep-cool-darkness-123456.us-east-2.aws.neon.tech";

	private static final String MULTI_LABEL_POOLER = "ep-a-1-pooler.c-2.us-east-2.aws.neon.tech";

	private static final String AZURE_POOLER = "ep-x-9-pooler.eastus2.azure.neon.tech";

	private static final String SUPABASE_POOLER = "aws-0-us-east-1.pooler.supabase.com";

	@ParameterizedTest
	@CsvSource({ AWS_POOLER + ", " + AWS_DIRECT, MULTI_LABEL_POOLER + ", ep-a-1.c-2.us-east-2.aws.neon.tech",
			AZURE_POOLER + ", ep-x-9.eastus2.azure.neon.tech" })
	void derivesDirectHostByRemovingPoolerFromFirstLabel(String pooler, String direct) {
		assertThat(ConnectionString.parse("postgresql://alice:pw@" + pooler + "/neondb").toDirect().host())
			.isEqualTo(direct);
	}

	@Test
	void derivesDirectHostByRemovingPoolerFromFirstLabelOnly() {
		assertThat(
				ConnectionString.parse("postgresql://ep-a-1-pooler.c-2-pooler.aws.neon.tech/neondb").toDirect().host())
			.isEqualTo("ep-a-1.c-2-pooler.aws.neon.tech");
	}

	@Test
	void derivesDirectHostOfVercelPostgresHostsWhichAreNeonEndpoints() {
		assertThat(
				ConnectionString.parse("postgresql://u:p@ep-x-1-pooler.us-east-1.postgres.vercel-storage.com/verceldb")
					.toDirect()
					.host())
			.isEqualTo("ep-x-1.us-east-1.postgres.vercel-storage.com");
	}

	@Test
	void derivesDirectHostRemovingPoolerOnlyFromEndOfFirstLabel() {
		assertThat(ConnectionString.parse("postgresql://ep-pooler-1-pooler.us-east-2.aws.neon.tech/neondb")
			.toDirect()
			.host()).isEqualTo("ep-pooler-1.us-east-2.aws.neon.tech");
	}

	@Test
	void derivesDirectHostIgnoringCaseOfPoolerSuffixAndKeepingCaseOfRest() {
		assertThat(ConnectionString.parse("postgresql://EP-A-1-POOLER.C-2.US-East-2.aws.neon.tech/neondb")
			.toDirect()
			.host()).isEqualTo("EP-A-1.C-2.US-East-2.aws.neon.tech");
	}

	@ParameterizedTest
	@ValueSource(strings = { "db-pooler", "my-pooler.example.com", "ep-a-1-pooler.neon.tech.example.com",
			"ep-a-1-pooler.us-east-2.aws.neon.technology" })
	void derivesNoDirectHostWhereTheNamingRuleIsNotTheProvidersOwn(String host) {
		// Removing "-pooler" elsewhere could name a host of someone else, which would get
		// the credentials.
		ConnectionString pooled = ConnectionString.parse("postgresql://alice:pw@" + host + "/app");
		assertThat(pooled.isPooler()).isTrue();
		assertThat(pooled.toDirect()).isSameAs(pooled);
	}

	@Test
	void keepsEverythingButHostWhenDerivingDirectEndpoint() {
		ConnectionString pooled = ConnectionString.parse("postgresql://alice:s3cret@" + MULTI_LABEL_POOLER
				+ ":6543/neondb?sslmode=verify-full&channel_binding=require&connect_timeout=5");
		ConnectionString direct = pooled.toDirect();
		assertThat(direct.port()).isEqualTo(6543);
		assertThat(direct.database()).isEqualTo("neondb");
		assertThat(direct.parameters()).isEqualTo(pooled.parameters());
		assertThat(direct.parameters().keySet()).containsExactlyElementsOf(pooled.parameters().keySet());
		assertThat(direct.username()).isEqualTo("alice");
		assertThat(direct.password()).isEqualTo("s3cret");
	}

	@ParameterizedTest
	@ValueSource(strings = { AWS_DIRECT, SUPABASE_POOLER, "db.example.com", "ep-a-1.c-2-pooler.us-east-2.aws.neon.tech",
			"pooler.example.com", "[2001:db8::1]", "192.0.2.1" })
	void returnsSameInstanceWhenHostIsNotNeonStylePooler(String host) {
		ConnectionString connection = ConnectionString.parse("postgresql://alice:pw@" + host + "/app");
		assertThat(connection.toDirect()).isSameAs(connection);
	}

	@Test
	void directEndpointIsNoLongerPooler() {
		ConnectionString direct = ConnectionString.parse("postgresql://" + AWS_POOLER + "/neondb").toDirect();
		assertThat(direct.isPooler()).isFalse();
		assertThat(direct.isNeon()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(
			strings = { AWS_POOLER, AWS_DIRECT, MULTI_LABEL_POOLER, AZURE_POOLER, "EP-X-9.EASTUS2.AZURE.NEON.TECH" })
	void recognizesNeonHost(String host) {
		assertThat(ConnectionString.parse("postgresql://" + host + "/neondb").isNeon()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "db.example.com", "neon.tech.example.com", "myneon.tech", SUPABASE_POOLER, "[::1]" })
	void recognizesNonNeonHost(String host) {
		assertThat(ConnectionString.parse("postgresql://" + host + "/app").isNeon()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { AWS_POOLER, MULTI_LABEL_POOLER, AZURE_POOLER, SUPABASE_POOLER + ":6543",
			"AWS-0-EU-WEST-1.POOLER.SUPABASE.COM:6543", "db-pooler.internal.example",
			"EP-X-9-POOLER.EASTUS2.AZURE.NEON.TECH" })
	void recognizesPoolerHost(String host) {
		assertThat(ConnectionString.parse("postgresql://" + host + "/app").isPooler()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { AWS_DIRECT, "ep-a-1.c-2-pooler.us-east-2.aws.neon.tech", "pooler.example.com",
			"db.pooler.example.com", "pooler.supabase.com", "[2001:db8::1]", "192.0.2.1" })
	void recognizesNonPoolerHost(String host) {
		assertThat(ConnectionString.parse("postgresql://" + host + "/app").isPooler()).isFalse();
	}

	@Test
	void replacesBothCredentials() {
		ConnectionString connection = ConnectionString.parse("postgresql://alice:old@" + AWS_DIRECT + "/neondb")
			.withCredentials("migrator", "n3w");
		assertThat(connection.username()).isEqualTo("migrator");
		assertThat(connection.password()).isEqualTo("n3w");
	}

	@Test
	void removesCredentialsGivenAsNull() {
		ConnectionString connection = ConnectionString.parse("postgresql://alice:old@" + AWS_DIRECT + "/neondb")
			.withCredentials(null, null);
		assertThat(connection.username()).isNull();
		assertThat(connection.password()).isNull();
	}

	@Test
	void treatsEmptyCredentialsAsAbsent() {
		ConnectionString connection = ConnectionString.parse("postgresql://" + AWS_DIRECT + "/neondb")
			.withCredentials("", "");
		assertThat(connection.username()).isNull();
		assertThat(connection.password()).isNull();
	}

	@Test
	void keepsOriginalWhenReplacingCredentials() {
		ConnectionString original = ConnectionString.parse("postgresql://alice:old@" + AWS_DIRECT + "/neondb");
		original.withCredentials("bob", "new");
		assertThat(original.username()).isEqualTo("alice");
		assertThat(original.password()).isEqualTo("old");
	}

	@Test
	void keepsEndpointWhenReplacingCredentials() {
		ConnectionString original = ConnectionString.parse("postgresql://alice:old@" + AWS_DIRECT + ":5433/neondb");
		ConnectionString replaced = original.withCredentials("bob", "new");
		assertThat(replaced.toJdbcUrl()).isEqualTo(original.toJdbcUrl());
	}

	@Test
	void appendsNewParameter() {
		assertThat(ConnectionString.parse("postgresql://db.example.com/app?sslmode=require")
			.withParameter("connectTimeout", "5")
			.parameters()).containsExactly(entry("sslmode", "require"), entry("connectTimeout", "5"));
	}

	@Test
	void overridesParameterInPlace() {
		assertThat(ConnectionString.parse("postgresql://db.example.com/app?sslmode=require&connect_timeout=5")
			.withParameter("sslmode", "verify-ca")
			.parameters()).containsExactly(entry("sslmode", "verify-ca"), entry("connectTimeout", "5"));
	}

	@Test
	void keepsOriginalWhenSettingParameter() {
		ConnectionString original = ConnectionString.parse("postgresql://db.example.com/app");
		original.withParameter("connectTimeout", "5");
		assertThat(original.parameters()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "user", "password" })
	void rejectsCredentialsAsParameter(String name) {
		ConnectionString connection = ConnectionString.parse("postgresql://db.example.com/app");
		assertThatExceptionOfType(InvalidConnectionStringException.class)
			.isThrownBy(() -> connection.withParameter(name, "x"))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo("the " + name + " is not a parameter of the connection string");
				assertThat(ex.action()).isEqualTo("Set the user and password with withCredentials");
			});
	}

	@Test
	void rejectsPasswordAsParameterWithoutShowingIt() {
		ConnectionString connection = ConnectionString.parse("postgresql://db.example.com/app");
		assertThatExceptionOfType(InvalidConnectionStringException.class)
			.isThrownBy(() -> connection.withParameter("password", "npg_SetLater123"))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("npg_SetLater123"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "channel_binding", "unknownThing", "SSLMODE" })
	void rejectsNameThatIsNoPgjdbcProperty(String name) {
		ConnectionString connection = ConnectionString.parse("postgresql://db.example.com/app");
		assertThatExceptionOfType(InvalidConnectionStringException.class)
			.isThrownBy(() -> connection.withParameter(name, "x"))
			.satisfies((ex) -> assertThat(ex.reason()).startsWith("unknown pgjdbc parameter '" + name + "'"));
	}

	@Test
	void rejectsHostAsParameter() {
		ConnectionString connection = ConnectionString.parse("postgresql://db.example.com/app");
		assertThatExceptionOfType(InvalidConnectionStringException.class)
			.isThrownBy(() -> connection.withParameter("PGHOST", "other.example.com"))
			.satisfies((ex) -> assertThat(ex.reason()).contains("the host belongs in the URL itself"));
	}

	@Test
	void showsMaskedResultWhenRejectingParameter() {
		ConnectionString connection = ConnectionString
			.parse("postgresql://alice:npg_Hidden42@" + AWS_DIRECT + "/neondb?sslpassword=npg_KeyPass42");
		assertThatExceptionOfType(InvalidConnectionStringException.class)
			.isThrownBy(() -> connection.withParameter("sslmode", "disable"))
			.satisfies((ex) -> {
				assertThat(ex.maskedInput())
					.isEqualTo("jdbc:postgresql://" + AWS_DIRECT + "/neondb?sslpassword=****&sslmode=disable");
				assertThat(ex.position()).isEqualTo(-1);
				assertThat(ex.getMessage()).doesNotContain("npg_Hidden42", "npg_KeyPass42");
			});
	}

	@Test
	void setsDefaultParameterWhenAbsent() {
		assertThat(ConnectionString.parse("postgresql://db.example.com/app")
			.withDefaultParameter("connectTimeout", "10")
			.parameters()).containsExactly(entry("connectTimeout", "10"));
	}

	@Test
	void returnsSameInstanceWhenDefaultParameterIsPresent() {
		ConnectionString connection = ConnectionString.parse("postgresql://db.example.com/app?connect_timeout=5");
		assertThat(connection.withDefaultParameter("connectTimeout", "10")).isSameAs(connection);
	}

	@Test
	void derivedDirectUrlDropsWhatOnlyWorksAroundAPooler() {
		ConnectionString pooled = ConnectionString.parse("postgresql://alice:pw@" + AWS_POOLER
				+ "/neondb?sslmode=require&channel_binding=prefer&connect_timeout=5&application_name=svc"
				+ "&prepareThreshold=0&preparedStatementCacheQueries=0&preparedStatementCacheSizeMiB=0&socketTimeout=30");
		assertThat(pooled.toDirect().parameters()).containsExactly(entry("sslmode", "require"),
				entry("connectTimeout", "5"), entry("ApplicationName", "svc"), entry("socketTimeout", "30"));
	}

	@Test
	void derivedDirectUrlKeepsChannelBindingRequire() {
		ConnectionString pooled = ConnectionString
			.parse("postgresql://alice:pw@" + AWS_POOLER + "/neondb?sslmode=require&channel_binding=require");
		assertThat(pooled.toDirect().parameters()).containsExactly(entry("sslmode", "require"),
				entry("channelBinding", "require"));
	}

	@Test
	void keepsSslmodeAddedForNeonWhenDefaultingIt() {
		ConnectionString connection = ConnectionString.parse("postgresql://" + AWS_DIRECT + "/neondb");
		assertThat(connection.withDefaultParameter("sslmode", "verify-full").parameters())
			.containsExactly(entry("sslmode", "require"));
	}

	@ParameterizedTest
	@ValueSource(strings = { AWS_POOLER, AWS_DIRECT, MULTI_LABEL_POOLER, AZURE_POOLER })
	void requiresChannelBindingForMigrationsOnNeon(String host) {
		assertThat(ConnectionString.parse("postgresql://alice:pw@" + host + "/neondb").forMigrations().parameters())
			.containsExactly(entry("sslmode", "require"), entry("channelBinding", "require"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "channel_binding=disable", "channel_binding=prefer", "channelBinding=require" })
	void keepsGivenChannelBindingForMigrations(String parameter) {
		ConnectionString connection = ConnectionString.parse("postgresql://" + AWS_DIRECT + "/neondb?" + parameter);
		assertThat(connection.forMigrations()).isSameAs(connection);
	}

	@ParameterizedTest
	@ValueSource(strings = { "db.example.com", SUPABASE_POOLER, "[2001:db8::1]" })
	void leavesNonNeonConnectionUnchangedForMigrations(String host) {
		ConnectionString connection = ConnectionString.parse("postgresql://alice:pw@" + host + "/app");
		assertThat(connection.forMigrations()).isSameAs(connection);
	}

	@Test
	void equalsConnectionStringWithSameFields() {
		ConnectionString libpq = ConnectionString
			.parse("postgresql://alice:pw@" + AWS_DIRECT + ":5433/neondb?sslmode=require&connect_timeout=5");
		ConnectionString jdbc = ConnectionString.parse("jdbc:postgresql://" + AWS_DIRECT
				+ ":5433/neondb?sslmode=require&connectTimeout=5&user=alice&password=pw");
		assertThat(libpq).isEqualTo(jdbc);
		assertThat(libpq).hasSameHashCodeAs(jdbc);
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgresql://bob:pw@db.example.com:5433/app?connect_timeout=5",
			"postgresql://alice:other@db.example.com:5433/app?connect_timeout=5",
			"postgresql://alice@db.example.com:5433/app?connect_timeout=5",
			"postgresql://alice:pw@db2.example.com:5433/app?connect_timeout=5",
			"postgresql://alice:pw@db.example.com/app?connect_timeout=5",
			"postgresql://alice:pw@db.example.com:5432/app?connect_timeout=5",
			"postgresql://alice:pw@db.example.com:5433/app2?connect_timeout=5",
			"postgresql://alice:pw@db.example.com:5433/app?connect_timeout=6",
			"postgresql://alice:pw@db.example.com:5433/app" })
	void differsFromConnectionStringWithAnyOtherField(String other) {
		ConnectionString connection = ConnectionString
			.parse("postgresql://alice:pw@db.example.com:5433/app?connect_timeout=5");
		assertThat(connection).isNotEqualTo(ConnectionString.parse(other));
	}

	@Test
	void isNotEqualToOtherTypes() {
		ConnectionString connection = ConnectionString.parse("postgresql://db.example.com/app");
		assertThat(connection).isNotEqualTo(connection.toJdbcUrl()).isNotEqualTo(null);
	}

}
