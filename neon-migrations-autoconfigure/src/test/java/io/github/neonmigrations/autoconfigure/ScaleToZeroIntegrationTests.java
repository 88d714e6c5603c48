package io.github.neonmigrations.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.NeonTopologyExtension;
import io.github.neonmigrations.test.ServerLog;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real HikariCP pool through PgBouncer drains with {@code neon.pool.scale-to-zero}:
 * after the idle timeout PgBouncer holds no client of the application, and no query
 * reaches PostgreSQL, so a Neon compute could suspend. The build runs HikariCP's
 * housekeeping every second ({@code com.zaxxer.hikari.housekeeping.periodMs}) to keep
 * this test short.
 */
@ExtendWith({ NeonTopologyExtension.class, OutputCaptureExtension.class })
@Tag("slow")
class ScaleToZeroIntegrationTests {

	private static final String HOUSEKEEPING = "Before cleanup stats";

	@Test
	void idlePoolLeavesNoClientAndSendsNoQuery(NeonTopology topology, CapturedOutput output) throws Exception {
		NeonDatabase database = topology.createDatabase();
		try (ConfigurableApplicationContext context = TestApplication.run("DATABASE_URL=" + database.pooledUrl(),
				"spring.flyway.locations=classpath:db/it/notes", "neon.pool.scale-to-zero=true",
				"logging.level.com.zaxxer.hikari.pool.HikariPool=DEBUG", "neon.pool.idle-timeout=10s",
				"spring.datasource.hikari.maximum-pool-size=4")) {
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			// Several requests at once, so that the pool opens several connections.
			CompletableFuture
				.allOf(CompletableFuture.runAsync(() -> query(jdbc)), CompletableFuture.runAsync(() -> query(jdbc)),
						CompletableFuture.runAsync(() -> query(jdbc)))
				.join();
			assertThat(clientsOf(topology, database)).isNotEmpty();

			long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
			while (!clientsOf(topology, database).isEmpty()) {
				assertThat(System.nanoTime()).as("the pool drains after its idle timeout").isLessThan(deadline);
				Thread.sleep(500);
			}
			ServerLog.Mark drained = topology.serverLog().mark();
			// A pool that refills or keeps connections alive does so on its housekeeping
			// runs: after two of them, nothing has come back.
			int housekeepingRuns = count(output.getAll(), HOUSEKEEPING);
			long housekeepingDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (count(output.getAll(), HOUSEKEEPING) < housekeepingRuns + 2) {
				assertThat(System.nanoTime()).as("two housekeeping runs within 30 s").isLessThan(housekeepingDeadline);
				Thread.sleep(100);
			}
			assertThat(clientsOf(topology, database)).isEmpty();
			assertThat(topology.serverLog().since(drained))
				.filteredOn((entry) -> database.name().equals(entry.database()) && entry.statement() != null)
				.as("no query reaches PostgreSQL while the pool is drained")
				.isEmpty();
		}
	}

	private static int count(String text, String fragment) {
		int count = 0;
		for (int at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + 1)) {
			count++;
		}
		return count;
	}

	private static void query(JdbcClient jdbc) {
		jdbc.sql("SELECT count(*) FROM notes, pg_sleep(0.2)").query(Long.class).single();
	}

	private static List<String> clientsOf(NeonTopology topology, NeonDatabase database) {
		return topology.pgBouncer()
			.clients()
			.stream()
			.filter((client) -> database.name().equals(client.get("database")))
			.map((client) -> client.get("user") + " " + client.get("state"))
			.toList();
	}

}
