package io.github.neonmigrations.example;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.NeonTopologyExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the notes service as its own JVM, succeeding and failing, with a distinctive
 * password in {@code DATABASE_URL} (an environment variable) and in
 * {@code neon.migrations.password}, with DEBUG and TRACE logging, and searches every
 * captured byte for the password: the logs, the failure analyses, every actuator response
 * with {@code show-values=always}, and the names of the threads.
 */
@ExtendWith(NeonTopologyExtension.class)
@Tag("slow")
class SecretLeakIntegrationTests {

	private static final String PASSWORD = "Lk7!pr0be@S3cret/%x y#";

	/** A client key's password: a secret parameter that must never travel in a URL. */
	private static final String SSL_KEY_PASSWORD = "SslK3y/Pr0be+Pass==";

	/** What a base64 password looks like when pasted into a URL without encoding. */
	private static final String BASE64_PASSWORD = "TGs3UHIwYmU/S2V5+Yg==";

	private static final List<String> LOGGING = List.of("--logging.level.root=DEBUG",
			"--logging.level.org.postgresql=TRACE", "--logging.level.com.zaxxer.hikari=TRACE",
			"--logging.level.org.flywaydb=TRACE", "--logging.level.io.github.neonmigrations=TRACE",
			"--logging.level.org.springframework.boot=TRACE", "--logging.level.org.springframework.jdbc=TRACE",
			"--logging.level.org.springframework.core.env=TRACE");

	private static NeonDatabase database;

	@TempDir
	static Path outputs;

	@BeforeAll
	static void createDatabase(NeonTopology topology) {
		topology.admin().createRole("leak_probe", PASSWORD);
		NeonDatabase owned = topology.createDatabase();
		topology.admin().execute("ALTER DATABASE " + owned.name() + " OWNER TO leak_probe");
		database = owned.as("leak_probe", PASSWORD);
	}

	@Test
	void noPasswordInLogsActuatorResponsesOrThreadNames() throws Exception {
		int port = freePort();
		List<String> arguments = new ArrayList<>(LOGGING);
		arguments.addAll(List.of("--server.port=" + port, "--neon.migrations.password=" + PASSWORD,
				"--management.endpoints.web.exposure.include=*", "--management.endpoint.env.show-values=always",
				"--management.endpoint.configprops.show-values=always",
				"--management.endpoint.health.show-details=always"));
		Path output = outputs.resolve("succeeding.log");
		Process process = start(
				Map.of("DATABASE_URL", database.pooledUrl() + "&sslpassword=" + encoded(SSL_KEY_PASSWORD)), arguments,
				output);
		StringBuilder captured = new StringBuilder();
		try {
			awaitOutput(process, output, "Started NotesApplication");
			HttpClient http = HttpClient.newHttpClient();
			for (String path : List.of("/actuator/env", "/actuator/env/DATABASE_URL", "/actuator/configprops",
					"/actuator/health", "/actuator/flyway", "/actuator/beans", "/actuator/conditions",
					"/actuator/loggers", "/actuator/metrics", "/actuator/info", "/notes")) {
				HttpResponse<String> response = http.send(
						HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).as(path).isEqualTo(200);
				captured.append(response.body());
			}
			assertThat(captured).as("the env endpoint shows DATABASE_URL, masked")
				.contains("postgresql://leak_probe:****@" + NeonTopology.POOLED_HOST);
			captured.append(threadNames(process));
		}
		finally {
			stop(process);
		}
		captured.append(Files.readString(output));
		assertThat(captured).contains("Migrations: direct connection closed");
		assertNoPassword(captured.toString());
	}

	@Test
	void noPasswordWhenStartupFails() throws Exception {
		int closedPort = freePort();
		Map<String, String> failures = Map.of("unknown database",
				database.pooledUrl().replace("/" + database.name() + "?", "/no_such_database?"), "unreachable",
				"postgresql://leak_probe:" + encoded(PASSWORD) + "@127.0.0.1:" + closedPort + "/db", "malformed",
				"postgresql://leak_probe:" + encoded(PASSWORD) + "@" + NeonTopology.POOLED_HOST + ":54x/db",
				"wrong role", database.pooledUrl().replace("leak_probe:", "nobody:"), "unencoded base64 password",
				"postgresql://leak_probe:" + BASE64_PASSWORD + "@" + NeonTopology.POOLED_HOST
						+ "/neondb?sslmode=require");
		for (Map.Entry<String, String> failure : failures.entrySet()) {
			Path output = outputs.resolve(failure.getKey().replace(' ', '-') + ".log");
			List<String> arguments = new ArrayList<>(LOGGING);
			arguments.addAll(List.of("--server.port=0", "--neon.migrations.connect-retry.budget=1s"));
			Process process = start(Map.of("DATABASE_URL", failure.getValue()), arguments, output);
			assertThat(process.waitFor(90, TimeUnit.SECONDS)).as(failure.getKey() + " ends").isTrue();
			String captured = Files.readString(output);
			assertThat(process.exitValue()).as(failure.getKey() + " fails").isNotZero();
			assertThat(captured).as(failure.getKey()).contains("APPLICATION FAILED TO START");
			assertNoPassword(captured);
		}
	}

	private static void assertNoPassword(String captured) {
		assertThat(captured.length()).isGreaterThan(10_000);
		for (String form : List.of(PASSWORD, encoded(PASSWORD), URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8),
				encoded(PASSWORD).toLowerCase(Locale.ROOT), "pr0be@S3cret", SSL_KEY_PASSWORD, encoded(SSL_KEY_PASSWORD),
				"Pr0be+Pass", BASE64_PASSWORD, "UHIwYmU")) {
			assertThat(captured).as("output and responses").doesNotContain(form);
		}
	}

	private static Process start(Map<String, String> environment, List<String> arguments, Path output)
			throws IOException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
						"-Djdk.net.hosts.file=" + System.getProperty("jdk.net.hosts.file"), "-cp",
						System.getProperty("java.class.path"), NotesApplication.class.getName()));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
		builder.environment().putAll(environment);
		return builder.start();
	}

	private static void awaitOutput(Process process, Path output, String text) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (!Files.readString(output).contains(text)) {
			assertThat(process.isAlive()).as("the application is running:\n" + tail(output)).isTrue();
			assertThat(System.nanoTime()).as("started within 90 s").isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	private static String threadNames(Process process) throws Exception {
		Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				Long.toString(process.pid()), "Thread.print")
			.redirectErrorStream(true)
			.start();
		String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(jcmd.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(dump).contains("Full thread dump");
		return dump;
	}

	private static void stop(Process process) throws InterruptedException {
		process.destroy();
		if (!process.waitFor(20, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
	}

	private static String tail(Path output) throws IOException {
		String text = Files.readString(output);
		return text.substring(Math.max(0, text.length() - 3000));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String encoded(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
