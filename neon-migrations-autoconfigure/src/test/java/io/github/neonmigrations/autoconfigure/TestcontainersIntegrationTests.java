package io.github.neonmigrations.autoconfigure;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Testcontainers setup: migrations on a PostgreSQL 17 container through
 * {@code @ServiceConnection(type = FlywayConnectionDetails.class)}, the application on a
 * PgBouncer container in transaction mode. It runs only where Docker exists; the same
 * scenario runs everywhere on the embedded topology, in
 * {@link DirectMigrationIntegrationTests#connectionDetailsBeansAreHonoured}.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(classes = TestApplication.class, properties = "spring.flyway.locations=classpath:db/it/notes")
class TestcontainersIntegrationTests {

	private static final Network network = Network.newNetwork();

	@Container
	@ServiceConnection(type = FlywayConnectionDetails.class)
	static final PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine").withNetwork(network)
		.withNetworkAliases("postgres");

	@Container
	static final GenericContainer<?> pgbouncer = new GenericContainer<>("edoburu/pgbouncer:v1.24.1-p1")
		.withNetwork(network)
		.withEnv("DB_HOST", "postgres")
		.withEnv("DB_USER", "test")
		.withEnv("DB_PASSWORD", "test")
		.withEnv("POOL_MODE", "transaction")
		.withEnv("AUTH_TYPE", "scram-sha-256")
		.withExposedPorts(5432)
		.dependsOn(postgres);

	@DynamicPropertySource
	static void pooledEndpoint(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "jdbc:postgresql://" + pgbouncer.getHost() + ":"
				+ pgbouncer.getMappedPort(5432) + "/test?prepareThreshold=0");
		registry.add("spring.datasource.username", () -> "test");
		registry.add("spring.datasource.password", () -> "test");
	}

	@Autowired
	private JdbcClient jdbc;

	@Test
	void migratesOnPostgresAndServesThroughPgBouncer() {
		assertThat(this.jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Long.class).single())
			.isEqualTo(2);
		// The application's backend was opened by PgBouncer, so its client is PgBouncer's
		// container on the shared network, not the test JVM through a mapped port.
		String pgBouncerAddress = pgbouncer.getContainerInfo()
			.getNetworkSettings()
			.getNetworks()
			.values()
			.stream()
			.filter((settings) -> network.getId().equals(settings.getNetworkID()))
			.map((settings) -> settings.getIpAddress())
			.findFirst()
			.orElseThrow();
		assertThat(this.jdbc.sql("SELECT host(inet_client_addr())").query(String.class).single())
			.isEqualTo(pgBouncerAddress);
		assertThat(this.jdbc.sql("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")
			.query(String.class)
			.single()).isNotEqualTo("neon-migrations");
	}

}
