package io.github.neonmigrations.connection;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGProperty;

import static io.github.neonmigrations.connection.ConnectionStringAssertions.invalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for the translation of libpq parameters into pgjdbc connection properties.
 */
class ConnectionStringParametersTests {

	private static final String DEFAULT_JAVA_SSL_FACTORY = "org.postgresql.ssl.DefaultJavaSSLFactory";

	@ParameterizedTest
	@CsvSource({ "channel_binding, require, channelBinding", "connect_timeout, 10, connectTimeout",
			"application_name, billing-api, ApplicationName", "sslnegotiation, direct, sslNegotiation",
			"require_auth, scram-sha-256, requireAuth", "gssencmode, disable, gssEncMode" })
	void translatesLibpqParameterToPgjdbcProperty(String libpqName, String value, String pgjdbcName) {
		assertThat(ConnectionString.parse("postgresql://db.example.com/app?" + libpqName + "=" + value).parameters())
			.containsExactly(entry(pgjdbcName, value));
	}

	@ParameterizedTest
	@CsvSource({ "channel_binding, require, channelBinding", "connect_timeout, 10, connectTimeout",
			"application_name, billing-api, ApplicationName", "target_session_attrs, read-write, targetServerType" })
	void translatesLibpqParameterInJdbcUrlToo(String libpqName, String value, String pgjdbcName) {
		assertThat(
				ConnectionString.parse("jdbc:postgresql://db.example.com/app?" + libpqName + "=" + value).parameters())
			.containsOnlyKeys(pgjdbcName);
	}

	@ParameterizedTest
	@CsvSource({ "any, any", "read-write, primary", "primary, primary", "read-only, secondary", "standby, secondary",
			"prefer-standby, preferSecondary" })
	void translatesTargetSessionAttrsToTargetServerType(String libpqValue, String pgjdbcValue) {
		assertThat(ConnectionString.parse("postgresql://db.example.com/app?target_session_attrs=" + libpqValue)
			.parameters()).containsExactly(entry("targetServerType", pgjdbcValue));
	}

	@ParameterizedTest
	@ValueSource(strings = { "read_write", "READ-WRITE", "master", "prefer-primary", "" })
	void rejectsUnsupportedTargetSessionAttrsListingSupportedValues(String value) {
		InvalidConnectionStringException ex = invalid("postgresql://db.example.com/app?target_session_attrs=" + value);
		assertThat(ex.reason()).contains("target_session_attrs=" + value + " is not supported")
			.contains("any, read-write, primary, read-only, standby, prefer-standby");
	}

	@ParameterizedTest
	@MethodSource("pgjdbcProperties")
	void passesEveryPgjdbcPropertyThrough(String name) {
		String value = name.endsWith("Timeout") ? "10" : "require";
		assertThat(ConnectionString.parse("postgresql://db.example.com/app?" + name + "=" + value).parameters())
			.containsExactly(entry(name, value));
	}

	static Stream<String> pgjdbcProperties() {
		Set<String> handledElsewhere = Set.of("user", "password", "PGHOST", "PGPORT", "PGDBNAME");
		return Arrays.stream(PGProperty.values())
			.map(PGProperty::getName)
			.filter((name) -> !handledElsewhere.contains(name));
	}

	@Test
	void passesPgjdbcPropertyThroughInJdbcUrl() {
		assertThat(ConnectionString.parse("jdbc:postgresql://db.example.com/app?prepareThreshold=0&socketTimeout=30")
			.parameters()).containsExactly(entry("prepareThreshold", "0"), entry("socketTimeout", "30"));
	}

	@ParameterizedTest
	@CsvSource({ "host, host", "hostaddr, host", "PGHOST, host", "port, port", "PGPORT, port", "dbname, database",
			"PGDBNAME, database" })
	void rejectsParameterForPartOfUrl(String name, String part) {
		InvalidConnectionStringException ex = invalid("postgresql://db.example.com/app?" + name + "=other");
		assertThat(ex.reason())
			.isEqualTo("the parameter '" + name + "' is not supported; the " + part + " belongs in the URL itself");
		assertThat(ex.position()).isEqualTo("postgresql://db.example.com/app?".length());
	}

	@Test
	void rejectsUnknownParameterNamingItAndListingKnownOnes() {
		InvalidConnectionStringException ex = invalid("postgresql://db.example.com/app?sslmode=require&foo=1");
		assertThat(ex.reason()).startsWith("unknown parameter 'foo'; use one of the libpq parameters ")
			.contains("channel_binding, connect_timeout, application_name, sslnegotiation, require_auth, "
					+ "target_session_attrs")
			.endsWith("or any pgjdbc connection property (e.g. sslfactory, socketTimeout, prepareThreshold)");
		assertThat(ex.position()).isEqualTo("postgresql://db.example.com/app?sslmode=require&".length());
	}

	@ParameterizedTest
	@CsvSource({ "sslMode, sslmode", "SSLMODE, sslmode", "Channel_Binding, channel_binding",
			"connecttimeout, connectTimeout", "applicationName, ApplicationName" })
	void suggestsNameInItsCorrectCase(String given, String suggested) {
		assertThat(invalid("postgresql://db.example.com/app?" + given + "=1").reason()).contains(
				"unknown parameter '" + given + "' (names are case-sensitive; did you mean '" + suggested + "'?)");
	}

