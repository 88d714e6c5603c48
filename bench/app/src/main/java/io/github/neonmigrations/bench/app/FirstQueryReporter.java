package io.github.neonmigrations.bench.app;

import java.time.Instant;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Runs the first application query once the application is ready and prints one line that
 * the harness reads. Readiness alone would hide work: HikariCP opens its first connection
 * on the first query, not at startup.
 */
@Component
class FirstQueryReporter implements ApplicationListener<ApplicationReadyEvent> {

	/** The start of the line the harness looks for. */
	static final String PREFIX = "BENCH-RESULT";

	private final JdbcClient jdbc;

	FirstQueryReporter(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		Instant ready = Instant.now();
		long applied = this.jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success")
			.query(Long.class)
			.single();
		Instant firstQuery = Instant.now();
		System.out.println(PREFIX + " ready=" + ready.toEpochMilli() + " first-query=" + firstQuery.toEpochMilli()
				+ " applied-migrations=" + applied);
		System.out.flush();
	}

}
