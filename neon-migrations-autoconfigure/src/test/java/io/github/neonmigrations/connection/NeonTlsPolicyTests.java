package io.github.neonmigrations.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.neonmigrations.connection.ConnectionStringAssertions.invalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for the TLS rules applied to Neon hosts.
 */
class NeonTlsPolicyTests {

	private static final String AWS_POOLER = "ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech";

	private static final String AWS_DIRECT = "ep-cool-darkness-123456.us-east-2.aws.neon.tech";

	private static final String DEFAULT_JAVA_SSL_FACTORY = "org.postgresql.ssl.DefaultJavaSSLFactory";

	@ParameterizedTest
	@ValueSource(strings = { AWS_POOLER, AWS_DIRECT, "ep-a-1-pooler.c-2.us-east-2.aws.neon.tech",
			"ep-x-9-pooler.eastus2.azure.neon.tech", "EP-X-9.EASTUS2.AZURE.NEON.TECH" })
	void requiresTlsWhenSslmodeIsAbsent(String host) {
		assertThat(ConnectionString.parse("postgresql://alice:pw@" + host + "/neondb").parameters())
			.containsExactly(entry("sslmode", "require"));
	}

	@Test
	void appendsSslmodeAfterGivenParameters() {
		assertThat(ConnectionString.parse("postgresql://alice:pw@" + AWS_POOLER + "/neondb?channel_binding=require")
			.parameters()).containsExactly(entry("channelBinding", "require"), entry("sslmode", "require"));
	}

	@Test
	void requiresTlsForJdbcUrlToo() {
		assertThat(ConnectionString.parse("jdbc:postgresql://" + AWS_DIRECT + "/neondb?user=alice").parameters())
			.containsExactly(entry("sslmode", "require"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "disable", "allow", "prefer" })
	void rejectsSslmodeThatDoesNotGuaranteeTls(String sslMode) {
		String input = "postgresql://alice:pw@" + AWS_POOLER + "/neondb?connect_timeout=5&sslmode=" + sslMode;
		InvalidConnectionStringException ex = invalid(input);
		assertThat(ex.reason())
			.isEqualTo("sslmode=" + sslMode + " is not allowed for Neon, which accepts only TLS connections");
		assertThat(ex.action())
			.isEqualTo("Use sslmode=require, or sslmode=verify-full to also verify the server certificate");
		assertThat(ex.position()).isEqualTo(ex.maskedInput().indexOf("sslmode="));
	}

	@Test
	void rejectsSslmodeDisableInJdbcUrlToo() {
		assertThat(invalid("jdbc:postgresql://" + AWS_DIRECT + "/neondb?sslmode=disable").reason())
			.startsWith("sslmode=disable is not allowed for Neon");
	}

	@Test
	void acceptsSslmodeRequireWithoutAddingSslfactory() {
		assertThat(ConnectionString.parse("postgresql://" + AWS_POOLER + "/neondb?sslmode=require").parameters())
			.containsExactly(entry("sslmode", "require"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "verify-ca", "verify-full" })
	void verifiesCertificateAgainstJdkTrustStore(String sslMode) {
		assertThat(ConnectionString.parse("postgresql://" + AWS_POOLER + "/neondb?sslmode=" + sslMode).parameters())
			.containsExactly(entry("sslmode", sslMode), entry("sslfactory", DEFAULT_JAVA_SSL_FACTORY));
	}

	@Test
	void keepsGivenSslrootcertWhenVerifyingCertificate() {
		assertThat(ConnectionString
			.parse("postgresql://" + AWS_POOLER + "/neondb?sslmode=verify-full&sslrootcert=%2Fcerts%2Froot.crt")
			.parameters()).containsExactly(entry("sslmode", "verify-full"), entry("sslrootcert", "/certs/root.crt"));
	}

	@Test
	void keepsGivenSslfactoryWhenVerifyingCertificate() {
		assertThat(ConnectionString
			.parse("jdbc:postgresql://" + AWS_POOLER + "/neondb?sslmode=verify-ca&sslfactory=com.example.Factory")
			.parameters()).containsExactly(entry("sslmode", "verify-ca"), entry("sslfactory", "com.example.Factory"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "true", "TRUE", "" })
	void readsSslWithoutSslmodeAsVerifyFullAsPgjdbcDoes(String ssl) {
		assertThat(ConnectionString.parse("jdbc:postgresql://" + AWS_DIRECT + "/neondb?ssl=" + ssl).parameters())
			.containsExactly(entry("ssl", ssl), entry("sslmode", "verify-full"),
					entry("sslfactory", DEFAULT_JAVA_SSL_FACTORY));
	}

	@ParameterizedTest
	@ValueSource(strings = { "false", "no" })
	void rejectsSslThatTurnsTlsOffWithoutSslmode(String ssl) {
		InvalidConnectionStringException ex = invalid("jdbc:postgresql://" + AWS_DIRECT + "/neondb?ssl=" + ssl);
		assertThat(ex.reason()).isEqualTo("ssl=" + ssl + " turns TLS off, but Neon accepts only TLS connections");
		assertThat(ex.position()).isEqualTo(ex.maskedInput().indexOf("ssl="));
	}

	@Test
	void letsSslmodeDecideOverSslAsPgjdbcDoes() {
		assertThat(ConnectionString.parse("jdbc:postgresql://" + AWS_DIRECT + "/neondb?ssl=false&sslmode=require")
			.parameters()).containsExactly(entry("ssl", "false"), entry("sslmode", "require"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "db.example.com", "neon.tech.example.com", "myneon.tech", "[2001:db8::1]", "192.0.2.1" })
	void leavesParametersOfNonNeonHostExactlyAsGiven(String host) {
		assertThat(
				ConnectionString.parse("postgresql://" + host + "/app?sslmode=disable&connect_timeout=5").parameters())
			.containsExactly(entry("sslmode", "disable"), entry("connectTimeout", "5"));
	}

	@Test
	void addsNoSslmodeForNonNeonHost() {
		assertThat(ConnectionString.parse("postgresql://db.example.com/app").parameters()).isEmpty();
	}

	@Test
	void addsNoSslfactoryForNonNeonHost() {
		assertThat(ConnectionString.parse("postgresql://db.example.com/app?sslmode=verify-full").parameters())
			.containsExactly(entry("sslmode", "verify-full"));
	}

	@Test
	void rejectsSslmodeDisableSetLater() {
		ConnectionString connection = ConnectionString.parse("postgresql://alice:pw@" + AWS_DIRECT + "/neondb");
		assertThatExceptionOfType(InvalidConnectionStringException.class)
			.isThrownBy(() -> connection.withParameter("sslmode", "disable"))
			.withMessageContaining("sslmode=disable is not allowed for Neon");
	}

	@Test
	void verifiesCertificateAgainstJdkTrustStoreWhenVerifyFullIsSetLater() {
		assertThat(ConnectionString.parse("postgresql://" + AWS_DIRECT + "/neondb")
			.withParameter("sslmode", "verify-full")
			.parameters())
			.containsExactly(entry("sslmode", "verify-full"), entry("sslfactory", DEFAULT_JAVA_SSL_FACTORY));
	}

}