	@Test
	void rejectsParameterGivenTwice() {
		InvalidConnectionStringException ex = invalid(
				"postgresql://db.example.com/app?sslmode=require&sslmode=verify-full");
		assertThat(ex.reason()).isEqualTo("the parameter sslmode is given twice");
		assertThat(ex.position()).isEqualTo("postgresql://db.example.com/app?sslmode=require&".length());
	}

	@Test
	void rejectsLibpqAndPgjdbcSpellingOfSameParameter() {
		assertThat(invalid("postgresql://db.example.com/app?channel_binding=require&channelBinding=disable").reason())
			.isEqualTo("the parameter channelBinding is given twice (as channel_binding and channelBinding)");
	}

	@Test
	void rejectsPgjdbcAndLibpqSpellingOfSameParameter() {
		assertThat(invalid("jdbc:postgresql://db.example.com/app?connectTimeout=5&connect_timeout=5").reason())
			.isEqualTo("the parameter connectTimeout is given twice (as connectTimeout and connect_timeout)");
	}

	@Test
	void rejectsUserInUserinfoAndQuery() {
		assertThat(invalid("postgresql://alice@db.example.com/app?user=bob").reason())
			.isEqualTo("the user is given twice, before the host and as user=");
	}

	@Test
	void rejectsPasswordInUserinfoAndQuery() {
		InvalidConnectionStringException ex = invalid(
				"postgresql://alice:first-secret@db.example.com/app?password=second-secret");
		assertThat(ex.reason()).isEqualTo("the password is given twice, before the host and as password=");
		assertThat(ex.getMessage()).doesNotContain("first-secret", "second-secret");
	}

	@Test
	void rejectsUserParameterGivenTwiceInJdbcUrl() {
		assertThat(invalid("jdbc:postgresql://db.example.com/app?user=alice&user=bob").reason())
			.isEqualTo("the parameter user is given twice");
	}

	@Test
	void translatesSslrootcertSystemToJdkTrustStoreWithVerifyFull() {
		assertThat(ConnectionString.parse("postgresql://db.example.com/app?sslrootcert=system").parameters())
			.containsExactly(entry("sslfactory", DEFAULT_JAVA_SSL_FACTORY), entry("sslmode", "verify-full"));
	}

	@Test
	void acceptsSslrootcertSystemWithVerifyFull() {
		assertThat(ConnectionString
			.parse("postgresql://db.example.com/app?sslmode=verify-full&sslrootcert=system&connect_timeout=5")
			.parameters()).containsExactly(entry("sslmode", "verify-full"),
					entry("sslfactory", DEFAULT_JAVA_SSL_FACTORY), entry("connectTimeout", "5"));
	}

	@Test
	void translatesSslrootcertSystemInJdbcUrlToo() {
		assertThat(ConnectionString.parse("jdbc:postgresql://db.example.com/app?sslrootcert=system").parameters())
			.containsExactly(entry("sslfactory", DEFAULT_JAVA_SSL_FACTORY), entry("sslmode", "verify-full"));
	}

	@Test
	void translatesSslrootcertSystemForNeonWithoutWeakeningToRequire() {
		assertThat(ConnectionString
			.parse("postgresql://alice:pw@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb"
					+ "?sslrootcert=system")
			.parameters())
			.containsExactly(entry("sslfactory", DEFAULT_JAVA_SSL_FACTORY), entry("sslmode", "verify-full"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "disable", "allow", "prefer", "require", "verify-ca" })
	void rejectsSslmodeWeakerThanVerifyFullWithSslrootcertSystem(String sslMode) {
		InvalidConnectionStringException ex = invalid(
				"postgresql://db.example.com/app?sslrootcert=system&sslmode=" + sslMode);
		assertThat(ex.reason()).isEqualTo(
				"sslmode=" + sslMode + " is too weak for sslrootcert=system; like libpq, only verify-full is allowed");
		assertThat(ex.action()).isEqualTo("Remove sslmode or set sslmode=verify-full");
		assertThat(ex.position()).isEqualTo("postgresql://db.example.com/app?sslrootcert=system&".length());
	}

	@Test
	void rejectsSslrootcertSystemTogetherWithSslfactory() {
		assertThat(
				invalid("postgresql://db.example.com/app?sslrootcert=system&sslfactory=com.example.Factory").reason())
			.isEqualTo("sslrootcert=system cannot be combined with sslfactory");
	}

	@Test
	void keepsSslrootcertFile() {
		assertThat(ConnectionString.parse("postgresql://db.example.com/app?sslrootcert=%2Fetc%2Fssl%2Froot.crt")
			.parameters()).containsExactly(entry("sslrootcert", "/etc/ssl/root.crt"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "required", "REQUIRE", "verify_full", "true", "" })
	void rejectsInvalidSslmodeListingValidOnes(String sslMode) {
		assertThat(invalid("postgresql://db.example.com/app?sslmode=" + sslMode).reason()).isEqualTo("sslmode="
				+ sslMode + " is not a valid mode; use one of disable, allow, prefer, require, verify-ca, verify-full");
	}

	@ParameterizedTest
	@ValueSource(strings = { "disable", "allow", "prefer", "require", "verify-ca", "verify-full" })
	void acceptsEverySslmodeForNonNeonHost(String sslMode) {
		assertThat(ConnectionString.parse("postgresql://db.example.com/app?sslmode=" + sslMode).parameters())
			.containsExactly(entry("sslmode", sslMode));
	}

}
