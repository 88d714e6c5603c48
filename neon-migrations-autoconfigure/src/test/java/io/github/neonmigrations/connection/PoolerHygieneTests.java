package io.github.neonmigrations.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.neonmigrations.connection.ConnectionStringAssertions.invalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for rejecting startup parameters that transaction poolers refuse.
 */
class PoolerHygieneTests {

	private static final String AWS_POOLER = "ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech";

	private static final String MULTI_LABEL_POOLER = "ep-a-1-pooler.c-2.us-east-2.aws.neon.tech";

	private static final String AZURE_POOLER = "ep-x-9-pooler.eastus2.azure.neon.tech";

	private static final String SUPABASE_POOLER = "aws-0-us-east-1.pooler.supabase.com";

	@ParameterizedTest
	@CsvSource({ AWS_POOLER + ", currentSchema=app", MULTI_LABEL_POOLER + ", options=-c%20search_path%3Dapp",
			AZURE_POOLER + ", replication=database", SUPABASE_POOLER + ":6543, currentSchema=app",
			"db-pooler.internal.example, options=-c%20search_path%3Dapp" })
	void rejectsParameterThatBecomesUnsupportedStartupParameter(String host, String parameter) {
		String name = parameter.substring(0, parameter.indexOf('='));
		InvalidConnectionStringException ex = invalid("postgresql://alice:pw@" + host + "/neondb?" + parameter);
		assertThat(ex.reason()).isEqualTo(name + " becomes a startup parameter, which a transaction pooler rejects"
				+ " with \"unsupported startup parameter\" (PgBouncer and Neon's pooler accept only client_encoding,"
				+ " datestyle, timezone, standard_conforming_strings and application_name)");
		assertThat(ex.position()).isEqualTo(ex.maskedInput().indexOf(parameter));
	}

	@ParameterizedTest
	@ValueSource(strings = { "currentSchema", "options" })
	void tellsToSetSchemaInSqlOrMigrationOrToUseDirectUrl(String name) {
		assertThat(invalid("postgresql://alice:pw@" + AWS_POOLER + "/neondb?" + name + "=app").action())
			.isEqualTo("Remove " + name + " and set the schema in SQL or in the migration instead (schema-qualified"
					+ " names, or spring.flyway.default-schema), or use the direct (non-pooler) URL");
	}

	@Test
	void tellsToUseDirectUrlForReplication() {
		assertThat(invalid("postgresql://alice:pw@" + AWS_POOLER + "/neondb?replication=true").action())
			.isEqualTo("Use the direct (non-pooler) URL; replication connections cannot go through a pooler");
	}

	@Test
	void rejectsStartupParameterInJdbcUrlToo() {
		assertThat(invalid("jdbc:postgresql://" + AWS_POOLER + "/neondb?user=alice&currentSchema=app").reason())
			.startsWith("currentSchema becomes a startup parameter");
	}

	@Test
	void rejectsStartupParameterOnUpperCasePoolerHost() {
		assertThat(invalid("postgresql://EP-X-9-POOLER.EASTUS2.AZURE.NEON.TECH/neondb?currentSchema=app").reason())
			.startsWith("currentSchema becomes a startup parameter");
	}

	@Test
	void rejectsStartupParameterSetLater() {
		ConnectionString pooled = ConnectionString.parse("postgresql://alice:pw@" + AWS_POOLER + "/neondb");
		assertThatExceptionOfType(InvalidConnectionStringException.class)
			.isThrownBy(() -> pooled.withParameter("currentSchema", "app"))
			.withMessageContaining("unsupported startup parameter");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ep-cool-darkness-123456.us-east-2.aws.neon.tech", "db.example.com",
			"ep-a-1.c-2-pooler.us-east-2.aws.neon.tech" })
	void acceptsStartupParametersOnDirectHost(String host) {
		assertThat(ConnectionString.parse("postgresql://" + host + "/neondb?currentSchema=app&options=-c%20x%3D1")
			.parameters()).contains(entry("currentSchema", "app"), entry("options", "-c x=1"));
	}

	@Test
	void acceptsParametersPoolersAllowOnPoolerHost() {
		assertThat(ConnectionString
			.parse("postgresql://" + AWS_POOLER + "/neondb?application_name=api&connect_timeout=5&prepareThreshold=0")
			.parameters()).containsOnlyKeys("ApplicationName", "connectTimeout", "prepareThreshold", "sslmode");
	}

}
