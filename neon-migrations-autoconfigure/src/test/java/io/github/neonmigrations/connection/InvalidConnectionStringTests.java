package io.github.neonmigrations.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.neonmigrations.connection.ConnectionStringAssertions.invalid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the rejection of malformed connection strings.
 */
class InvalidConnectionStringTests {

	private static final String ACCEPTED_FORMS = "Use postgresql://user:password@host/database (postgres:// works"
			+ " too) or jdbc:postgresql://host/database?user=...&password=...";

	@Test
	void isIllegalArgumentException() {
		assertThat(invalid("mysql://db.example.com/app")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void formatsMessageFromMaskedInputReasonAndPosition() {
		InvalidConnectionStringException ex = invalid("postgresql://alice:npg_AbC123xyz@db.example.com:abc/app");
		assertThat(ex.maskedInput()).isEqualTo("postgresql://alice:****@db.example.com:abc/app");
		assertThat(ex.reason()).isEqualTo("the port must be a number from 1 to 65535");
		assertThat(ex.position()).isEqualTo(39);
		assertThat(ex).hasMessage("Invalid connection string 'postgresql://alice:****@db.example.com:abc/app': "
				+ "the port must be a number from 1 to 65535 (at position 39)");
	}

	@Test
	void formatsMessageWithoutPositionWhenNoneIsKnown() {
		assertThat(invalid("")).hasMessage("Invalid connection string '': it is empty")
			.satisfies((ex) -> assertThat(((InvalidConnectionStringException) ex).position()).isEqualTo(-1));
	}

	@Test
	void rejectsNull() {
		InvalidConnectionStringException ex = invalid(null);
		assertThat(ex).hasMessage("Invalid connection string '': no connection string was given (it is null)");
		assertThat(ex.maskedInput()).isEmpty();
		assertThat(ex.action()).startsWith("Set the connection string, e.g. postgresql://");
	}

	@Test
	void rejectsEmptyString() {
		InvalidConnectionStringException ex = invalid("");
		assertThat(ex.reason()).isEqualTo("it is empty");
		assertThat(ex.action()).startsWith("Set the connection string");
	}

	@ParameterizedTest
	@ValueSource(strings = { " ", "   ", "\t", "\n", " \r\n\t " })
	void rejectsBlankString(String input) {
		InvalidConnectionStringException ex = invalid(input);
		assertThat(ex.reason()).isEqualTo("it contains only whitespace");
		assertThat(ex.position()).isEqualTo(-1);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "' postgresql://db.example.com/app'|0", "'postgresql://db.example.com/app '|31",
					"'postgresql://db.example.com/my app'|30", "'postgresql://db.example.com/app?sslmode=require\t'|47",
					"'\tjdbc:postgresql://db.example.com/app'|0",
					"'jdbc:postgresql://db.example.com/app?user=al ice'|44" })
	void rejectsWhitespaceNamingItsPosition(String input, int position) {
		InvalidConnectionStringException ex = invalid(input);
		assertThat(ex.reason())
			.isEqualTo("it contains whitespace at position " + position + "; remove it (often a copy-paste accident)");
		assertThat(ex.position()).isEqualTo(position);
		assertThat(ex.getMessage()).endsWith("remove it (often a copy-paste accident)");
	}

	@Test
	void rejectsWhitespaceInPasswordPointingAtMask() {
		InvalidConnectionStringException ex = invalid("postgresql://alice:npg_Abc 123@db.example.com/app");
		assertThat(ex.maskedInput()).isEqualTo("postgresql://alice:****@db.example.com/app");
		assertThat(ex.reason()).isEqualTo(
				"it contains whitespace at position 19 (in the password); remove it (often a copy-paste accident)");
		assertThat(ex.position()).isEqualTo(19);
	}

	@ParameterizedTest
	@CsvSource({ "mysql://alice@db.example.com/app, mysql", "http://db.example.com/app, http",
			"jdbc:mysql://db.example.com/app, jdbc:mysql", "postgresq://db.example.com/app, postgresq",
			"jdbc:postgres://db.example.com/app, jdbc:postgres" })
	void rejectsUnsupportedScheme(String input, String scheme) {
		InvalidConnectionStringException ex = invalid(input);
		assertThat(ex.reason()).isEqualTo("the scheme '" + scheme + "' is not supported");
		assertThat(ex.action()).isEqualTo(ACCEPTED_FORMS);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ep-cool-darkness-123456.us-east-2.aws.neon.tech/neondb", "neondb",
			"alice:npg_AbC123xyz@db.example.com/app", "//db.example.com/app",
			"db.example.com/app?application_name=http://x" })
	void rejectsInputWithoutScheme(String input) {
		InvalidConnectionStringException ex = invalid(input);
		assertThat(ex.reason()).isEqualTo("it does not start with postgresql://, postgres:// or jdbc:postgresql://");
		assertThat(ex.action()).isEqualTo(ACCEPTED_FORMS);
	}

