package io.github.neonmigrations.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Masking}.
 */
class MaskingTests {

	@ParameterizedTest
	@ValueSource(strings = { "postgresql", "postgres", "jdbc:postgresql", "http", "redis", "POSTGRESQL" })
	void masksPasswordInUserinfoOfAnyScheme(String scheme) {
		assertThat(Masking.maskUrls("Connecting to " + scheme + "://alice:npg_AbC123@db.example.com:5432/app failed"))
			.isEqualTo("Connecting to " + scheme + "://alice:****@db.example.com:5432/app failed");
	}

	@Test
	void masksPercentEncodedPassword() {
		assertThat(Masking.maskUrls("postgresql://alice:npg_p%40ss%3Aw%2Frd%25%3Fx%20y@"
				+ "ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb"))
			.isEqualTo("postgresql://alice:****@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb");
	}

	@Test
	void masksPasswordUpToLastAtSignOfAuthority() {
		assertThat(Masking.maskUrls("postgresql://alice:p@ss@w0rd@db.example.com/app"))
			.isEqualTo("postgresql://alice:****@db.example.com/app");
	}

	@Test
	void masksPasswordContainingUnencodedSlashOrQuestionMark() {
		assertThat(Masking.maskUrls("postgresql://alice:pa/ss?wd@db.example.com/app?sslmode=require"))
			.isEqualTo("postgresql://alice:****@db.example.com/app?sslmode=require");
	}

	@Test
	void masksPasswordOfEveryUrlInText() {
		assertThat(Masking
			.maskUrls("pooled postgresql://alice:first@ep-a-1-pooler.c-2.us-east-2.aws.neon.tech/neondb, direct "
					+ "postgresql://alice:second@ep-a-1.c-2.us-east-2.aws.neon.tech/neondb"))
			.isEqualTo("pooled postgresql://alice:****@ep-a-1-pooler.c-2.us-east-2.aws.neon.tech/neondb, direct "
					+ "postgresql://alice:****@ep-a-1.c-2.us-east-2.aws.neon.tech/neondb");
	}

	@Test
	void masksPasswordOfAdjacentUrlsSeparately() {
		assertThat(Masking.maskUrls("postgresql://a:one@h1/db,postgresql://b:two@h2/db"))
			.isEqualTo("postgresql://a:****@h1/db,postgresql://b:****@h2/db");
	}

	@Test
	void masksPasswordOfQuotedUrl() {
		assertThat(Masking.maskUrls("url='postgresql://alice:secret@db.example.com/app' is invalid"))
			.isEqualTo("url='postgresql://alice:****@db.example.com/app' is invalid");
	}

	@Test
	void masksPasswordOfIpv6Url() {
		assertThat(Masking.maskUrls("postgresql://alice:secret@[2001:db8::1]:5432/app"))
			.isEqualTo("postgresql://alice:****@[2001:db8::1]:5432/app");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"jdbc:postgresql://db.example.com/app?user=alice&password=npg_AbC123&sslmode=require"
					+ "|jdbc:postgresql://db.example.com/app?user=alice&password=****&sslmode=require",
			"jdbc:postgresql://db.example.com/app?password=npg_AbC123"
					+ "|jdbc:postgresql://db.example.com/app?password=****",
			"postgresql://db.example.com/app?sslpassword=key%20pass&sslmode=verify-full"
					+ "|postgresql://db.example.com/app?sslpassword=****&sslmode=verify-full",
			"jdbc:postgresql://db.example.com/app?PASSWORD=npg_AbC123"
					+ "|jdbc:postgresql://db.example.com/app?PASSWORD=****",
			"connection failed: password=npg_AbC123 user=alice|connection failed: password=**** user=alice",
			"host=db.example.com password='my secret' user=alice|host=db.example.com password='****' user=alice",
			"PGPASSWORD=npg_AbC123 psql|PGPASSWORD=**** psql", "DB_PASSWORD=npg_AbC123 set|DB_PASSWORD=**** set" })
	void masksPasswordParameters(String text, String masked) {
		assertThat(Masking.maskUrls(text)).isEqualTo(masked);
	}

	@Test
	void masksPasswordInUserinfoAndParametersOfSameUrl() {
		assertThat(Masking.maskUrls("postgresql://alice:one@db.example.com/app?sslpassword=two"))
			.isEqualTo("postgresql://alice:****@db.example.com/app?sslpassword=****");
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgresql://alice@db.example.com/app", "postgresql://db.example.com:5432/app",
			"jdbc:postgresql://db.example.com/app?user=alice&sslmode=require",
			"postgresql://db.example.com:5432/app?application_name=alice@example.com",
			"jdbc:postgresql://db.example.com:5432/app?user=a@b.example", "postgresql://alice:@db.example.com/app",
			"no URL here", "password= is empty", "mypassword=x is not a parameter", "" })
	void leavesTextWithoutPasswordUnchanged(String text) {
		assertThat(Masking.maskUrls(text)).isEqualTo(text);
	}

	@Test
	void masksSecretEverywhereInText() {
		assertThat(Masking.maskSecret("npg_AbC123 was rejected; npg_AbC123 is wrong", "npg_AbC123"))
			.isEqualTo("**** was rejected; **** is wrong");
	}

	@ParameterizedTest
	@ValueSource(strings = { "p%40ss%3Aw%2Frd%25%3Fx%20y", "p%40ss%3Aw%2Frd%25%3Fx+y", "p%40ss%3aw%2frd%25%3fx%20y",
			"p%40ss%3aw%2frd%25%3fx+y", "p@ss:w/rd%?x y" })
	void masksSecretInEveryEncodedForm(String form) {
		String text = "failed for postgresql://alice:" + form + "@db.example.com/app";
		assertThat(Masking.maskSecret(text, "p@ss:w/rd%?x y"))
			.isEqualTo("failed for postgresql://alice:****@db.example.com/app");
	}

	@Test
	void masksNonAsciiSecretInEncodedForm() {
		assertThat(Masking.maskSecret("password=p%C3%A4ss%E2%82%AC and p%c3%a4ss%e2%82%ac", "päss€"))
			.isEqualTo("password=**** and ****");
	}

	@Test
	void masksSecretWithoutSpecialCharacters() {
		assertThat(Masking.maskSecret("token abc123 expired", "abc123")).isEqualTo("token **** expired");
	}

	@Test
	void masksSecretThatLooksLikeMaskOnce() {
		assertThat(Masking.maskSecret("a * b", "*")).isEqualTo("a **** b");
	}

	@Test
	void leavesTextUnchangedForNullSecret() {
		assertThat(Masking.maskSecret("password is secret", null)).isEqualTo("password is secret");
	}

	@Test
	void leavesTextUnchangedForEmptySecret() {
		assertThat(Masking.maskSecret("password is secret", "")).isEqualTo("password is secret");
	}

	@Test
	void leavesTextWithoutSecretUnchanged() {
		assertThat(Masking.maskSecret("nothing to hide", "npg_AbC123")).isEqualTo("nothing to hide");
	}

}
