package io.github.neonmigrations.example;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.neonmigrations.test.ConnectionCounts;
import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.NeonTopologyExtension;
import io.github.neonmigrations.test.ServerLog;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Boots the notes service on the Neon-shaped topology with Neon's pooled connection
 * string only, calls its API and its JPA repository, and checks from the database's side
 * that migrations ran over the direct endpoint and requests are served over the pool.
 */
@ExtendWith(NeonTopologyExtension.class)
// The actuator endpoints are exposed by the example's own application.yml, as a
// newcomer running it sees them.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class NotesApplicationIntegrationTests {

	private static final NeonTopology topology = NeonTopology.shared();

	private static final NeonDatabase database = topology.createDatabase();

	private static final ServerLog.Mark beforeBoot = topology.serverLog().mark();

	@LocalServerPort
	private int port;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Autowired
	private OrderRepository orders;

	@Autowired
	private EntityManagerFactory entityManagerFactory;

	@DynamicPropertySource
	static void databaseUrl(DynamicPropertyRegistry registry) {
		registry.add("DATABASE_URL", database::pooledUrl);
	}

	@Test
	void servesNotesOverThePoolAfterMigratingOverTheDirectEndpoint() {
		RestClient client = this.restClientBuilder.baseUrl("http://localhost:" + this.port).build();
		Note created = client.post()
			.uri("/notes")
			.contentType(MediaType.APPLICATION_JSON)
			.body(new NewNote("Hello Neon", "first note", List.of("demo")))
			.retrieve()
			.body(Note.class);
		assertThat(created.title()).isEqualTo("Hello Neon");
		assertThat(client.get().uri("/notes?tag=demo").retrieve().body(Note[].class)).extracting(Note::id)
			.containsExactly(created.id());
		assertThat(client.get().uri("/notes/{id}", created.id()).retrieve().body(Note.class).body())
			.isEqualTo("first note");
		HttpStatusCode blankTitle = client.post()
			.uri("/notes")
			.contentType(MediaType.APPLICATION_JSON)
			.body(new NewNote(" ", null, null))
			.exchange((request, response) -> response.getStatusCode());
		assertThat(blankTitle).isEqualTo(HttpStatus.BAD_REQUEST);

		List<ServerLog.Entry> entries = topology.serverLog()
			.since(beforeBoot)
			.stream()
			.filter((entry) -> database.name().equals(entry.database()))
			.toList();
		assertThat(entries)
			.filteredOn((entry) -> entry.statement() != null
					&& entry.statement().contains("CREATE INDEX CONCURRENTLY notes_tags_idx"))
			.singleElement()
			.satisfies((entry) -> {
				assertThat(entry.isDirect()).isTrue();
				assertThat(entry.applicationName()).isEqualTo("notes-migrations");
			});
		assertThat(entries)
			.filteredOn((entry) -> entry.statement() != null && entry.statement().startsWith("INSERT INTO notes"))
			.isNotEmpty()
			.allSatisfy((entry) -> assertThat(entry.isLocalSocket()).as("served over PgBouncer").isTrue());
		ConnectionCounts direct = topology.serverLog().directConnectionsSince(beforeBoot);
		assertThat(direct.maxOpenAtOnce()).isEqualTo(1);
		assertThat(direct.openAtEnd()).isZero();
	}

	@Test
	void healthReportsThePoolAndTheStartupMigrationWithoutOpeningADirectConnection() {
		RestClient client = client();
		ServerLog.Mark beforeProbes = topology.serverLog().mark();
		String health = "";
		for (int probe = 0; probe < 5; probe++) {
			health = client.get().uri("/actuator/health").retrieve().body(String.class);
		}
		DocumentContext json = JsonPath.parse(health);
		assertThat(json.read("$.components.db.status", String.class)).isEqualTo("UP");
		assertThat(json.read("$.components.migrations.status", String.class)).isEqualTo("UP");
		assertThat(json.read("$.components.migrations.details.schemaVersion", String.class)).isEqualTo("6");
		assertThat(json.read("$.components.migrations.details.migrationsApplied", Integer.class)).isEqualTo(6);
		assertThat(json.read("$.components.migrations.details.connectionAttempts", Integer.class)).isEqualTo(1);
		assertThat(json.read("$.components.migrations.details.wakeUpWaitMs", Long.class)).isNotNegative();
		assertThat(json.read("$.components.migrations.details.durationMs", Long.class)).isPositive();
		assertThat(json.read("$.components.migrations.details.endpoint", String.class))
			.startsWith("jdbc:postgresql://" + NeonTopology.DIRECT_HOST)
			.contains("password ****")
			.as("the library read DATABASE_URL itself")
			.endsWith(", derived from DATABASE_URL by removing '-pooler' from the host");
		assertThat(health).doesNotContain(database.password());
		assertThat(topology.serverLog().directConnectionsSince(beforeProbes).opened()).isZero();
	}

	@Test
	void flywayEndpointReadsTheHistoryOverTheDirectEndpoint() {
		ServerLog.Mark beforeRequest = topology.serverLog().mark();
		String flyway = client().get().uri("/actuator/flyway").retrieve().body(String.class);
		assertThat(flyway).contains("V3__index_tags.sql").contains("\"state\":\"SUCCESS\"");
		List<ServerLog.Entry> entries = topology.serverLog().since(beforeRequest);
		assertThat(entries)
			.filteredOn((entry) -> entry.statement() != null && entry.statement().contains("flyway_schema_history"))
			.isNotEmpty()
			.allSatisfy((entry) -> {
				assertThat(entry.isDirect()).isTrue();
				assertThat(entry.applicationName()).isEqualTo("notes-migrations");
			});
		assertThat(topology.serverLog().directConnectionsSince(beforeRequest).openAtEnd()).isZero();
	}

	@Test
	void metricsDescribeTheStartupMigration() {
		RestClient client = client();
		List<String> names = JsonPath.parse(client.get().uri("/actuator/metrics").retrieve().body(String.class))
			.read("$.names");
		assertThat(names).filteredOn((name) -> name.startsWith("neon.migrations."))
			.contains("neon.migrations.duration", "neon.migrations.connection.attempts",
					"neon.migrations.connection.retries", "neon.migrations.wakeup");
		assertThat(client.get().uri("/actuator/metrics/neon.migrations.duration").retrieve().body(String.class))
			.contains("\"statistic\":\"COUNT\",\"value\":1.0");
		assertThat(
				client.get().uri("/actuator/metrics/neon.migrations.connection.attempts").retrieve().body(String.class))
			.contains("\"statistic\":\"COUNT\",\"value\":1.0");
		assertThat(
				client.get().uri("/actuator/metrics/neon.migrations.connection.retries").retrieve().body(String.class))
			.contains("\"statistic\":\"COUNT\",\"value\":0.0");
		assertThat(client.get().uri("/actuator/metrics/neon.migrations.wakeup").retrieve().body(String.class))
			.contains("\"statistic\":\"COUNT\",\"value\":1.0");
		client.get().uri("/notes").retrieve().body(String.class);
		assertThat(client.get().uri("/actuator/metrics/hikaricp.connections.max").retrieve().body(String.class))
			.as("HikariCP's pool metrics remain")
			.contains("\"value\":10.0");
	}

	@Test
	void savesAnOrderAndItsNoteWithJpaOverThePoolAfterMigratingOverTheDirectEndpoint() throws SQLException {
		assertThat(this.entityManagerFactory.getProperties()).containsEntry("hibernate.hbm2ddl.auto", "validate");
		assertThat(database.schemaHistory()).containsExactly("1 true", "2 true", "3 true", "4 true", "5 true",
				"6 true");
		ServerLog.Mark beforeSave = topology.serverLog().mark();
		Order order = new Order("Ada Lovelace", new BigDecimal("1843.00"));
		order.addNote("Gift wrap", "Analytical Engine notes, first edition");
		long id = this.orders.save(order).getId();

		Order read = this.orders.findWithNotesById(id).orElseThrow();
		assertThat(read.getCustomer()).isEqualTo("Ada Lovelace");
		assertThat(read.getTotal()).isEqualByComparingTo("1843.00");
		assertThat(read.getCreatedAt()).isNotNull();
		assertThat(read.getNotes()).singleElement().satisfies((note) -> {
			assertThat(note.getTitle()).isEqualTo("Gift wrap");
			assertThat(note.getOrder()).isSameAs(read);
		});
		Note served = client().get().uri("/notes/{id}", read.getNotes().get(0).getId()).retrieve().body(Note.class);
		assertThat(served.body()).isEqualTo("Analytical Engine notes, first edition");
		assertThat(served.tags()).isEmpty();

		List<ServerLog.Entry> migrations = entriesOf(topology.serverLog().since(beforeBoot));
		assertThat(migrations)
			.filteredOn((entry) -> entry.statement() != null && (entry.statement().contains("CREATE TABLE orders")
					|| entry.statement().contains("CREATE INDEX CONCURRENTLY notes_order_id_idx")))
			.hasSize(2)
			.allSatisfy((entry) -> {
				assertThat(entry.isDirect()).isTrue();
				assertThat(entry.applicationName()).isEqualTo("notes-migrations");
			});
		List<ServerLog.Entry> entries = entriesOf(topology.serverLog().since(beforeSave));
		assertThat(entries)
			.filteredOn((entry) -> entry.statement() != null && (entry.statement().startsWith("insert into orders")
					|| entry.statement().startsWith("insert into notes")))
			.hasSize(2)
			.allSatisfy((entry) -> assertThat(entry.isLocalSocket()).as("saved over PgBouncer").isTrue());
		assertThat(topology.serverLog().directConnectionsSince(beforeSave).opened()).isZero();
	}

	@Test
	void startupFailsWhenTheEntitiesDoNotMatchTheMigratedSchema() {
		NeonDatabase olderSchema = topology.createDatabase();
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> SpringApplication.run(NotesApplication.class, "--DATABASE_URL=" + olderSchema.pooledUrl(),
					"--spring.flyway.target=3", "--server.port=0"))
			.havingRootCause()
			.isInstanceOf(SchemaManagementException.class)
			.withMessageContaining("Schema validation: missing");
	}

	private static List<ServerLog.Entry> entriesOf(List<ServerLog.Entry> entries) {
		return entries.stream().filter((entry) -> database.name().equals(entry.database())).toList();
	}

	private RestClient client() {
		return this.restClientBuilder.baseUrl("http://localhost:" + this.port).build();
	}

}
