package io.github.neonmigrations.connection;

import java.sql.SQLException;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.Driver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for rendering a {@link ConnectionString} as a JDBC URL and as masked text.
 */
class ConnectionStringRenderTests {

	private static final String AWS_POOLER = "ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech";

	private static final String MULTI_LABEL_POOLER = "ep-a-1-pooler.c-2.us-east-2.aws.neon.tech";

	private static final String AZURE_POOLER = "ep-x-9-pooler.eastus2.azure.neon.tech";

	private static final String EXOTIC = "a b+c&d=e%f#g?h/i:j@k;l,m'n\"o\\p~q*r.s-t_u é€😀";

	@Test
	void rendersJdbcUrlWithoutCredentials() {
		assertThat(ConnectionString
			.parse("postgresql://neondb_owner:npg_AbC123xyz@" + AWS_POOLER
					+ "/neondb?sslmode=require&channel_binding=require")
			.toJdbcUrl())
			.isEqualTo("jdbc:postgresql://" + AWS_POOLER + "/neondb?sslmode=require&channelBinding=require");
	}

	@Test
	void rendersJdbcUrlWithoutCredentialsGivenAsParameters() {
		assertThat(ConnectionString
			.parse("jdbc:postgresql://" + AZURE_POOLER + "/neondb?user=alice&sslmode=require&password=npg_x")
			.toJdbcUrl()).isEqualTo("jdbc:postgresql://" + AZURE_POOLER + "/neondb?sslmode=require");
	}

	@Test
	void rendersPortWhenGiven() {
		assertThat(ConnectionString.parse("postgresql://" + MULTI_LABEL_POOLER + ":6543/neondb").toJdbcUrl())
			.isEqualTo("jdbc:postgresql://" + MULTI_LABEL_POOLER + ":6543/neondb?sslmode=require");
	}

	@Test
	void rendersIpv6AddressInBrackets() {
		assertThat(ConnectionString.parse("postgresql://[2001:db8::1]:5433/app").toJdbcUrl())
			.isEqualTo("jdbc:postgresql://[2001:db8::1]:5433/app");
	}

	@Test
	void rendersSlashWhenDatabaseIsEmpty() {
		assertThat(ConnectionString.parse("postgresql://db.example.com").toJdbcUrl())
			.isEqualTo("jdbc:postgresql://db.example.com/");
	}

	@Test
	void rendersTranslatedParametersInOrder() {
		assertThat(ConnectionString
			.parse("postgresql://db.example.com/app?target_session_attrs=read-write&connect_timeout=5&sslmode=prefer")
			.toJdbcUrl())
			.isEqualTo("jdbc:postgresql://db.example.com/app?targetServerType=primary&connectTimeout=5&sslmode=prefer");
	}

	@Test
	void encodesDatabaseAndValuesSoThatPgjdbcDecodesThemBack() {
		ConnectionString connection = ConnectionString
			.parse("postgresql://db.example.com/a%20b%2Bc%2Fd?" + "application_name=x%20y%2Bz%26w%3Dv%25u%23t%3Fs");
		assertThat(connection.toJdbcUrl())
			.isEqualTo("jdbc:postgresql://db.example.com/a%20b%2Bc%2Fd?ApplicationName=x%20y%2Bz%26w%3Dv%25u%23t%3Fs");
	}

	@ParameterizedTest
	@ValueSource(strings = { EXOTIC, " ", "+", "%", "%20", "&", "=", "?", "#", "/", "a+b", "100%", "x=y&z=w" })
	void pgjdbcReadsExactDatabaseAndValuesFromRenderedUrl(String value) throws SQLException {
		ConnectionString connection = ConnectionString.parse("postgresql://db.example.com/app")
			.withParameter("ApplicationName", value)
			.withParameter("options", value);
		String database = PercentCodec.encode(value);
		String url = ConnectionString.parse("postgresql://db.example.com/" + database)
			.withParameter("ApplicationName", value)
			.toJdbcUrl();
		Properties properties = Driver.parseURL(url, null);
		assertThat(properties).isNotNull();
		assertThat(properties.getProperty("PGDBNAME")).isEqualTo(value);
		assertThat(properties.getProperty("ApplicationName")).isEqualTo(value);
		assertThat(Driver.parseURL(connection.toJdbcUrl(), null).getProperty("options")).isEqualTo(value);
	}

