package io.github.neonmigrations.example;

import java.util.List;

import io.github.neonmigrations.test.ConnectionCounts;
import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.NeonTopologyExtension;
import io.github.neonmigrations.test.ServerLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
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

/**
 * Boots the notes service on the Neon-shaped topology with Neon's pooled connection string
 * only, calls its API, and checks from the database's side that migrations ran over the direct
 * endpoint and requests are served over the pool.
 */
@ExtendWith(NeonTopologyExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class NotesApplicationTests {

	private static final NeonTopology topology = NeonTopology.shared();

	private static final NeonDatabase database = topology.createDatabase();

	private static final ServerLog.Mark beforeBoot = topology.serverLog().mark();

	@LocalServerPort
	private int port;

	@Autowired
	private RestClient.Builder restClientBuilder;

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
		assertThat(entries).filteredOn((entry) -> entry.statement() != null
				&& entry.statement().contains("CREATE INDEX CONCURRENTLY notes_tags_idx"))
			.singleElement()
			.satisfies((entry) -> {
				assertThat(entry.isDirect()).isTrue();
				assertThat(entry.applicationName()).isEqualTo("notes-migrations");
			});
		assertThat(entries).filteredOn((entry) -> entry.statement() != null
				&& entry.statement().startsWith("INSERT INTO notes"))
			.isNotEmpty()
			.allSatisfy((entry) -> assertThat(entry.isLocalSocket()).as("served over PgBouncer").isTrue());
		ConnectionCounts direct = topology.directConnectionsSince(beforeBoot);
		assertThat(direct.maxOpenAtOnce()).isEqualTo(1);
		assertThat(direct.openAtEnd()).isZero();
	}

	@Test
	void healthReportsTheApplicationPool() {
		RestClient client = this.restClientBuilder.baseUrl("http://localhost:" + this.port).build();
		assertThat(client.get().uri("/actuator/health").retrieve().body(String.class)).contains("\"UP\"");
	}

}
