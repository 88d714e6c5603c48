package io.github.neonmigrations.connection;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Inputs a new user or an attacker produces: passwords that are not percent-encoded,
 * percent-encoded parameter names, secret parameters, host names in odd spellings,
 * control characters, and text built to make masking slow.
 */
class HostileInputTests {

	private static final String BASE64_PASSWORD = "Zm9v/YmFy+Yg==";

	private static final String BASE64_URL = "postgresql://app:" + BASE64_PASSWORD
			+ "@ep-x-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require";

	@Test
	void base64PasswordWithAnUnencodedSlashIsNeverShownAndTheFixIsNamed() {
		InvalidConnectionStringException failure = catchThrowableOfType(InvalidConnectionStringException.class,
				() -> ConnectionString.parse(BASE64_URL));
		assertThat(failure.getMessage()).doesNotContain("Zm9v")
			.doesNotContain("YmFy")
			.contains("postgresql://app:****@ep-x-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require")
			.contains("the password contains an unencoded '/': percent-encode it as %2F");
		assertThat(failure.position()).isEqualTo("postgresql://app:".length());
		assertThat(Masking.maskUrls("DATABASE_URL=" + BASE64_URL)).doesNotContain("Zm9v").doesNotContain("YmFy");
	}

	@Test
	void passwordWithAnUnencodedQuestionMarkIsNeverShownAndTheFixIsNamed() {
		InvalidConnectionStringException failure = catchThrowableOfType(InvalidConnectionStringException.class,
				() -> ConnectionString.parse("postgresql://user:p?a=b@host/db"));
		assertThat(failure.getMessage()).doesNotContain("p?a=b")
			.contains("'postgresql://user:****@host/db'")
			.contains("the password contains an unencoded '?': percent-encode it as %3F");
		assertThat(Masking.maskUrls("see user:p?a=b@host/db and postgresql://user:p?a=b@host/db"))
			.isEqualTo("see user:p?a=b@host/db and postgresql://user:****@host/db");
	}

	@Test
	void passwordOfDigitsAndAnUnencodedSlashIsNotTakenForAPort() {
		InvalidConnectionStringException failure = catchThrowableOfType(InvalidConnectionStringException.class,
				() -> ConnectionString.parse("postgresql://user:1234/56@host/db"));
		assertThat(failure.getMessage()).doesNotContain("1234/56").contains("unencoded '/'");
	}

