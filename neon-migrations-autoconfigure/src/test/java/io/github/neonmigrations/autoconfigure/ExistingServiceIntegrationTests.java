package io.github.neonmigrations.autoconfigure;

import java.util.List;

import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.NeonTopologyExtension;
import io.github.neonmigrations.test.ServerLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An existing service adds the starter. Its configuration ({@code inventory.properties})
 * says nothing about the database, so its tests run on H2 as before; its production
 * profile maps the platform's {@code DATABASE_URL}, and there it migrates over the direct
 * endpoint.
 */
@ExtendWith({ NeonTopologyExtension.class, OutputCaptureExtension.class })
class ExistingServiceIntegrationTests {

	@Test
	void testsOnH2RunAsTheyDidWithoutTheStarter(CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApplication.run("spring.config.name=inventory")) {
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			jdbc.sql("INSERT INTO items (name) VALUES ('bolt')").update();
			assertThat(jdbc.sql("SELECT count(*) FROM items").query(Long.class).single()).isOne();
			assertThat(jdbc.sql("SELECT H2VERSION()").query(String.class).single()).as("runs on H2").isNotBlank();
			assertThat(context.getBean(MigrationOutcome.class).result()).isEmpty();
		}
		assertThat(output).contains("neon-migrations steps aside").contains("no PostgreSQL URL is configured");
	}

	@Test
	void productionProfileMigratesOverTheDirectEndpoint(NeonTopology topology) throws Exception {
		NeonDatabase database = topology.createDatabase();
		ServerLog.Mark mark = topology.serverLog().mark();
		try (ConfigurableApplicationContext context = TestApplication.run("spring.config.name=inventory",
				"spring.profiles.active=production", "DATABASE_URL=" + database.pooledUrl())) {
			context.getBean(JdbcClient.class).sql("INSERT INTO items (name) VALUES ('bolt')").update();
		}
		List<ServerLog.Entry> entries = topology.serverLog()
			.since(mark)
			.stream()
			.filter((entry) -> database.name().equals(entry.database()) && entry.statement() != null)
			.toList();
		assertThat(entries).filteredOn((entry) -> entry.statement().contains("CREATE TABLE items"))
			.singleElement()
			.satisfies((entry) -> {
				assertThat(entry.isDirect()).isTrue();
				assertThat(entry.applicationName()).isEqualTo("inventory-migrations");
			});
		assertThat(entries).filteredOn((entry) -> entry.statement().startsWith("INSERT INTO items"))
			.singleElement()
			.satisfies((entry) -> assertThat(entry.isLocalSocket()).as("over PgBouncer").isTrue());
		assertThat(database.schemaHistory()).containsExactly("1 true");
	}

}
