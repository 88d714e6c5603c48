package io.github.neonmigrations.connection;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for parsing the structure of libpq URIs and pgjdbc URLs with
 * {@link ConnectionString#parse(String)}.
 */
class ConnectionStringParseTests {

	private static final String AWS_POOLER = "ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech";

	private static final String MULTI_LABEL_POOLER = "ep-a-1-pooler.c-2.us-east-2.aws.neon.tech";

	private static final String AZURE_POOLER = "ep-x-9-pooler.eastus2.azure.neon.tech";

	private static final String PASSWORD = "npg_p@ss:w/rd%?x y";

	private static final String ENCODED_PASSWORD = "npg_p%40ss%3Aw%2Frd%25%3Fx%20y";

	@Test
	void parsesPooledUriAsNeonsConsoleShowsIt() {
		ConnectionString connection = ConnectionString.parse("postgresql://neondb_owner:npg_AbC123xyz@" + AWS_POOLER
				+ "/neondb?sslmode=require&channel_binding=require");
		assertThat(connection.username()).isEqualTo("neondb_owner");
		assertThat(connection.password()).isEqualTo("npg_AbC123xyz");
		assertThat(connection.host()).isEqualTo(AWS_POOLER);
		assertThat(connection.port()).isNull();
		assertThat(connection.database()).isEqualTo("neondb");
		assertThat(connection.parameters()).containsExactly(entry("sslmode", "require"),
				entry("channelBinding", "require"));
	}

	@Test
	void acceptsPostgresScheme() {
		ConnectionString connection = ConnectionString.parse("postgres://alice:secret@" + AZURE_POOLER + "/neondb");
		assertThat(connection.host()).isEqualTo(AZURE_POOLER);
		assertThat(connection.username()).isEqualTo("alice");
	}

	@ParameterizedTest
	@ValueSource(strings = { "POSTGRESQL://", "PostgreSQL://", "Postgres://", "POSTGRES://" })
	void acceptsSchemeInAnyCase(String scheme) {
		assertThat(ConnectionString.parse(scheme + "alice@db.example.com/app").host()).isEqualTo("db.example.com");
	}

	@Test
	void decodesPercentEncodedPasswordWithAtColonSlashPercentQuestionMarkAndSpace() {
		ConnectionString connection = ConnectionString
			.parse("postgresql://alice:" + ENCODED_PASSWORD + "@" + MULTI_LABEL_POOLER + "/neondb");
		assertThat(connection.password()).isEqualTo(PASSWORD);
		assertThat(connection.host()).isEqualTo(MULTI_LABEL_POOLER);
	}

	@Test
	void decodesLowerCaseHexEscapes() {
		assertThat(ConnectionString.parse("postgresql://alice:a%2fb%3fc@db.example.com/app").password())
			.isEqualTo("a/b?c");
	}

	@Test
	void decodesPercentEncodedUserName() {
		assertThat(ConnectionString.parse("postgresql://alice%40example.com:pw@db.example.com/app").username())
			.isEqualTo("alice@example.com");
	}

	@Test
	void decodesPercentEncodedUtf8() {
		assertThat(ConnectionString.parse("postgresql://j%C3%BCrgen:p%C3%A4ss%E2%82%AC@db.example.com/app"))
			.satisfies((connection) -> {
				assertThat(connection.username()).isEqualTo("jürgen");
				assertThat(connection.password()).isEqualTo("päss€");
			});
	}

	@Test
	void keepsPlusInUserinfoOfLibpqUriLiterally() {
		assertThat(ConnectionString.parse("postgresql://alice:a+b@db.example.com/app").password()).isEqualTo("a+b");
	}

	@Test
	void endsUserinfoAtLastAtSignInAuthority() {
		ConnectionString connection = ConnectionString.parse("postgresql://alice:p@ss@w0rd@" + AWS_POOLER + "/neondb");
		assertThat(connection.password()).isEqualTo("p@ss@w0rd");
		assertThat(connection.host()).isEqualTo(AWS_POOLER);
	}

	@Test
	void splitsUserFromPasswordAtFirstColon() {
		ConnectionString connection = ConnectionString.parse("postgresql://alice:pa:ss@db.example.com/app");
		assertThat(connection.username()).isEqualTo("alice");
		assertThat(connection.password()).isEqualTo("pa:ss");
	}

	@Test
	void ignoresAtSignInQueryWhenLookingForUserinfo() {
		ConnectionString connection = ConnectionString
			.parse("postgresql://db.example.com/app?application_name=alice@example.com");
		assertThat(connection.host()).isEqualTo("db.example.com");
		assertThat(connection.username()).isNull();
		assertThat(connection.parameters()).containsEntry("ApplicationName", "alice@example.com");
	}

	@Test
	void hasNoPasswordWhenUserinfoHasNoColon() {
		ConnectionString connection = ConnectionString.parse("postgresql://alice@db.example.com/app");
		assertThat(connection.username()).isEqualTo("alice");
		assertThat(connection.password()).isNull();
	}

	@Test
	void treatsEmptyPasswordAsAbsent() {
		assertThat(ConnectionString.parse("postgresql://alice:@db.example.com/app").password()).isNull();
	}

	@Test
	void treatsEmptyUserAsAbsent() {
		ConnectionString connection = ConnectionString.parse("postgresql://:secret@db.example.com/app");
		assertThat(connection.username()).isNull();
		assertThat(connection.password()).isEqualTo("secret");
	}

	@Test
	void hasNoCredentialsWithoutUserinfo() {
		ConnectionString connection = ConnectionString.parse("postgresql://db.example.com/app");
		assertThat(connection.username()).isNull();
		assertThat(connection.password()).isNull();
	}

	@Test
	void parsesPort() {
		ConnectionString connection = ConnectionString.parse("postgresql://alice:pw@" + AWS_POOLER + ":6543/neondb");
		assertThat(connection.port()).isEqualTo(6543);
		assertThat(connection.portOrDefault()).isEqualTo(6543);
		assertThat(connection.host()).isEqualTo(AWS_POOLER);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 5432, 65535 })
	void acceptsPortsFromOneTo65535(int port) {
		assertThat(ConnectionString.parse("postgresql://db.example.com:" + port + "/app").port()).isEqualTo(port);
	}

	@Test
	void parsesPortWithLeadingZeros() {
		assertThat(ConnectionString.parse("postgresql://db.example.com:05432/app").port()).isEqualTo(5432);
	}

	@Test
	void hasNoPortWhenNoneIsGiven() {
		ConnectionString connection = ConnectionString.parse("postgresql://db.example.com/app");
		assertThat(connection.port()).isNull();
		assertThat(connection.portOrDefault()).isEqualTo(5432);
	}

	@Test
	void parsesBracketedIpv6AddressWithoutBrackets() {
		ConnectionString connection = ConnectionString.parse("postgresql://alice:pw@[2001:db8::1]:5433/app");
		assertThat(connection.host()).isEqualTo("2001:db8::1");
		assertThat(connection.port()).isEqualTo(5433);
	}

	@Test
	void parsesBracketedIpv6AddressWithoutPort() {
		ConnectionString connection = ConnectionString.parse("postgresql://[::1]/app");
		assertThat(connection.host()).isEqualTo("::1");
		assertThat(connection.port()).isNull();
	}

	@Test
	void parsesIpv4MappedIpv6Address() {
		assertThat(ConnectionString.parse("postgresql://[::ffff:192.0.2.1]:5432/app").host())
			.isEqualTo("::ffff:192.0.2.1");
	}

	@Test
	void parsesIpv4Address() {
		ConnectionString connection = ConnectionString.parse("postgresql://192.0.2.10:5432/app");
		assertThat(connection.host()).isEqualTo("192.0.2.10");
		assertThat(connection.port()).isEqualTo(5432);
	}

	@Test
	void keepsCaseOfHost() {
		assertThat(ConnectionString.parse("postgresql://EP-Cool-Darkness-123456.US-East-2.aws.neon.tech/neondb").host())
			.isEqualTo("EP-Cool-Darkness-123456.US-East-2.aws.neon.tech");
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgresql://db.example.com", "postgresql://db.example.com/",
			"postgresql://db.example.com?connect_timeout=5", "postgresql://db.example.com/?connect_timeout=5" })
	void hasEmptyDatabaseWhenNoneIsGiven(String input) {
		assertThat(ConnectionString.parse(input).database()).isEmpty();
	}

	@Test
	void decodesDatabaseName() {
		assertThat(ConnectionString.parse("postgresql://db.example.com/my%20db%2Fv2%3F").database())
			.isEqualTo("my db/v2?");
	}

	@Test
	void keepsPlusInDatabaseAndValuesOfLibpqUri() {
		ConnectionString connection = ConnectionString.parse("postgresql://db.example.com/a+b?application_name=c+d");
		assertThat(connection.database()).isEqualTo("a+b");
		assertThat(connection.parameters()).containsEntry("ApplicationName", "c+d");
	}

	@Test
	void decodesParameterValues() {
		assertThat(ConnectionString.parse("postgresql://db.example.com/app?application_name=my%20app%26co%3D1")
			.parameters()).containsEntry("ApplicationName", "my app&co=1");
	}

	@Test
	void decodesParameterNamesOfLibpqUri() {
		assertThat(ConnectionString.parse("postgresql://db.example.com/app?connect%5Ftimeout=5").parameters())
			.containsExactly(entry("connectTimeout", "5"));
	}

	@Test
	void keepsParametersInOrderGiven() {
		ConnectionString connection = ConnectionString
			.parse("postgresql://db.example.com/app?socketTimeout=30&connect_timeout=5&sslmode=require"
					+ "&application_name=app&prepareThreshold=0");
		assertThat(connection.parameters().keySet()).containsExactly("socketTimeout", "connectTimeout", "sslmode",
				"ApplicationName", "prepareThreshold");
	}

	@Test
	void parametersAreUnmodifiable() {
		Map<String, String> parameters = ConnectionString.parse("postgresql://db.example.com/app?sslmode=require")
			.parameters();
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> parameters.put("sslmode", "disable"));
	}

	@Test
	void acceptsEmptyParameterValue() {
		assertThat(ConnectionString.parse("postgresql://db.example.com/app?options=").parameters())
			.containsExactly(entry("options", ""));
	}

	@Test
	void skipsEmptyParameters() {
		assertThat(ConnectionString.parse("postgresql://db.example.com/app?&connect_timeout=5&&sslmode=require&")
			.parameters()).containsExactly(entry("connectTimeout", "5"), entry("sslmode", "require"));
	}

	@Test
	void acceptsQuestionMarkWithoutParameters() {
		assertThat(ConnectionString.parse("postgresql://db.example.com/app?").parameters()).isEmpty();
	}

	@Test
	void movesUserAndPasswordQueryParametersOfLibpqUriToCredentials() {
		ConnectionString connection = ConnectionString
			.parse("postgresql://" + AWS_POOLER + "/neondb?user=alice&password=" + ENCODED_PASSWORD);
		assertThat(connection.username()).isEqualTo("alice");
		assertThat(connection.password()).isEqualTo(PASSWORD);
		assertThat(connection.parameters()).doesNotContainKeys("user", "password");
	}

	@Test
	void parsesJdbcUrlAsNeonsConsoleShowsIt() {
		ConnectionString connection = ConnectionString.parse("jdbc:postgresql://" + AWS_POOLER
				+ "/neondb?user=neondb_owner&password=npg_AbC123xyz&sslmode=require&channelBinding=require");
		assertThat(connection.username()).isEqualTo("neondb_owner");
		assertThat(connection.password()).isEqualTo("npg_AbC123xyz");
		assertThat(connection.host()).isEqualTo(AWS_POOLER);
		assertThat(connection.database()).isEqualTo("neondb");
		assertThat(connection.parameters()).containsExactly(entry("sslmode", "require"),
				entry("channelBinding", "require"));
	}

	@Test
	void decodesJdbcValuesAsPgjdbcDoesWithPlusAsSpace() {
		ConnectionString connection = ConnectionString
			.parse("jdbc:postgresql://db.example.com/my+db?user=alice&password=a+b%2Bc%20d&ApplicationName=x+y");
		assertThat(connection.database()).isEqualTo("my db");
		assertThat(connection.password()).isEqualTo("a b+c d");
		assertThat(connection.parameters()).containsEntry("ApplicationName", "x y");
	}

	@Test
	void decodesEncodedPasswordOfJdbcUrl() {
		assertThat(ConnectionString
			.parse("jdbc:postgresql://" + AZURE_POOLER + "/neondb?user=alice&password=" + ENCODED_PASSWORD)
			.password()).isEqualTo(PASSWORD);
	}

	@Test
	void acceptsUnencodedSpecialCharactersInJdbcValues() {
		assertThat(
				ConnectionString.parse("jdbc:postgresql://db.example.com/app?user=alice&password=p@ss:w/rd").password())
			.isEqualTo("p@ss:w/rd");
	}

	@Test
	void parsesJdbcUrlWithPortAndIpv6() {
		ConnectionString connection = ConnectionString.parse("jdbc:postgresql://[2001:db8::7]:6432/app");
		assertThat(connection.host()).isEqualTo("2001:db8::7");
		assertThat(connection.port()).isEqualTo(6432);
	}

	@Test
	void parsesJdbcUrlWithoutDatabase() {
		ConnectionString connection = ConnectionString.parse("jdbc:postgresql://db.example.com:5432");
		assertThat(connection.database()).isEmpty();
		assertThat(connection.port()).isEqualTo(5432);
	}

	@Test
	void acceptsJdbcPrefixInAnyCase() {
		assertThat(ConnectionString.parse("JDBC:PostgreSQL://db.example.com/app").host()).isEqualTo("db.example.com");
	}

	@Test
	void keepsJdbcUserWithoutPassword() {
		ConnectionString connection = ConnectionString.parse("jdbc:postgresql://db.example.com/app?user=alice");
		assertThat(connection.username()).isEqualTo("alice");
		assertThat(connection.password()).isNull();
		assertThat(connection.parameters()).isEmpty();
	}

	@Test
	void doesNotDecodeParameterNamesOfJdbcUrlAsPgjdbcDoesNot() {
		InvalidConnectionStringException ex = ConnectionStringAssertions
			.invalid("jdbc:postgresql://db.example.com/app?ssl%6Dode=require");
		assertThat(ex.reason()).contains("unknown parameter 'ssl%6Dode'");
	}

}
