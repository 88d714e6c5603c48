package io.github.neonmigrations.example;

import java.io.IOException;

import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;

/**
 * Runs the notes service against a local Neon-shaped database, for development: embedded
 * PostgreSQL 17 as the direct endpoint and, where {@code pgbouncer} is installed,
 * PgBouncer in transaction mode as the pooled one. Start it with
 * {@code ./mvnw -pl example-app -am -DskipTests spring-boot:test-run}.
 */
public final class TestNotesApplication {

	private static final Log logger = LogFactory.getLog(TestNotesApplication.class);

	private TestNotesApplication() {
	}

	public static void main(String[] args) throws IOException {
		NeonTopology topology = startTopology();
		Runtime.getRuntime().addShutdownHook(new Thread(topology::close, "local-neon-shutdown"));
		NeonDatabase database = topology.createDatabase("neondb");
		String databaseUrl = topology.hasPooler() ? database.pooledUrl() : database.directUrl();
		SpringApplication.from(NotesApplication::main).run(withArgument(args, "--DATABASE_URL=" + databaseUrl));
	}

	private static NeonTopology startTopology() throws IOException {
		if (NeonTopology.isPgBouncerAvailable()) {
			return NeonTopology.start();
		}
		logger.warn("PgBouncer is not installed, so the local database has no pooled endpoint: the application "
				+ "uses the direct endpoint too. Install it with 'apt-get install -y pgbouncer' to see both paths.");
		return NeonTopology.startWithoutPooler();
	}

	private static String[] withArgument(String[] args, String argument) {
		String[] all = new String[args.length + 1];
		all[0] = argument;
		System.arraycopy(args, 0, all, 1, args.length);
		return all;
	}

}
