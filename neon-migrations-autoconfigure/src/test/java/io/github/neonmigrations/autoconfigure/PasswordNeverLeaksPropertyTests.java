package io.github.neonmigrations.autoconfigure;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import io.github.neonmigrations.connection.ConnectionString;
import io.github.neonmigrations.connection.InvalidConnectionStringException;
import io.github.neonmigrations.connection.Masking;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Property-based: passwords drawn from the whole range of characters, put into every form
 * of connection string the library accepts and into malformed ones, never show in
 * {@code toString}, an exception message, a failure analysis, the masked text or the
 * sanitized actuator value, and parsing throws nothing but
 * {@link InvalidConnectionStringException}. A seeded generator in plain JUnit: the
 * environment variable {@code NEON_PROPERTY_SEED} replays a run (the seed is printed),
 * and {@code NEON_PROPERTY_PASSWORDS} changes its size.
 */
class PasswordNeverLeaksPropertyTests {

	private static final long SEED = Long.parseLong(setting("NEON_PROPERTY_SEED", "20261201"));

	private static final int PASSWORDS = Integer.parseInt(setting("NEON_PROPERTY_PASSWORDS", "7000"));

	private static final String HOST = "ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech";

	// Each form takes the password as given (raw) or percent-encoded (encoded).
	private static final List<Form> FORMS = List.of(
			new Form("libpq, encoded",
					(p) -> "postgresql://alice:" + encode(p) + "@" + HOST + "/neondb?sslmode=require"),
			new Form("libpq, raw", (p) -> "postgresql://alice:" + p + "@" + HOST + "/neondb?sslmode=require"),
			new Form("postgres scheme, raw, with port", (p) -> "postgres://alice:" + p + "@" + HOST + ":5432/neondb"),
			new Form("jdbc password parameter, encoded",
					(p) -> "jdbc:postgresql://" + HOST + "/neondb?user=alice&password=" + encode(p)),
			new Form("jdbc password parameter, raw",
					(p) -> "jdbc:postgresql://" + HOST + "/neondb?user=alice&password=" + p + "&sslmode=require"),
			new Form("libpq password parameter, encoded name",
					(p) -> "postgresql://alice@" + HOST + "/neondb?passwor%64=" + encode(p)),
			new Form("libpq sslpassword, encoded",
					(p) -> "postgresql://alice:pw@" + HOST + "/neondb?sslpassword=" + encode(p)),
			new Form("malformed port", (p) -> "postgresql://alice:" + p + "@" + HOST + ":54x2/neondb"),
			new Form("malformed scheme", (p) -> "postgres//alice:" + p + "@" + HOST + "/neondb"),
			new Form("no scheme", (p) -> "alice:" + p + "@" + HOST + "/neondb"),
			new Form("no host", (p) -> "postgresql://alice:" + p + "@"),
			new Form("bad parameter", (p) -> "postgresql://alice:" + encode(p) + "@" + HOST + "/neondb?sslmode=bogus"),
			new Form("userinfo in a jdbc url", (p) -> "jdbc:postgresql://alice:" + p + "@" + HOST + "/neondb"),
			new Form("libpq keyword form", (p) -> "host=" + HOST + " password='" + p.replace("'", "\\'") + "'"),
			new Form("environment dump", (p) -> "PGPASSWORD=" + p.replace("\n", "")));

	private static SanitizingFunction sanitizer;

	@BeforeAll
	static void sanitizer() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations
				.of(io.github.neonmigrations.autoconfigure.actuate.ConnectionStringSanitizingAutoConfiguration.class))
			.run((context) -> sanitizer = context.getBean(SanitizingFunction.class));
	}

	@Test
	void noPasswordInAnyFormEverShows() {
		Random random = new Random(SEED);
		int cases = 0;
		for (int i = 0; i < PASSWORDS; i++) {
			String password = password(random);
			for (Form form : FORMS) {
				String input = form.render().apply(password);
				if (form.render().apply("").contains(password)) {
					// The rest of the input holds the password by chance: no way to tell
					// it apart.
					continue;
				}
				check(form, input, password);
				cases++;
			}
		}
		System.out.println("PasswordNeverLeaksPropertyTests: " + cases + " cases, seed " + SEED);
		assertThat(cases).isGreaterThanOrEqualTo(PASSWORDS * FORMS.size() * 9 / 10);
	}

	private static void check(Form form, String input, String password) {
		List<String> shown = new ArrayList<>();
		shown.add(Masking.maskConnectionString(input));
		if (form.url() && password.chars().noneMatch(PasswordNeverLeaksPropertyTests::endsAUrlInFreeText)) {
			// Free text can tell a URL only by its "//", and whitespace and quotes end
			// it: a password holding them cannot be told from the text around it. Whole
			// values, such as DATABASE_URL's, are masked whole, as the sanitizer does.
			shown.add(Masking.maskUrls(input));
			shown.add(Masking.maskUrls("DATABASE_URL=" + input + " was rejected"));
		}
		Object sanitized = sanitizer.apply(new SanitizableData(null, "DATABASE_URL", input)).getValue();
		shown.add(String.valueOf(sanitized));
		try {
			ConnectionString connection = ConnectionString.parse(input);
			shown.add(connection.toString());
			shown.add(connection.toJdbcUrl());
			shown.add(connection.toDirect().toString());
		}
		catch (InvalidConnectionStringException ex) {
			shown.add(ex.getMessage());
			shown.add(ex.maskedInput());
			shown.add(ex.action());
		}
		catch (RuntimeException ex) {
			fail("Parsing " + form.name() + " threw " + ex + " for seed " + SEED);
		}
		try {
			EndpointResolver.parse(input, "DATABASE_URL");
		}
		catch (NeonMigrationsException ex) {
			FailureAnalysis analysis = new NeonMigrationsFailureAnalyzer().analyze(ex, ex);
			shown.add(analysis.getDescription());
			shown.add(analysis.getAction());
			shown.add(String.valueOf(ex.getMessage()));
		}
		String encoded = encode(password);
		for (String text : shown) {
			if (text.contains(password) || text.contains(encoded)) {
				fail("The password of " + form.name() + " shows in: " + text + " (seed " + SEED + ")");
			}
		}
	}

	/**
	 * 8 to 24 characters from the whole range: URL-special and control characters, ASCII,
	 * and code points up to U+10FFFF, surrogates excepted.
	 */
	private static String password(Random random) {
		String special = "/?@:#&=+%' \"\\\t\n$[]";
		StringBuilder password = new StringBuilder();
		int length = 8 + random.nextInt(17);
		while (password.length() < length) {
			int kind = random.nextInt(4);
			if (kind == 0) {
				password.append(special.charAt(random.nextInt(special.length())));
			}
			else if (kind == 1) {
				password.append((char) (0x20 + random.nextInt(0x5f)));
			}
			else if (kind == 2) {
				password.append((char) random.nextInt(0x20));
			}
			else {
				int codePoint = random.nextInt(0x110000);
				if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
					password.appendCodePoint(codePoint);
				}
			}
		}
		return password.toString();
	}

	private static String setting(String variable, String fallback) {
		String value = System.getenv(variable);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	private static boolean endsAUrlInFreeText(int character) {
		return Character.isWhitespace(character) || "\"'<>`".indexOf(character) >= 0;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * One form of input.
	 *
	 * @param name what it is
	 * @param render the input with the given password in it
	 */
	private record Form(String name, Function<String, String> render) {

		/**
		 * Whether free text shows it as a URL, by its scheme.
		 */
		boolean url() {
			String input = this.render.apply("");
			return input.contains("://") || input.startsWith("postgres//");
		}

	}

}