	@ParameterizedTest
	@CsvSource({ "postgresql:db.example.com/app, postgresql:", "postgres:/db.example.com/app, postgres:",
			"POSTGRESQL:db, POSTGRESQL:" })
	void rejectsSchemeWithoutDoubleSlash(String input, String scheme) {
		InvalidConnectionStringException ex = invalid(input);
		assertThat(ex.reason()).isEqualTo("'" + scheme + "' must be followed by '//'");
		assertThat(ex.position()).isEqualTo(scheme.length());
		assertThat(ex.action()).isEqualTo(ACCEPTED_FORMS);
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgresql://", "postgresql:///neondb", "postgresql://alice:npg_AbC123xyz@/neondb",
			"postgresql://:5432/neondb", "postgresql://?sslmode=require", "postgres://alice@",
			"jdbc:postgresql:///neondb", "jdbc:postgresql://" })
	void rejectsMissingHost(String input) {
		assertThat(invalid(input).reason()).isEqualTo("it has no host");
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdbc:postgresql:neondb", "jdbc:postgresql:", "jdbc:postgresql:/neondb" })
	void rejectsJdbcUrlWithoutDoubleSlashAsMissingHost(String input) {
		InvalidConnectionStringException ex = invalid(input);
		assertThat(ex.reason()).isEqualTo("it has no host; a JDBC URL names it after '//'");
		assertThat(ex.position()).isEqualTo("jdbc:postgresql:".length());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "postgresql://db.example.com/ne%G1ondb|database name|%G1|30",
					"postgresql://db.example.com/neondb%|database name|%|34",
					"postgresql://db.example.com/neondb%4|database name|%4|34",
					"postgresql://al%Zice@db.example.com/app|user name|%Zi|15",
					"postgresql://db.example.com/app?application_name=a%G1|value of application_name|%G1|50",
					"jdbc:postgresql://db.example.com/app?ApplicationName=%|value of ApplicationName|%|53",
					"postgresql://db.example.com/app?connect%5_timeout=1|parameter name|%5_|39" })
	void rejectsInvalidPercentEncodingNamingItAndItsPosition(String input, String part, String sequence, int position) {
		InvalidConnectionStringException ex = invalid(input);
		assertThat(ex.reason()).isEqualTo("the " + part + " contains the invalid percent-encoding '" + sequence
				+ "'; '%' must be followed by two hexadecimal digits");
		assertThat(ex.position()).isEqualTo(position);
		assertThat(ex.action()).contains("%25");
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgresql://alice:npg_Ab%G1c@db.example.com/app",
			"postgresql://alice:npg_Abc%@db.example.com/app", "postgresql://alice:npg_Abc%4@db.example.com/app" })
	void rejectsInvalidPercentEncodingInPasswordWithoutShowingIt(String input) {
		InvalidConnectionStringException ex = invalid(input);
		assertThat(ex.reason()).isEqualTo(
				"the password contains an invalid percent-encoding; '%' must be followed by two hexadecimal digits");
		assertThat(ex.maskedInput()).isEqualTo("postgresql://alice:****@db.example.com/app");
		assertThat(ex.position()).isEqualTo(19);
	}

	@Test
	void rejectsPercentEncodedBytesThatAreNotUtf8() {
		InvalidConnectionStringException ex = invalid("postgresql://db.example.com/caf%E9");
		assertThat(ex.reason()).isEqualTo("the database name contains percent-encoded bytes that are not UTF-8");
		assertThat(ex.position()).isEqualTo(31);
	}

	@ParameterizedTest
	@CsvSource({ "postgresql://db.example.com:abc/app, 28", "postgresql://db.example.com:0/app, 28",
			"postgresql://db.example.com:65536/app, 28", "postgresql://db.example.com:-1/app, 28",
			"postgresql://db.example.com:99999999999/app, 28", "postgresql://db.example.com:54x2/app, 28",
			"postgresql://[::1]:0/app, 19", "jdbc:postgresql://db.example.com:70000/app, 33" })
	void rejectsPortOutOfRangeOrNotNumeric(String input, int position) {
		InvalidConnectionStringException ex = invalid(input);
		assertThat(ex.reason()).isEqualTo("the port must be a number from 1 to 65535");
		assertThat(ex.position()).isEqualTo(position);
		assertThat(ex.action()).contains("5432");
	}

	@Test
	void rejectsEmptyPort() {
		InvalidConnectionStringException ex = invalid("postgresql://db.example.com:/app");
		assertThat(ex.reason()).isEqualTo("the port after ':' is empty");
		assertThat(ex.position()).isEqualTo(28);
	}

	@Test
	void rejectsEmptyPortAfterIpv6Address() {
		InvalidConnectionStringException ex = invalid("postgresql://[::1]:/app");
		assertThat(ex.reason()).isEqualTo("the port after ':' is empty");
		assertThat(ex.position()).isEqualTo(19);
	}

	@Test
	void rejectsSecondQuestionMark() {
		InvalidConnectionStringException ex = invalid(
				"postgresql://db.example.com/app?sslmode=require?connect_timeout=5");
		assertThat(ex.reason()).isEqualTo("it contains a second '?'; only the first one starts the parameters");
		assertThat(ex.position()).isEqualTo(47);
		assertThat(ex.action()).contains("%3F");
	}

	@Test
	void rejectsUnclosedIpv6Bracket() {
		InvalidConnectionStringException ex = invalid("postgresql://alice:npg_AbC123xyz@[2001:db8::1/app");
		assertThat(ex.reason()).isEqualTo("the '[' of the IPv6 address is not closed");
		assertThat(ex.position()).isEqualTo("postgresql://alice:****@".length());
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgresql://[]/app", "postgresql://[db.example.com]/app", "postgresql://[12345]/app",
			"postgresql://[::g]/app" })
	void rejectsBracketsWithoutIpv6Address(String input) {
		InvalidConnectionStringException ex = invalid(input);
		assertThat(ex.reason()).endsWith("is not an IPv6 address");
		assertThat(ex.position()).isEqualTo(14);
	}

	@Test
	void rejectsTextAfterIpv6Address() {
		InvalidConnectionStringException ex = invalid("postgresql://[::1]x/app");
		assertThat(ex.reason()).isEqualTo("only ':' and a port may follow the ']' of the IPv6 address");
		assertThat(ex.position()).isEqualTo(18);
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "postgresql://2001:db8::1/app", "postgresql://::1/app", "jdbc:postgresql://fe80::1:5432/app" })
	void rejectsIpv6AddressWithoutBrackets(String input) {
		assertThat(invalid(input).reason()).isEqualTo("an IPv6 address must be enclosed in brackets");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "postgresql://db_example!.com/app|!|23",
			"postgresql://db.example.com]/app|]|27", "postgresql://db.exa%6Dple.com/app|%|19" })
	void rejectsInvalidCharacterInHost(String input, String character, int position) {
		InvalidConnectionStringException ex = invalid(input);
		assertThat(ex.reason()).isEqualTo("the host contains the invalid character '" + character + "'");
		assertThat(ex.position()).isEqualTo(position);
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgresql://host1.example.com,host2.example.com/app",
			"postgresql://host1.example.com:5432,host2.example.com:5433/app",
			"jdbc:postgresql://host1.example.com,host2.example.com/app", "jdbc:postgresql://[::1],[::2]/app" })
	void rejectsMultipleHosts(String input) {
		InvalidConnectionStringException ex = invalid(input);
		assertThat(ex.reason()).isEqualTo("multiple hosts are not supported; give one host");
		assertThat(ex.position()).isEqualTo(input.indexOf(','));
	}

	@Test
	void rejectsParameterWithoutEqualsSign() {
		InvalidConnectionStringException ex = invalid("postgresql://db.example.com/app?sslmode=require&verbose");
		assertThat(ex.reason()).isEqualTo("a parameter has no '='");
		assertThat(ex.position()).isEqualTo(48);
		assertThat(ex.action()).isEqualTo("Write each parameter as name=value, separated by '&'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgresql://db.example.com/app?=require",
			"jdbc:postgresql://db.example.com/app?connectTimeout=1&=2" })
	void rejectsParameterWithEmptyName(String input) {
		InvalidConnectionStringException ex = invalid(input);
		assertThat(ex.reason()).isEqualTo("a parameter has an empty name");
		assertThat(ex.position()).isEqualTo(input.lastIndexOf('='));
	}

	@Test
	void rejectsCredentialsBeforeHostOfJdbcUrl() {
		InvalidConnectionStringException ex = invalid("jdbc:postgresql://alice:npg_AbC123xyz@db.example.com/app");
		assertThat(ex.reason()).isEqualTo("a JDBC URL takes the user and password as parameters, not before the host");
		assertThat(ex.action()).startsWith("Write jdbc:postgresql://host/database?user=...&password=...");
		assertThat(ex.maskedInput()).isEqualTo("jdbc:postgresql://alice:****@db.example.com/app");
	}

}
