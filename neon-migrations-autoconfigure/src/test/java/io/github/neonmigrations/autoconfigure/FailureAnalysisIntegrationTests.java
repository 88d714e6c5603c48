package io.github.neonmigrations.autoconfigure;

import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.NeonTopologyExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Each failure analysis, triggered by the real failure and read as Spring Boot prints it.
 */
@ExtendWith({ NeonTopologyExtension.class, OutputCaptureExtension.class })
class FailureAnalysisIntegrationTests {

	private NeonDatabase database;

	@BeforeEach
	void createDatabase(NeonTopology topology) {
		this.database = topology.createDatabase();
	}

	@Test
	void unreachableAfterTheRetryBudget(CapturedOutput output) throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		boot("neon.migrations.url=postgresql://" + userInfo() + "@127.0.0.1:" + closedPort + "/neondb",
				"neon.migrations.connect-retry.budget=1s");
		assertAnalysis(output, "could not be reached within the retry budget", "connection refused",
				"from neon.migrations.url", "port 5432 is blocked by a firewall", "Wake the compute",
				"Try another network", "Check firewall rules", "Set the direct URL explicitly",
				"./mvnw neon-migrations:new", "--neon.migrations.command=migrate");
	}

	@Test
	void authenticationFailed(CapturedOutput output) {
		boot("neon.migrations.password=not-the-password");
		assertAnalysis(output, "Authentication failed for role 'neondb_owner' on the direct endpoint",
				NeonTopology.DIRECT_HOST, "derived from DATABASE_URL", "Check the password of role 'neondb_owner'");
		assertThat(output).doesNotContain("not-the-password");
	}

	@Test
	void unknownDatabase(CapturedOutput output) {
		boot("neon.migrations.url=" + this.database.directUrl().replace(this.database.name(), "no_such_database"));
		assertAnalysis(output, "The database 'no_such_database' does not exist on the direct endpoint",
				"from neon.migrations.url", "create the database");
	}

	@Test
	void tlsFailure(CapturedOutput output) {
		boot("neon.migrations.url=" + this.database.directUrl().replace("sslmode=require", "sslmode=verify-full"));
		assertAnalysis(output, "The TLS handshake or SCRAM channel binding with the direct endpoint",
				"Neon accepts only TLS", "42.7.12");
	}

	@Test
	void unknownHost(CapturedOutput output) {
		boot("neon.migrations.url=postgresql://" + userInfo() + "@ep-nowhere-000000.us-east-2.aws.neon.tech/neondb");
		assertAnalysis(output, "cannot be resolved", "ep-nowhere-000000.us-east-2.aws.neon.tech",
				"Check the host in the connection string");
	}

	@Test
	void poolerAsMigrationUrl(CapturedOutput output) {
		boot("neon.migrations.url=" + this.database.pooledUrl());
		assertAnalysis(output, "Migrations would run through a connection pooler", NeonTopology.POOLED_HOST,
				"session advisory lock", "set neon.migrations.url (or DATABASE_URL_MIGRATIONS)");
	}

	@Test
	void pooledUrlWithStartupParametersThePoolerRejects(CapturedOutput output) {
		bootWithDatabaseUrl(this.database.pooledUrl() + "&options=-c%20search_path%3Dapp");
		assertAnalysis(output, "DATABASE_URL is invalid", "options", "unsupported startup parameter");
	}

	@Test
	void malformedConnectionString(CapturedOutput output) {
		bootWithDatabaseUrl(
				"postgresql://neondb_owner:" + encodedPassword() + "@" + NeonTopology.POOLED_HOST + ":54x2/neondb");
		assertAnalysis(output, "DATABASE_URL is invalid", "port", "position", "****");
	}

	@Test
	void failingTransactionalMigration(CapturedOutput output) {
		boot("spring.flyway.locations=classpath:db/it/failing-transactional");
		assertAnalysis(output, "Migration V2__broken.sql (version 2) failed on the direct endpoint", "SQLState 42601",
				"syntax error", "position", "rolled it back", "nothing needs repair");
	}

	@Test
	void failingNonTransactionalMigration(CapturedOutput output) {
		boot("spring.flyway.locations=classpath:db/it/failing-concurrently");
		assertAnalysis(output, "Migration V2__unique_title.sql (version 2) failed", "SQLState 23505",
				"could not run in a transaction", "DROP INDEX CONCURRENTLY", "--neon.migrations.command=repair");
	}

	private void boot(String... properties) {
		List<String> all = new ArrayList<>(List.of("DATABASE_URL=" + this.database.pooledUrl()));
		if (Arrays.stream(properties).noneMatch((property) -> property.startsWith("spring.flyway.locations"))) {
			all.add("spring.flyway.locations=classpath:db/it/notes");
		}
		all.addAll(List.of(properties));
		Throwable failure = catchThrowable(() -> TestApplication.run(all.toArray(String[]::new)).close());
		assertThat(failure).as("startup must fail").isNotNull();
	}

	private void bootWithDatabaseUrl(String databaseUrl) {
		Throwable failure = catchThrowable(() -> TestApplication
			.run("DATABASE_URL=" + databaseUrl, "spring.flyway.locations=classpath:db/it/notes")
			.close());
		assertThat(failure).as("startup must fail").isNotNull();
	}

	private void assertAnalysis(CapturedOutput output, String... fragments) {
		String report = output.getAll();
		int start = report.indexOf("APPLICATION FAILED TO START");
		assertThat(start).as("failure analysis printed").isNotNegative();
		String analysis = report.substring(start);
		assertThat(analysis).contains("Description:").contains("Action:").contains(fragments);
		assertThat(report).doesNotContain(this.database.password()).doesNotContain(encodedPassword());
	}

	private String userInfo() {
		return this.database.username() + ":" + encodedPassword();
	}

	private String encodedPassword() {
		return URLEncoder.encode(this.database.password(), StandardCharsets.UTF_8).replace("+", "%20");
	}

}