	@Test
	void pgjdbcReadsHostPortAndParametersFromRenderedUrl() throws SQLException {
		String url = ConnectionString
			.parse("postgresql://alice:pw@" + AWS_POOLER + ":6543/neondb?sslmode=verify-full&connect_timeout=5")
			.toJdbcUrl();
		Properties properties = Driver.parseURL(url, null);
		assertThat(properties).isNotNull();
		assertThat(properties.getProperty("PGHOST")).isEqualTo(AWS_POOLER);
		assertThat(properties.getProperty("PGPORT")).isEqualTo("6543");
		assertThat(properties.getProperty("sslmode")).isEqualTo("verify-full");
		assertThat(properties.getProperty("sslfactory")).isEqualTo("org.postgresql.ssl.DefaultJavaSSLFactory");
		assertThat(properties.getProperty("connectTimeout")).isEqualTo("5");
		assertThat(properties).doesNotContainKeys("user", "password");
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"postgresql://neondb_owner:npg_AbC123xyz@" + AWS_POOLER + "/neondb?sslmode=require&channel_binding=require",
			"postgres://alice:npg_p%40ss%3Aw%2Frd%25%3Fx%20y@" + MULTI_LABEL_POOLER
					+ ":5432/neondb?sslmode=verify-full",
			"postgresql://alice@" + AZURE_POOLER + "/my%20db?application_name=a%2Bb%26c%3Dd%25e%23f%3Fg%2Fh%20i",
			"postgresql://[2001:db8::1]:5433/app?target_session_attrs=prefer-standby&sslrootcert=system",
			"postgresql://db.example.com?sslmode=disable&options=-c%20search_path%3Dapp%2Cpublic",
			"postgresql://db.example.com/d%C3%A9j%C3%A0%20vu%E2%82%AC?application_name=%F0%9F%98%80",
			"jdbc:postgresql://" + AWS_POOLER
					+ "/neondb?user=alice&password=a+b&sslmode=require&channelBinding=require",
			"jdbc:postgresql://db.example.com:6432/a+b?ApplicationName=x+y%2Bz&socketTimeout=30",
			"jdbc:postgresql://[::1]/app?ssl=true&sslfactory=org.postgresql.ssl.NonValidatingFactory" })
	void roundTripsThroughJdbcUrlWithoutCredentials(String input) {
		ConnectionString connection = ConnectionString.parse(input);
		assertThat(ConnectionString.parse(connection.toJdbcUrl())).isEqualTo(connection.withCredentials(null, null));
	}

	@Test
	void roundTripsExoticValues() {
		ConnectionString connection = ConnectionString
			.parse("postgresql://db.example.com/" + PercentCodec.encode(EXOTIC))
			.withParameter("ApplicationName", EXOTIC)
			.withParameter("options", EXOTIC);
		ConnectionString reparsed = ConnectionString.parse(connection.toJdbcUrl());
		assertThat(reparsed).isEqualTo(connection);
		assertThat(reparsed.database()).isEqualTo(EXOTIC);
		assertThat(reparsed.parameters().get("options")).isEqualTo(EXOTIC);
	}

	@Test
	void describesConnectionWithUserAndMaskedPassword() {
		assertThat(ConnectionString.parse("postgresql://alice:npg_AbC123xyz@ep-x.us-east-2.aws.neon.tech/neondb"))
			.hasToString("jdbc:postgresql://ep-x.us-east-2.aws.neon.tech/neondb?sslmode=require"
					+ " (user alice, password ****)");
	}

	@Test
	void describesConnectionWithUserOnly() {
		assertThat(ConnectionString.parse("postgresql://alice@db.example.com/app"))
			.hasToString("jdbc:postgresql://db.example.com/app (user alice)");
	}

	@Test
	void describesConnectionWithPasswordOnly() {
		assertThat(ConnectionString.parse("postgresql://:npg_AbC123xyz@db.example.com/app"))
			.hasToString("jdbc:postgresql://db.example.com/app (password ****)");
	}

	@Test
	void describesConnectionWithoutCredentials() {
		assertThat(ConnectionString.parse("postgresql://db.example.com/app"))
			.hasToString("jdbc:postgresql://db.example.com/app");
	}

	@Test
	void masksSslpasswordInDescription() {
		ConnectionString connection = ConnectionString
			.parse("postgresql://db.example.com/app?sslkey=%2Fkeys%2Fclient.pk8&sslpassword=npg_KeyPass42");
		assertThat(connection)
			.hasToString("jdbc:postgresql://db.example.com/app?sslkey=%2Fkeys%2Fclient.pk8 (sslpassword ****)");
		assertThat(connection.toJdbcUrl()).doesNotContain("sslpassword").doesNotContain("npg_KeyPass42");
	}

	@Test
	void neverShowsPasswordInDescription() {
		ConnectionString connection = ConnectionString
			.parse("postgresql://alice:npg_p%40ss%3Aw%2Frd%25%3Fx%20y@" + AWS_POOLER + "/neondb");
		assertThat(connection.toString()).doesNotContain("npg_p@ss:w/rd%?x y", "npg_p%40ss%3Aw%2Frd%25%3Fx%20y",
				"npg_p");
	}

}