	@Test
	void atSignInAParameterValueIsNotTakenForTheEndOfAPassword() {
		ConnectionString connection = ConnectionString
			.parse("postgresql://db.example.com:5432/app?application_name=me@laptop");
		assertThat(connection.host()).isEqualTo("db.example.com");
		assertThat(connection.port()).isEqualTo(5432);
		assertThat(connection.parameters()).containsEntry("ApplicationName", "me@laptop");
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgresql://alice@db.example.com/app?passwor%64=hunter22",
			"postgresql://alice@db.example.com/app?%70assword=hunter22",
			"postgresql://alice@db.example.com/app?sslpasswor%64=hunter22",
			"jdbc:postgresql://db.example.com/app?user=alice&passwor%64=hunter22" })
	void percentEncodedNameOfASecretParameterIsMaskedAsItIsParsed(String input) {
		assertThat(Masking.maskUrls("url " + input)).doesNotContain("hunter22");
		assertThat(new MaskedInput(input).text()).doesNotContain("hunter22");
		Throwable failure = catchThrowableOfType(InvalidConnectionStringException.class,
				() -> ConnectionString.parse(input + "&sslmode=bogus"));
		assertThat(failure).hasMessageNotContaining("hunter22");
	}

	@Test
	void percentEncodedPasswordParameterIsTheLibpqPassword() {
		ConnectionString connection = ConnectionString
			.parse("postgresql://alice@db.example.com/app?passwor%64=hunter22");
		assertThat(connection.password()).isEqualTo("hunter22");
		assertThat(connection.toString()).doesNotContain("hunter22");
	}

	@Test
	void sslpasswordNeverTravelsInTheJdbcUrl() {
		ConnectionString connection = ConnectionString.parse(
				"postgresql://alice:pw@db.example.com/app?sslmode=require&sslpassword=k3y-s3cret&sslkey=/keys/client.pk8");
		assertThat(connection.toJdbcUrl()).doesNotContain("k3y-s3cret")
			.doesNotContain("sslpassword")
			.contains("sslkey=%2Fkeys%2Fclient.pk8");
		assertThat(connection.secretParameters()).containsExactly(java.util.Map.entry("sslpassword", "k3y-s3cret"));
		assertThat(connection.driverProperties()).containsEntry("user", "alice")
			.containsEntry("password", "pw")
			.containsEntry("sslpassword", "k3y-s3cret");
		assertThat(connection.toString()).doesNotContain("k3y-s3cret").contains("sslpassword ****");
		assertThat(connection.toDirect().toJdbcUrl()).doesNotContain("k3y-s3cret");
	}

	@ParameterizedTest
	@ValueSource(strings = { "EP-COOL-DARKNESS-123456.US-EAST-2.AWS.NEON.TECH",
			"ep-cool-darkness-123456.us-east-2.aws.neon.tech.", "Ep-Cool-Darkness-123456.Us-East-2.Aws.Neon.Tech." })
	void neonHostInAnySpellingGetsNeonsTlsPolicy(String host) {
		assertThat(ConnectionString.parse("postgresql://alice@" + host + "/neondb").parameters())
			.containsEntry("sslmode", "require");
		assertThatExceptionOfType(InvalidConnectionStringException.class)
			.isThrownBy(() -> ConnectionString.parse("postgresql://alice@" + host + "/neondb?sslmode=disable"))
			.withMessageContaining("Neon, which accepts only TLS connections");
	}

	@Test
	void poolerHostInAnySpellingIsAPooler() {
		assertThat(ConnectionString.parse("postgresql://EP-X-POOLER.US-EAST-2.AWS.NEON.TECH./db").isPooler()).isTrue();
	}

	@ParameterizedTest
	@CsvSource({ "connect_timeout=abc, connectTimeout", "connectTimeout=10s, connectTimeout",
			"loginTimeout=x, loginTimeout", "socketTimeout=-1, socketTimeout", "connect_timeout=, connectTimeout" })
	void numericParametersMustBeNumbers(String parameter, String name) {
		assertThatExceptionOfType(InvalidConnectionStringException.class)
			.isThrownBy(() -> ConnectionString.parse("postgresql://db.example.com/app?" + parameter))
			.withMessageContaining(name)
			.withMessageContaining("must be a whole number of seconds");
	}

	@Test
	void numericParametersMustBeNumbersWhenSetLaterToo() {
		assertThatExceptionOfType(InvalidConnectionStringException.class).isThrownBy(
				() -> ConnectionString.parse("postgresql://db.example.com/app").withParameter("loginTimeout", "ten"))
			.withMessageContaining("loginTimeout");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 7, 27, 127, 0x9b })
	void controlCharactersAreRejectedWithTheirPositionAndWithoutThePassword(int codePoint) {
		String input = "postgresql://alice:se" + (char) codePoint + "cret@db.example.com/app";
		InvalidConnectionStringException failure = catchThrowableOfType(InvalidConnectionStringException.class,
				() -> ConnectionString.parse(input));
		assertThat(failure.getMessage()).doesNotContain("se" + (char) codePoint + "cret")
			.doesNotContain("cret")
			.contains("control character U+" + String.format("%04X", codePoint))
			.contains("(in the password)");
		assertThat(failure.position()).isEqualTo("postgresql://alice:".length());
		assertThat(failure.maskedInput()).doesNotContain(String.valueOf((char) codePoint));
	}

	@Test
	void controlCharacterInTheHostIsRejectedWithItsPosition() {
		InvalidConnectionStringException failure = catchThrowableOfType(InvalidConnectionStringException.class,
				() -> ConnectionString.parse("postgresql://db.exam\u0000ple.com/app"));
		assertThat(failure.getMessage()).contains("control character U+0000");
		assertThat(failure.position()).isEqualTo("postgresql://db.exam".length());
	}

	@ParameterizedTest
	@ValueSource(strings = { "a://", "password=", "@://", "x://u:p@", "://:@", "%70assword=", "=", "a://b?c@d/" })
	@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void maskingAMegabyteOfRepetitiveTextFinishes(String unit) {
		String text = unit.repeat(1_000_000 / unit.length());
		String masked = Masking.maskUrls(text);
		assertThat(masked).isNotNull();
		assertThat(new MaskedInput(text).text()).isNotNull();
	}

}
