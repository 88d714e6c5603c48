package io.github.neonmigrations.connection;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.neonmigrations.connection.ConnectionStringAssertions.invalid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that no message shows the password, in any form, whatever is wrong with the
 * input.
 */
class PasswordNeverShownTests {

	private static final String PASSWORD = "npg_Se@cr:e/t%?x y";

	private static final String ENCODED = "npg_Se%40cr%3Ae%2Ft%25%3Fx%20y";

	// A part of the password that no form of it can avoid containing.
	private static final String CORE = "npg_Se";

	@ParameterizedTest
	@ValueSource(strings = {
			// Errors after a well-formed, encoded password
			"postgresql://alice:" + ENCODED + "@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech:99999/neondb",
			"postgresql://alice:" + ENCODED + "@ep-a-1-pooler.c-2.us-east-2.aws.neon.tech/neondb?sslmode=disable",
			"postgresql://alice:" + ENCODED + "@ep-x-9-pooler.eastus2.azure.neon.tech/neondb?currentSchema=app",
			"postgresql://alice:" + ENCODED + "@ep-x-9-pooler.eastus2.azure.neon.tech/neondb?foo=bar",
			"postgresql://alice:" + ENCODED + "@ep-x-9-pooler.eastus2.azure.neon.tech/neondb?x",
			"postgresql://alice:" + ENCODED + "@ep-x-9-pooler.eastus2.azure.neon.tech/neondb?a=1?b=2",
			"postgresql://alice:" + ENCODED + "@ep-x-9-pooler.eastus2.azure.neon.tech/neon%G1db",
			"postgresql://alice:" + ENCODED + "@[2001:db8::1/neondb",
			"postgresql://alice:" + ENCODED + "@h1.example.com,h2.example.com/neondb",
			"postgresql://alice:" + ENCODED + "@/neondb",
			"postgresql://alice:" + ENCODED + "@db.example.com/app?password=other",
			"postgresql://alice:" + ENCODED + "@db.example.com/app ",
			"postgres://alice:" + ENCODED + "@db.example.com/app?target_session_attrs=master",
			"mysql://alice:" + ENCODED + "@db.example.com/app", "http://alice:" + ENCODED + "@db.example.com/app",
			"jdbc:mysql://alice:" + ENCODED + "@db.example.com/app",
			"jdbc:postgresql://alice:" + ENCODED + "@db.example.com/app",
			// Errors in the password itself
			"postgresql://alice:npg_Se%40cr%3Ae%2Ft%25%3Fx%2@db.example.com/app",
			"postgresql://alice:npg_Se%40cr%3Ae%2Ft%G5%3Fx%20y@db.example.com/app",
			"postgresql://alice:npg_Se%40cr%3Ae%2Ft%25%3Fx y@db.example.com/app",
			// Unencoded special characters in the password
			"postgresql://alice:npg_Se@cr:e/t%?x y@db.example.com/app",
			"postgresql://alice:npg_Se@cr:e/t@db.example.com/app", "postgresql://alice:npg_Se?cr@db.example.com/app",
			"postgresql://alice:npg_Se/cr@db.example.com/app", "postgresql://alice:npg_Se%cr@db.example.com/app",
			"postgresql://alice:npg_Se cr@db.example.com/app", "postgresql://alice:npg_Se:cr@db.example.com:x/app",
			// Passwords as parameters
			"jdbc:postgresql://db.example.com/app?user=alice&password=" + ENCODED + "&sslmode=bogus",
			"jdbc:postgresql://db.example.com/app?user=alice&password=npg_Se cr",
			"jdbc:postgresql://db.example.com/app?password=npg_Se?cr",
			"jdbc:postgresql://db.example.com/app?password=npg_Secret&password=npg_Second",
			"jdbc:postgresql://db.example.com/app?password=npg_Se%G1cr",
			"jdbc:postgresql://db.example.com/app?sslpassword=npg_Se%cr",
			"postgresql://db.example.com/app?PASSWORD=npg_Secret",
			"postgresql://db.example.com/app?sslpassword=npg_Secret&sslmode=nope",
			// Malformed schemes
			"postgresql//alice:npg_Secret@db.example.com/app", "postgresql:alice:npg_Secret@db.example.com/app",
			"alice:npg_Secret@db.example.com/app", " postgresql://alice:npg_Secret@db.example.com/app" })
	void neverShowsPassword(String input) {
		InvalidConnectionStringException ex = invalid(input);
		for (String shown : List.of(ex.getMessage(), ex.maskedInput(), ex.reason(), ex.action(), ex.toString())) {
			assertThat(shown).doesNotContain(CORE, PASSWORD, ENCODED, ENCODED.toLowerCase(Locale.ROOT),
					URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8));
		}
		assertThat(ex.maskedInput()).contains("****");
	}

}
