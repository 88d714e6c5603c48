package io.github.neonmigrations.autoconfigure;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.github.neonmigrations.test.FaultProxy;
import io.github.neonmigrations.test.FaultProxy.Fault;
import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.NeonTopologyExtension;
import io.github.neonmigrations.test.ServerLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Startup against a compute that is asleep, waking, or unreachable, with real servers and
 * real faults.
 */
@ExtendWith({ NeonTopologyExtension.class, OutputCaptureExtension.class })
class WakeUpIntegrationTests {

	private NeonDatabase database;

	private FaultProxy proxy;

	@BeforeEach
	void start(NeonTopology topology) throws Exception {
		this.database = topology.createDatabase();
		this.proxy = FaultProxy.start(NeonTopology.DIRECT_HOST, topology.port());
	}

	@AfterEach
	void stop() {
		this.proxy.close();
	}

	@Test
	void migrationsWaitForASuspendedComputeAndRunOnceItAcceptsConnections(NeonTopology topology, CapturedOutput output)
			throws Exception {
		ServerLog.Mark mark = topology.serverLog().mark();
		topology.stopPostgres();
		CompletableFuture<ConfigurableApplicationContext> boot;
		try {
			boot = CompletableFuture.supplyAsync(() -> TestApplication.run("DATABASE_URL=" + this.database.pooledUrl(),
					"spring.flyway.locations=classpath:db/it/notes"));
			// While the compute is suspended the application keeps trying and does not
			// start.
			awaitOutput(output, "not reachable yet (attempt 2,");
			assertThat(boot).isNotDone();
		}
		finally {
			topology.startPostgres();
		}
		try (ConfigurableApplicationContext context = boot.get(60, TimeUnit.SECONDS)) {
			List<ServerLog.Entry> entries = topology.serverLog().since(mark);
			int accepting = lastIndexOf(entries,
					(entry) -> entry.message().contains("database system is ready to accept connections"));
			int migration = firstIndexOf(entries,
					(entry) -> entry.isDirect() && entry.message().startsWith("connection authorized")
							&& this.database.name().equals(entry.database()));
			assertThat(accepting).as("PostgreSQL started again").isNotNegative();
			assertThat(migration).as("the migration connected once PostgreSQL accepted connections")
				.isGreaterThan(accepting);
			assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true");
			assertThat(context.getBean(MigrationOutcome.class).result())
				.hasValueSatisfying((result) -> assertThat(result.connectionRetries()).isGreaterThanOrEqualTo(2));
		}
	}

	@Test
	void endpointThatNeverAnswersFailsAfterTheBudgetWithItsHistory() {
		this.proxy.failNext(Integer.MAX_VALUE, Fault.STALL);
		Throwable failure = catchThrowable(() -> TestApplication.run("DATABASE_URL=" + this.database.pooledUrl(),
				"neon.migrations.url=" + viaProxy("sslmode=require&loginTimeout=1"),
				"neon.migrations.connect-retry.budget=3s", "spring.flyway.locations=classpath:db/it/notes"));
		DirectConnectionException exception = NeonMigrationsAutoConfigurationTests.cause(failure,
				DirectConnectionException.class);
		assertThat(exception.verdict()).isEqualTo(DirectConnectionException.Verdict.BUDGET_SPENT);
		assertThat(exception.attempts()).isGreaterThanOrEqualTo(2);
		assertThat(exception.history().shown()).first()
			.asString()
			.startsWith("attempt 1 at ")
			.endsWith(": connect timeout (08001 Connection attempt timed out.)");
		assertThat(exception.getMessage()).contains("still connect timeout after")
			.doesNotContain(this.database.password());
	}

	@Test
	void wrongPasswordIsTriedExactlyOnce(NeonTopology topology) {
		ServerLog.Mark mark = topology.serverLog().mark();
		Throwable failure = catchThrowable(() -> TestApplication.run("DATABASE_URL=" + this.database.pooledUrl(),
				"neon.migrations.password=not-the-password", "spring.flyway.locations=classpath:db/it/notes"));
		DirectConnectionException exception = NeonMigrationsAutoConfigurationTests.cause(failure,
				DirectConnectionException.class);
		assertThat(exception.attempts()).isOne();
		assertThat(exception.failure()).isEqualTo(ConnectFailure.AUTHENTICATION_FAILED);
		assertThat(exception.getMessage()).contains("authentication failed").contains("Not retried");
		assertThat(topology.serverLog().since(mark))
			.filteredOn((entry) -> entry.isDirect() && entry.message().contains("password authentication failed"))
			.hasSize(1);
	}

	@Test
	void unknownDatabaseIsTriedExactlyOnce() {
		Throwable failure = catchThrowable(() -> TestApplication.run("DATABASE_URL=" + this.database.pooledUrl(),
				"neon.migrations.url=" + this.database.directUrl().replace(this.database.name(), "no_such_database"),
				"spring.flyway.locations=classpath:db/it/notes"));
		DirectConnectionException exception = NeonMigrationsAutoConfigurationTests.cause(failure,
				DirectConnectionException.class);
		assertThat(exception.attempts()).isOne();
		assertThat(exception.getMessage()).contains("unknown database");
	}

	@Test
	void neonWakeErrorsAreRiddenOut(CapturedOutput output) throws Exception {
		this.proxy.failNext(3, Fault.COMPUTE_WAKING);
		try (ConfigurableApplicationContext context = TestApplication.run("DATABASE_URL=" + this.database.pooledUrl(),
				"neon.migrations.url=" + viaProxy("sslmode=prefer"), "spring.flyway.locations=classpath:db/it/notes")) {
			assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true");
		}
		assertThat(this.proxy.acceptedConnections()).isEqualTo(4);
		assertThat(output).contains("not reachable yet (attempt 1,")
			.contains("the compute is waking up; retrying in")
			.containsPattern("Direct endpoint 127\\.0\\.0\\.1 answered after \\d+\\.\\d s and 4 attempts");
	}

	@Test
	void connectionsClosedRightAfterAcceptAreRetried() throws Exception {
		this.proxy.failNext(2, Fault.ACCEPT_THEN_CLOSE);
		try (ConfigurableApplicationContext context = TestApplication.run("DATABASE_URL=" + this.database.pooledUrl(),
				"neon.migrations.url=" + viaProxy("sslmode=require"),
				"spring.flyway.locations=classpath:db/it/notes")) {
			assertThat(this.database.schemaHistory()).containsExactly("1 true", "2 true");
		}
		assertThat(this.proxy.acceptedConnections()).isEqualTo(3);
	}

	private static void awaitOutput(CapturedOutput output, String fragment) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!output.getAll().contains(fragment)) {
			assertThat(System.nanoTime()).as("'%s' logged within 60 s", fragment).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private static int firstIndexOf(List<ServerLog.Entry> entries, Predicate<ServerLog.Entry> test) {
		for (int i = 0; i < entries.size(); i++) {
			if (test.test(entries.get(i))) {
				return i;
			}
		}
		return -1;
	}

	private static int lastIndexOf(List<ServerLog.Entry> entries, Predicate<ServerLog.Entry> test) {
		for (int i = entries.size() - 1; i >= 0; i--) {
			if (test.test(entries.get(i))) {
				return i;
			}
		}
		return -1;
	}

	private String viaProxy(String parameters) {
		return "postgresql://" + this.database.username() + ":"
				+ java.net.URLEncoder.encode(this.database.password(), java.nio.charset.StandardCharsets.UTF_8)
					.replace("+", "%20")
				+ "@127.0.0.1:" + this.proxy.port() + "/" + this.database.name() + "?" + parameters;
	}

}
